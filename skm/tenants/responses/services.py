"""Storing a resident's response: validate everything, then one INSERT; resubmits store nothing.

Used by the resident form, the kiosk, the API and the paper import. Validation collects every
problem (field → messages) so a form can show each message next to its field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Insert, bindparam, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from skm.extensions import db
from skm.platform.accounts.access import CAPABILITIES
from skm.platform.accounts.models import ROLES
from skm.platform.accounts.services import token_digest, where_token_has_role
from skm.platform.agencies.models import Tenant
from skm.platform.data.clock import now
from skm.platform.data.db_types import NUL, utcnow
from skm.tenants.questionnaires.models import Questionnaire
from skm.tenants.questionnaires.services import freeze, freeze_by_id
from skm.tenants.responses import answer_engine
from skm.tenants.responses.models import CHANNELS, Response
from skm.tenants.responses.profile import AGE_MAX, AGE_MIN, CHOICES, COMMENT_MAX, code_for
from skm.tenants.surveys.models import Survey

#: the answer value for "not applicable" (stored as NULL, like an unanswered element)
NOT_APPLICABLE = "na"
#: the membership roles that may store a response through the API (the "edit" capability)
EDIT_ROLES = tuple(role for role in ROLES if role in CAPABILITIES["edit"])


class ResponseInvalid(ValueError):
    """The submission has problems; ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]], status: int = 422):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors
        self.status = status


@dataclass
class Submission:
    """What a resident sent, before validation. ``answers`` maps element code → 1–4, "na" or None."""

    answers: dict[str, Any]
    service_type_id: Any = None
    gender: Any = None
    age: Any = None
    education: Any = None
    occupation: Any = None
    comment: Any = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def local_today(tenant: Tenant) -> date:
    return now().astimezone(ZoneInfo(tenant.timezone)).date()


def validate(survey: Survey, submission: Submission, *, require_all: bool = True) -> dict[str, Any]:
    """Check a submission against the survey; return the Response column values or raise."""
    values: dict[str, Any] = {}
    _check_answers(survey.questionnaire, submission, values, require_all)
    _check_profile(survey, submission, values)
    comment = (submission.comment or "").strip() if isinstance(submission.comment, str | type(None)) else None
    if comment is None:
        submission.fail("comment", "Comment must be text.")
    elif len(comment) > COMMENT_MAX:
        submission.fail("comment", f"Comment is too long ({len(comment)} characters; at most {COMMENT_MAX}).")
    elif NUL in comment:  # PostgreSQL text cannot hold it (paper imports and forms come here unchecked)
        submission.fail("comment", "Comment may not contain NUL characters.")
    values["comment"] = comment or None
    if submission.errors:
        raise ResponseInvalid(submission.errors)
    return values


def submit_response(survey: Survey, tenant: Tenant, submission: Submission, *, channel: str,
                    submission_key: str | None = None, require_all: bool = True) -> Response | None:
    """Store one response to an open survey; None when ``submission_key`` was already used."""
    if not survey.is_open:
        raise ResponseInvalid({"survey": ["This survey is not open for answers."]}, status=409)
    values = validate(survey, submission, require_all=require_all)
    return store(survey, values, channel=channel, submitted_on=local_today(tenant), submission_key=submission_key)


def store(survey: Survey, values: dict[str, Any], *, channel: str, submitted_on: date,
          submission_key: str | None = None) -> Response | None:
    """Insert validated values; a duplicate ``submission_key`` inserts nothing and returns None."""
    assert channel in CHANNELS, channel
    response = Response(survey_id=survey.id, questionnaire_id=survey.questionnaire_id, channel=channel,
                        submitted_on=submitted_on, submission_key=submission_key,
                        submitted_at=None if channel == "invitation" else utcnow(), **values)
    freeze(survey.questionnaire)
    if submission_key is None:
        db.session.add(response)
        db.session.flush()
        return response
    return _insert_once(response, survey.tenant_id)


def _insert_once(response: Response, tenant_id: int) -> Response | None:
    """INSERT … ON CONFLICT DO NOTHING RETURNING: one round trip, no savepoint; None for a repeat.

    A repeated ``submission_key`` (double tap, back-and-resubmit) conflicts on the unique index
    and inserts nothing; any other constraint still raises.
    """
    row = {column.key: getattr(response, column.key) for column in Response.__table__.columns
           if column.key != "id" and getattr(response, column.key) is not None}
    statement = _dialect_insert()(Response).values(**row, tenant_id=tenant_id).on_conflict_do_nothing()
    return db.session.scalars(statement.returning(Response)).first()


def store_if_open(survey: Any, values: dict[str, Any], *, channel: str, submitted_on: date,
                  submission_key: str | None, mall_id: int | None = None, token: str | None = None) -> int | None:
    """Insert validated values only while the survey is open on ``submitted_on`` and its tenant active.

    ``survey`` may be a cached definition (skm/tenants/respond/definitions.py): the statement
    itself checks the survey and tenant rows, ``INSERT … SELECT … FROM surveys JOIN platform_tenants
    WHERE … ON CONFLICT DO NOTHING RETURNING id``, in one round trip. With a bearer ``token`` it
    also checks that the token may edit in the tenant (see where_token_has_role). Returns the new
    id, or None when nothing was inserted: a repeated ``submission_key``, a survey no longer open
    or a token refused (the caller tells these apart). ``mall_id`` notes the service mall the answer
    came through. Commits: the INSERT alone, autocommitted, when ``survey.questionnaire.is_frozen`` says
    the questionnaire is frozen already, else with the conditional UPDATE that freezes it, in the
    ORM session's transaction.
    """
    assert channel in CHANNELS, channel
    row = {"tenant_id": survey.tenant_id, "survey_id": survey.id, "questionnaire_id": survey.questionnaire_id,
           "channel": channel, "submitted_on": submitted_on, "submitted_at": utcnow(),
           "submission_key": submission_key, "mall_id": mall_id, **values}
    row = {key: value for key, value in row.items() if value is not None}
    # the ORM session stays unopened
    statement = _insert_if_open(db.engine.dialect.name, tuple(row), token is not None)
    params = {**row, "open_survey": survey.id, "open_on": submitted_on}
    if token is not None:
        params.update(token_hash=token_digest(token), token_now=utcnow())
    if survey.questionnaire.is_frozen:  # nothing else to write: the INSERT alone, autocommitted, in one round trip
        return answer_engine.scalar_alone(statement, params)
    inserted = db.session.scalar(statement, params)
    if inserted is not None:
        freeze_by_id(survey.questionnaire_id)
    db.session.commit()
    return inserted


@lru_cache(maxsize=256)
def _insert_if_open(dialect: str, columns: tuple[str, ...], by_token: bool) -> Insert:
    """The statement of :func:`store_if_open` for one set of non-NULL columns (and token check), built once.

    Every value is a bind parameter named after its column (``open_survey`` and ``open_on`` for
    the conditions), so a submission only binds values: building the statement anew cost about
    as much as the INSERT's round trip. The column sets are few (the optional profile answers
    and comment), hence a small cache.
    """
    table, surveys, tenants = Response.__table__, Survey.__table__, Tenant.__table__
    source = (select(*(bindparam(key, type_=table.c[key].type) for key in columns))
              .select_from(surveys.join(tenants, tenants.c.id == surveys.c.tenant_id))
              .where(surveys.c.id == bindparam("open_survey"), surveys.c.status == "open",
                     tenants.c.status == "active", surveys.c.starts_on <= bindparam("open_on"),
                     surveys.c.ends_on >= bindparam("open_on")))
    if by_token:
        source = where_token_has_role(source, tenants.c.id, EDIT_ROLES)
    return _insert_for(dialect)(table).from_select(list(columns), source).on_conflict_do_nothing().returning(table.c.id)


def _dialect_insert():
    return _insert_for(db.session.get_bind().dialect.name)


def _insert_for(dialect: str):
    return postgresql_insert if dialect == "postgresql" else sqlite_insert


def _check_answers(questionnaire: Questionnaire, submission: Submission, values: dict, require_all: bool) -> None:
    elements = {e.code: e for e in questionnaire.elements}
    for code in submission.answers:
        if code not in elements:
            submission.fail(code, f"Unknown element {code}.")
    answered, total = 0, 0
    for code, element in elements.items():
        raw = submission.answers.get(code)
        score = _score(raw)
        if raw == NOT_APPLICABLE and not element.allow_not_applicable:
            submission.fail(code, "This question cannot be answered “not applicable”.")
        elif raw not in (None, "", NOT_APPLICABLE) and score is None:
            submission.fail(code, "Choose one of the four answers (1–4).")
        elif raw in (None, "") and require_all:
            submission.fail(code, "Please answer this question.")
        values[f"a{element.slot}"] = score
        if score is not None:
            answered, total = answered + 1, total + score
    if answered == 0 and not any(code in submission.errors for code in elements):
        submission.fail("answers", "Answer at least one question.")
    values["answered_count"], values["score_total"] = answered, total


def _score(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int) and 1 <= raw <= 4:
        return raw
    if isinstance(raw, str) and raw.strip() in ("1", "2", "3", "4"):
        return int(raw.strip())
    return None


def _check_profile(survey: Survey, submission: Submission, values: dict) -> None:
    for name, choices in CHOICES.items():
        raw = _blank_to_none(getattr(submission, name))
        code = code_for(name, raw) if isinstance(raw, str) else None
        if raw is not None and code is None:
            submission.fail(name, f"Choose one of: {', '.join(choices)}.")
        values[name] = code
    values["age"] = _age(submission)
    values["service_type_id"] = _service_type(survey, submission)


def _age(submission: Submission) -> int | None:
    raw = _blank_to_none(submission.age)
    if raw is None:
        return None
    try:
        age = int(str(raw).strip())
    except ValueError:
        age = None
    if age is None or not AGE_MIN <= age <= AGE_MAX:
        submission.fail("age", f"Age must be a whole number from {AGE_MIN} to {AGE_MAX}.")
        return None
    return age


def _service_type(survey: Survey, submission: Submission) -> int | None:
    raw = _blank_to_none(submission.service_type_id)
    if raw is None:
        return None
    allowed = {st.id for st in survey.service_types}
    try:
        service_type_id = int(str(raw))
    except ValueError:
        service_type_id = None
    if service_type_id not in allowed:
        submission.fail("service_type", "Choose one of the survey's service types.")
        return None
    return service_type_id


def _blank_to_none(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value.strip() if isinstance(value, str) else value

"""Residents' comments for staff: read (contacts masked), filter, tag, mark handled, approve.

A comment is the ``comment`` of one response; its id is the response's id. Staff see the day it
was given, the service type and the grades the resident gave (never a profile or anything else
that could identify them); email addresses and phone numbers are masked as in the reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, String, and_, cast, func, or_, select
from sqlalchemy.exc import IntegrityError

from skm.extensions import db
from skm.platform.inputs.errors import InputError
from skm.tenants.comments.models import STATUSES, CommentReview
from skm.tenants.questionnaires.models import MAX_ELEMENTS
from skm.tenants.questionnaires.services import element_slots
from skm.tenants.reports.sanitize import mask_contacts
from skm.tenants.responses.models import Response
from skm.tenants.surveys.models import ServiceType, Survey

MAX_TAGS, TAG_LENGTH = 10, 40
TAG_CHARACTERS = re.compile(r"[^\w -]+")


@dataclass(frozen=True)
class CommentFilter:
    text: str | None = None
    status: str | None = None  # new, handled
    tag: str | None = None
    public: bool | None = None


@dataclass(frozen=True)
class Comment:
    id: int
    text: str  # contacts masked
    answered_on: date
    service_type: str | None
    grades: dict[str, int | None]  # element code -> the resident's answer
    tags: list[str]
    status: str
    public: bool


def comments_of(survey: Survey, chosen: CommentFilter = CommentFilter(), limit: int = 200,
                offset: int = 0) -> list[Comment]:
    """``survey``'s comments, newest first, as ``chosen`` selects."""
    statement = _filtered(_base(survey), chosen).order_by(Response.submitted_on.desc(), Response.id.desc())
    rows = db.session.execute(statement.limit(limit).offset(offset)).all()
    codes = element_slots({row.Response.questionnaire_id for row in rows})
    return [_comment(row.Response, row.CommentReview, row.name, codes) for row in rows]


def count_comments(survey: Survey, chosen: CommentFilter = CommentFilter()) -> int:
    statement = _filtered(_base(survey), chosen).order_by(None)
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def find_comment(survey: Survey, comment_id: int) -> Comment | None:
    row = db.session.execute(_base(survey).where(Response.id == comment_id)).first()
    if row is None:
        return None
    return _comment(row.Response, row.CommentReview, row.name, element_slots({row.Response.questionnaire_id}))


def review_comment(survey: Survey, comment_id: int, data: dict) -> Comment | None:
    """Change a comment's tags, status or publication; None when ``survey`` has no such comment."""
    if find_comment(survey, comment_id) is None:
        return None
    review = _review_row(comment_id)
    if "tags" in data:
        review.tags = _tags(data["tags"])
    if "status" in data:
        if data["status"] not in STATUSES:
            raise InputError("status", _l("Status harus salah satu dari: %(choices)s.", choices=", ".join(STATUSES)))
        review.status = data["status"]
    if "public" in data:
        review.public = bool(data["public"])
    db.session.flush()
    return find_comment(survey, comment_id)


def _review_row(comment_id: int) -> CommentReview:
    """The comment's review row, created on first use (two staff doing so at once both get the one row)."""
    review = db.session.get(CommentReview, comment_id)
    if review is None:
        try:
            with db.session.begin_nested():
                review = CommentReview(response_id=comment_id, tags=[])
                db.session.add(review)
        except IntegrityError:
            review = db.session.get(CommentReview, comment_id, populate_existing=True)
    return review


def public_comments(survey: Survey, limit: int = 50) -> list[Comment]:
    """The comments staff approved for publication."""
    return comments_of(survey, CommentFilter(public=True), limit=limit)


def _tags(values) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    tags = []
    for value in values or []:
        tag = _tag(value)
        if len(tag) > TAG_LENGTH:
            raise InputError("tags", _l("Setiap label paling banyak %(n)s karakter.", n=TAG_LENGTH))
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise InputError("tags", _l("Paling banyak %(n)s label.", n=MAX_TAGS))
    return tags


def _matching_ids(statement: Select, text: str) -> list[int]:
    """The comments whose *masked* text contains ``text`` (any case).

    Searched as staff read them: a search of the stored text would tell, by its count, a masked
    phone number or email address back one character at a time.
    """
    wanted = text.casefold()
    candidates = db.session.execute(statement.with_only_columns(Response.id, Response.comment).order_by(None))
    return [found for found, comment in candidates if wanted in mask_contacts(comment).casefold()]


def _tag(value) -> str:
    """A tag as stored: lower case letters, digits, spaces and dashes."""
    return " ".join(TAG_CHARACTERS.sub(" ", str(value)).lower().split())


def _base(survey: Survey) -> Select:
    return (select(Response, CommentReview, ServiceType.name)
            .outerjoin(CommentReview, CommentReview.response_id == Response.id)
            .outerjoin(ServiceType, ServiceType.id == Response.service_type_id)
            .where(Response.survey_id == survey.id, Response.comment.is_not(None), Response.comment != ""))


def _filtered(statement: Select, chosen: CommentFilter) -> Select:
    if chosen.text:
        statement = statement.where(Response.id.in_(_matching_ids(statement, chosen.text)))
    if chosen.status == "handled":
        statement = statement.where(CommentReview.status == "handled")
    elif chosen.status == "new":
        statement = statement.where(or_(CommentReview.status.is_(None), CommentReview.status == "new"))
    if chosen.public is not None:
        public = and_(CommentReview.public.is_not(None), CommentReview.public)
        statement = statement.where(public if chosen.public else ~public)
    if chosen.tag:
        # tags are plain words (see _tags), so their JSON text holds each one in quotes: portable to SQLite
        statement = statement.where(cast(CommentReview.tags, String).like(f'%"{_tag(chosen.tag)}"%'))
    return statement


def _comment(response: Response, review: CommentReview | None, service_type: str | None,
             codes: dict[int, dict[int, str]]) -> Comment:
    grades = {code: getattr(response, f"a{slot}") for slot, code in codes[response.questionnaire_id].items()
              if slot <= MAX_ELEMENTS}
    return Comment(response.id, mask_contacts(response.comment), response.submitted_on, service_type, grades,
                   list(review.tags) if review else [], review.status if review else "new",
                   bool(review and review.public))

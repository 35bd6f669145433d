"""The follow-up register: add and change items, check them, and find what is overdue.

Runs in the active tenant's scope. Services never commit: pages and the API do.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from skm.extensions import db
from skm.platform.data.db_types import utcnow
from skm.platform.inputs.errors import InputError
from skm.tenants.followups.models import STATUSES, FollowUp
from skm.tenants.responses.models import Response
from skm.tenants.surveys.models import Survey

TEXT_LIMITS = {"title": 200, "owner": 200, "action": 4000, "evidence": 4000}


def followups_of(survey: Survey) -> list[FollowUp]:
    return list(db.session.scalars(select(FollowUp).where(FollowUp.survey_id == survey.id)
                                   .order_by(FollowUp.due_on, FollowUp.id)))


def find_followup(survey: Survey, followup_id: int) -> FollowUp | None:
    return db.session.scalar(select(FollowUp).where(FollowUp.id == followup_id, FollowUp.survey_id == survey.id))


def add_followup(survey: Survey, data: dict) -> FollowUp:
    """A new item of ``survey``'s plan; ``data`` as the API takes it. Flushes."""
    item = FollowUp(survey_id=survey.id, status="planned")
    _apply(item, survey, data, creating=True)
    db.session.add(item)
    db.session.flush()
    return item


def update_followup(item: FollowUp, survey: Survey, data: dict) -> FollowUp:
    _apply(item, survey, data, creating=False)
    db.session.flush()
    return item


def _apply(item: FollowUp, survey: Survey, data: dict, *, creating: bool) -> None:
    for name in ("title", "action", "owner"):
        if creating or name in data:
            setattr(item, name, _text(data.get(name), name, required=True))
    if creating or "due_on" in data:
        if not isinstance(data.get("due_on"), date):
            raise InputError("due_on", _l("Isi tanggal target (YYYY-MM-DD)."))
        item.due_on = data["due_on"]
    if "element" in data:
        item.element = _element(survey, data["element"])
    if "comment_id" in data:
        item.comment_id = _comment(survey, data["comment_id"])
    if "evidence" in data:
        item.evidence = _text(data["evidence"], "evidence", required=False)
    if "status" in data:
        _set_status(item, data["status"])
    elif item.status == "done" and not item.evidence:
        raise InputError("evidence", _l("Tindak lanjut yang selesai harus disertai bukti."))


def _text(value, field: str, *, required: bool) -> str | None:
    text = str(value or "").strip()
    if required and not text:
        raise InputError(field, _l("Wajib diisi."))
    if len(text) > TEXT_LIMITS[field]:
        raise InputError(field, _l("Paling banyak %(n)s karakter.", n=TEXT_LIMITS[field]))
    return text or None


def _element(survey: Survey, code) -> str | None:
    if not code:
        return None
    code = str(code).strip().upper()
    if code not in {element.code for element in survey.questionnaire.elements}:
        raise InputError("element", _l("Unsur %(code)s tidak ada di kuesioner survei ini.", code=code))
    return code


def _comment(survey: Survey, comment_id) -> int | None:
    if comment_id in (None, ""):
        return None
    found = db.session.scalar(select(Response.id).where(
        Response.id == comment_id, Response.survey_id == survey.id, Response.comment.is_not(None)))
    if found is None:
        raise InputError("comment_id", _l("Komentar tidak ditemukan di survei ini."))
    return found


def _set_status(item: FollowUp, status: str) -> None:
    if status not in STATUSES:
        raise InputError("status", _l("Status harus salah satu dari: %(choices)s.", choices=", ".join(STATUSES)))
    if status == "done" and not item.evidence:
        raise InputError("evidence", _l("Tindak lanjut yang selesai harus disertai bukti."))
    if status == "done" and item.status != "done":
        item.done_at = utcnow()
    elif status != "done":
        item.done_at = None
    item.status = status


def overdue_by_survey(today: date) -> dict[int, int]:
    """survey id -> how many of its items are past their due day and not done (surveys with some)."""
    rows = db.session.execute(select(FollowUp.survey_id, func.count()).where(
        FollowUp.status != "done", FollowUp.due_on < today).group_by(FollowUp.survey_id))
    return dict(rows.all())


def previous_plan(survey: Survey) -> tuple[Survey | None, list[FollowUp]]:
    """The plan of the tenant's latest survey that ended before ``survey`` began and has one: what
    became of the previous period's items, for the next period's report."""
    previous = db.session.scalar(
        select(Survey).join(FollowUp, FollowUp.survey_id == Survey.id)
        .where(Survey.id != survey.id, Survey.ends_on < survey.starts_on)
        .order_by(Survey.ends_on.desc(), Survey.id.desc()).limit(1))
    return previous, followups_of(previous) if previous is not None else []

"""Builders for surveys and responses, shared by the test modules (call inside tenant_scope)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import insert

from skm.extensions import db
from skm.tenants.questionnaires.services import standard_questionnaire
from skm.tenants.responses.models import Response
from skm.tenants.surveys.models import ServiceType, Survey, SurveyServiceType


def make_survey(title: str = "SKM 2026", *, status: str = "open", service_types: tuple[str, ...] = (),
                weights: str = "exact", population: int | None = None, questionnaire=None) -> Survey:
    survey = Survey(title=title, questionnaire=questionnaire or standard_questionnaire(),
                    starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), status=status, weights=weights,
                    population=population)
    db.session.add(survey)
    db.session.flush()
    for name in service_types:
        service_type = ServiceType(name=name)
        db.session.add(service_type)
        db.session.flush()
        db.session.add(SurveyServiceType(survey_id=survey.id, service_type_id=service_type.id))
    db.session.flush()
    db.session.refresh(survey)
    return survey


def insert_rows(survey: Survey, rows: list[dict[str, int | None]], tenant_id: int, **extra: Any) -> None:
    """Bulk-insert answer rows keyed by element code (fast path for result tests)."""
    slots = {e.code: e.slot for e in survey.questionnaire.elements}
    values = []
    for row in rows:
        answers = {f"a{slots[code]}": score for code, score in row.items()}
        given = [s for s in row.values() if s is not None]
        values.append({"tenant_id": tenant_id, "survey_id": survey.id, "questionnaire_id": survey.questionnaire_id,
                       "channel": "paper", "submitted_on": extra.get("submitted_on", date(2026, 3, 1)),
                       "answered_count": len(given), "score_total": sum(given), **answers,
                       **{k: v for k, v in extra.items() if k != "submitted_on"}})
    if values:
        db.session.execute(insert(Response), values)


def make_report(survey: Survey, fmt: str = "csv"):
    """A report of ``survey`` built in-process (what the worker does), committed."""
    from skm.tenants.reports.models import Report
    from skm.tenants.reports.services import build

    report = Report(survey_id=survey.id, format=fmt, language="id")
    db.session.add(report)
    db.session.commit()
    build(report.id)
    return db.session.get(Report, report.id)


def image_bytes(width: int = 200, height: int = 100, fmt: str = "PNG") -> bytes:
    """A small solid image in ``fmt`` (PNG, JPEG, GIF …), as an upload would carry it."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (31, 58, 95)).save(buffer, format=fmt)
    return buffer.getvalue()

"""Paper questionnaires: a CSV/XLSX laid out as for ``skm ikm`` plus optional profile columns.

All or nothing: every bad row is reported with its row number and reason, and nothing is stored
until the whole file is clean.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app

from skm.platform.agencies.models import Tenant
from skm.platform.inputs.spreadsheets import AnswerFileError, RowError, read_answer_file
from skm.tenants.questionnaires.services import freeze
from skm.tenants.responses.models import bulk_insert
from skm.tenants.responses.services import ResponseInvalid, Submission, local_today, validate
from skm.tenants.surveys.models import Survey

PROFILE_COLUMNS = ("gender", "age", "education", "occupation", "service_type", "comment")


@dataclass
class ImportResult:
    imported: int
    rejected: list[RowError]


def import_paper_file(survey: Survey, tenant: Tenant, source, filename: str) -> ImportResult:
    """Validate every row of the file (at most ``SKM_IMPORT_ROWS_MAX``); store all rows only when none is rejected."""
    if survey.status == "closed":
        return ImportResult(0, [RowError(0, None, "This survey is closed.")])
    try:
        parsed = read_answer_file(source, filename, survey.questionnaire.element_codes(),
                                  current_app.config["SKM_IMPORT_ROWS_MAX"])
    except AnswerFileError as exc:
        return ImportResult(0, list(exc.errors))
    service_types = {st.name.casefold(): st.id for st in survey.service_types}
    rows, rejected = [], []
    for row in parsed.rows:
        try:
            rows.append(_row_values(survey, row, service_types))
        except ResponseInvalid as exc:
            rejected.extend(RowError(row.line, column, " ".join(messages)) for column, messages in exc.errors.items())
    if rejected:
        return ImportResult(0, rejected)
    _insert(survey, rows, local_today(tenant))
    return ImportResult(len(rows), [])


def _row_values(survey: Survey, row, service_types: dict[str, int]) -> dict:
    extra = {key.strip().lower(): value for key, value in row.extra.items()}
    service_name = (extra.get("service_type") or "").strip()
    submission = Submission(
        answers=row.answers, gender=extra.get("gender"), age=extra.get("age"), education=extra.get("education"),
        occupation=extra.get("occupation"), comment=extra.get("comment"),
        service_type_id=service_types.get(service_name.casefold(), service_name or None))
    return validate(survey, submission, require_all=False)


def _insert(survey: Survey, rows: list[dict], submitted_on: date) -> None:
    freeze(survey.questionnaire)
    common = {"tenant_id": survey.tenant_id, "survey_id": survey.id, "questionnaire_id": survey.questionnaire_id,
              "channel": "paper", "submitted_on": submitted_on}
    bulk_insert([{**common, **values} for values in rows])

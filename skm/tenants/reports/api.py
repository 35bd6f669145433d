"""/api/v1/tenants/<slug>/surveys/<id>/reports: request a report (202), follow it, download the file."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import abort
from sqlalchemy import select

from skm.extensions import db
from skm.platform.api.context import abort_input, require_capability, tenant_blueprint
from skm.platform.inputs.errors import InputError
from skm.tenants.reports.models import MEDIA_TYPES, Report
from skm.tenants.reports.schemas import ReportCreateSchema, ReportSchema
from skm.tenants.reports.services import file_response, find_report, reports_of, request_report
from skm.tenants.surveys.models import Survey

blp = tenant_blueprint("reports_api", __name__, "surveys", "Report files of a survey (PDF, XLSX, CSV, summary)")


def survey_or_404(survey_id: int) -> Survey:
    survey = db.session.scalar(select(Survey).where(Survey.id == survey_id, Survey.tenant_id == g.tenant.id))
    if survey is None:
        abort(404, message="No such survey.")
    return survey


def report_or_404(survey_id: int, report_id: int) -> Report:
    report = find_report(survey_or_404(survey_id).id, report_id)
    if report is None:
        abort(404, message="No such report.")
    return report


@blp.route("/<int:survey_id>/reports")
class Reports(MethodView):
    @blp.response(200, ReportSchema(many=True))
    def get(self, survey_id: int):
        require_capability("view")
        return reports_of(survey_or_404(survey_id))

    @blp.arguments(ReportCreateSchema)
    @blp.response(202, ReportSchema)
    def post(self, data, survey_id: int):
        """Queue a report; an identical one still queued or running is returned instead."""
        require_capability("view")
        survey = survey_or_404(survey_id)
        try:
            report, _ = request_report(survey, data["format"], data["language"], current_user, data.get("dialect"))
        except InputError as exc:
            db.session.rollback()
            abort_input(exc)
        db.session.commit()
        return report


@blp.route("/<int:survey_id>/reports/<int:report_id>")
class ReportById(MethodView):
    @blp.response(200, ReportSchema)
    def get(self, survey_id: int, report_id: int):
        require_capability("view")
        return report_or_404(survey_id, report_id)


@blp.route("/<int:survey_id>/reports/<int:report_id>/file")
class ReportFile(MethodView):
    @blp.doc(responses={"200": {"description": "The file, in its format's media type", "content": {
        media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
        for media_type, _extension in MEDIA_TYPES.values()}}})
    def get(self, survey_id: int, report_id: int):
        """The file: 404 until the report is done (and after it expired)."""
        require_capability("view")
        report = report_or_404(survey_id, report_id)
        return download(report)


def download(report: Report):
    response = file_response(report)
    if response is None:
        abort(404, message="The file is not ready or has expired.")
    db.session.commit()
    return response

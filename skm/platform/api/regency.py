"""/api/v1/regency/results: every active agency's result for a period and the combined one."""

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import abort

from skm.extensions import db
from skm.platform.api import API_PREFIX
from skm.platform.api.blueprint import Blueprint
from skm.platform.api.context import require_api_platform_admin
from skm.platform.oversight.reports import find_regency_report, regency_file_response, request_regency_report
from skm.platform.oversight.schemas import (
    RegencyQuerySchema,
    RegencyReportCreateSchema,
    RegencyReportSchema,
    RegencyResultsSchema,
)
from skm.platform.oversight.standings import Standing, combined, current_period, standings

blp = Blueprint("regency_api", __name__, url_prefix=f"{API_PREFIX}/regency", description="Regency-wide results")
#: platform admins only, checked before any argument is read (an anonymous caller gets 401, not 422)
blp.before_request(require_api_platform_admin)


@blp.route("/results")
class RegencyResults(MethodView):
    @blp.arguments(RegencyQuerySchema, location="query")
    @blp.alt_response(200, schema=RegencyResultsSchema, success=True)
    def get(self, args):
        """Each active agency's answers in the period, pooled over its surveys (the nine standard
        elements); ``combined`` is respondent-pooled, or with ``method=mean`` the mean of the
        agencies' IKMs, and ``combined.method`` says which. An agency without answers has
        ``result: null``."""
        require_api_platform_admin()
        period = args.get("period") or current_period()
        rows = standings(period)
        return {"period": period.code, "previous_period": period.previous().code,
                "tenants": [_tenant_document(row) for row in rows], "combined": combined(rows, args["method"])}


def _tenant_document(row: Standing) -> dict:
    return {"slug": row.tenant.slug, "name": row.tenant.name, "respondents": row.respondents,
            "result": row.result.to_document() if row.result else None, "sample_target": row.target,
            "below_target": row.below_target, "change": None if row.change is None else float(row.change)}


@blp.route("/reports")
class RegencyReports(MethodView):
    @blp.arguments(RegencyReportCreateSchema)
    @blp.response(202, RegencyReportSchema)
    def post(self, data):
        """Queue the regency report of a period (PDF or XLSX) on the ``reports`` worker; an identical
        one still queued or running is returned instead."""
        require_api_platform_admin()
        report, _ = request_regency_report(data.get("period") or current_period(), data["format"],
                                           data["language"], data["method"], current_user)
        db.session.commit()
        return report


@blp.route("/reports/<int:report_id>")
class RegencyReportById(MethodView):
    @blp.response(200, RegencyReportSchema)
    def get(self, report_id: int):
        require_api_platform_admin()
        return _report_or_404(report_id)


@blp.route("/reports/<int:report_id>/file")
class RegencyReportFile(MethodView):
    @blp.response(200, {"format": "binary", "type": "string"}, content_type="application/octet-stream")
    def get(self, report_id: int):
        """The file: 404 until the report is done."""
        require_api_platform_admin()
        response = regency_file_response(_report_or_404(report_id))
        if response is None:
            abort(404, message="The file is not ready.")
        db.session.commit()
        return response


def _report_or_404(report_id: int):
    report = find_regency_report(report_id)
    if report is None:
        abort(404, message="No such report.")
    return report

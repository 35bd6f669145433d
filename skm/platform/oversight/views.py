"""The central dashboard at /admin/ and the regency report pages (platform admins only).

Read-only across tenants: every figure comes from :mod:`skm.platform.oversight.standings`, which
computes each agency inside its own scope. Drill-downs open the agency's own pages, read-only.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from skm.extensions import db
from skm.platform.accounts.access import require_platform_admin
from skm.platform.inputs.errors import InputError
from skm.platform.oversight.alerts import alerts
from skm.platform.oversight.combining import AGGREGATIONS
from skm.platform.oversight.forms import AlertSettingsForm, RegencyReportForm
from skm.platform.oversight.report_data import chart_label
from skm.platform.oversight.reports import (
    find_regency_report,
    recent_regency_reports,
    regency_file_response,
    request_regency_report,
)
from skm.platform.oversight.settings import AlertThresholds, alert_thresholds, save_alert_thresholds
from skm.platform.oversight.standings import Standing, combined, current_period, standings, today
from skm.tenants.results.chart import ranking_chart
from skm.tenants.results.periods import Period

bp = Blueprint("oversight", __name__, url_prefix="/admin")

#: sortable columns of the dashboard's table: key -> (value of a row, highest first by default)
SORTS = {
    "ikm": (lambda row: row.result.ikm_converted if row.result else None, True),
    "respondents": (lambda row: row.respondents, True),
    "change": (lambda row: row.change, False),
    "rate": (lambda row: row.response_rate, True),
    "last": (lambda row: row.last_answer_on, True),
    "name": (lambda row: row.tenant.name.casefold(), False),
}


@bp.before_request
@login_required
def _platform_admins_only():
    require_platform_admin()


@bp.get("/")
def dashboard():
    period = _period_argument()
    method = request.args.get("method") if request.args.get("method") in AGGREGATIONS else "pooled"
    rows = standings(period)
    sort, descending = _sort_arguments()
    return render_template(
        "platform/oversight/dashboard.html", period=period, periods=_period_choices(period), rows=rows,
        table=sort_rows(rows, sort, descending), sort=sort, descending=descending, method=method,
        combined=combined(rows, method), alerts=alerts(rows, period, alert_thresholds()),
        chart=_ranking(rows),
        report_form=RegencyReportForm(period=period.code, method=method), reports=recent_regency_reports())


def _ranking(rows: list[Standing]):
    """The ranking chart: agencies with an IKM, by their short name where they have one."""
    return ranking_chart([(chart_label(row.tenant.short_name or row.tenant.name, 26), row.tenant.name,
                           row.result.ikm_display, row.result.mutu)
                          for row in rows if row.result and row.result.ikm_display is not None])


def _period_argument() -> Period:
    code = request.args.get("period", "").strip()
    if not code:
        return current_period()
    try:
        return Period.parse(code)
    except ValueError as exc:
        abort(400, description=str(exc))


def _sort_arguments() -> tuple[str, bool]:
    sort = request.args.get("sort", "ikm")
    if sort not in SORTS:
        sort = "ikm"
    default_descending = SORTS[sort][1]
    order = request.args.get("order")
    return sort, default_descending if order not in ("asc", "desc") else order == "desc"


def sort_rows(rows: list[Standing], sort: str, descending: bool) -> list[Standing]:
    """``rows`` by one column; rows without a value for it always come last."""
    value = SORTS[sort][0]
    known = [row for row in rows if value(row) is not None]
    unknown = [row for row in rows if value(row) is None]
    return sorted(known, key=value, reverse=descending) + unknown


def _period_choices(selected: Period) -> list[Period]:
    """Recent quarters, semesters and years to choose from (and the selected one)."""
    latest = Period.containing(today())
    quarters = [latest]
    while len(quarters) < 8:
        quarters.append(quarters[-1].previous())
    semester = Period.containing(latest.start, "semester")
    year = Period.containing(latest.start, "year")
    choices = quarters + [semester, semester.previous(), year, year.previous()]
    return choices if selected in choices else [selected, *choices]


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    form = AlertSettingsForm(obj=alert_thresholds())
    if form.validate_on_submit():
        save_alert_thresholds(AlertThresholds(form.ikm_drop_points.data, form.silence_days.data))
        db.session.commit()
        flash(_("Pengaturan peringatan disimpan."), "success")
        return redirect(url_for(".dashboard"))
    return render_template("platform/oversight/settings.html", form=form), 400 if form.errors else 200


@bp.post("/regency/reports")
def request_report():
    form = RegencyReportForm()
    if not form.validate_on_submit():
        flash(" ".join(error for errors in form.errors.values() for error in errors), "error")
        return redirect(url_for(".dashboard"))
    try:
        report, _created = request_regency_report(Period.parse(form.period.data), form.format.data,
                                                  form.language.data, form.method.data, current_user)
    except (InputError, ValueError) as exc:
        db.session.rollback()
        flash(str(getattr(exc, "message", exc)), "error")
        return redirect(url_for(".dashboard"))
    db.session.commit()
    return redirect(url_for(".report_status", report_id=report.id))


@bp.get("/regency/report.pdf")
def legacy_report_pdf():
    """The old link: the report is built by the worker now, requested (POST) from the dashboard."""
    return redirect(url_for(".dashboard", _anchor="regency-report"))


@bp.get("/regency/reports/<int:report_id>")
def report_status(report_id: int):
    report = find_regency_report(report_id) or abort(404)
    return render_template("platform/oversight/report.html", report=report)


@bp.get("/regency/reports/<int:report_id>/file")
def report_file(report_id: int):
    report = find_regency_report(report_id) or abort(404)
    response = regency_file_response(report) or abort(404)
    db.session.commit()
    return response

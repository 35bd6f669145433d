"""Staff pages under /t/<tenant>/surveys/<id>/reports: request, follow and download reports."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.access import can, require
from skm.platform.web.page_changes import commit_form
from skm.tenants.reports.forms import ReportForm, ScheduleForm
from skm.tenants.reports.models import PENDING, Report
from skm.tenants.reports.schedules import schedule_of, toggle_schedule
from skm.tenants.reports.services import file_response, find_report, reports_of, request_report
from skm.tenants.surveys.models import Survey

bp = Blueprint("reports", __name__, url_prefix="/surveys/<int:survey_id>/reports")
#: seconds between refreshes of a status page while the report is being built
REFRESH_SECONDS = 3


def _survey(survey_id: int) -> Survey:
    survey = db.session.scalar(select(Survey).where(Survey.id == survey_id, Survey.tenant_id == g.tenant.id))
    if survey is None:
        abort(404)
    return survey


def _report(survey_id: int, report_id: int) -> Report:
    report = find_report(_survey(survey_id).id, report_id)
    if report is None:
        abort(404)
    return report


def _list_page(survey: Survey, form: ReportForm, status: int = 200):
    schedule_form = ScheduleForm() if can("manage_users") else None
    return render_template("tenants/reports/list.html", survey=survey, reports=reports_of(survey), form=form,
                           schedule=schedule_of(survey), schedule_form=schedule_form), status


@bp.get("/")
@require("view")
def list_reports(survey_id: int):
    return _list_page(_survey(survey_id), ReportForm())


@bp.post("/")
@require("view")
def create(survey_id: int):
    survey, form = _survey(survey_id), ReportForm()
    saved = commit_form(form, lambda: request_report(survey, form.format.data, form.language.data, current_user,
                                                     form.csv_dialect))
    if saved is None:
        return _list_page(survey, form, 400)
    report, created = saved.value
    flash(_("Permintaan laporan diterima.") if created else _("Laporan yang sama sudah diminta; statusnya di bawah."),
          "success")
    return redirect(url_for(".status", survey_id=survey.id, report_id=report.id))


@bp.get("/<int:report_id>")
@require("view")
def status(survey_id: int, report_id: int):
    report = _report(survey_id, report_id)
    refresh = REFRESH_SECONDS if report.status in PENDING else None
    return render_template("tenants/reports/status.html", survey=report_survey(report), report=report,
                           refresh=refresh)


def report_survey(report: Report) -> Survey:
    return db.session.get(Survey, report.survey_id)


@bp.get("/<int:report_id>/file")
@require("view")
def download(survey_id: int, report_id: int):
    response = file_response(_report(survey_id, report_id))
    if response is None:
        abort(404)
    db.session.commit()
    return response


@bp.post("/schedule")
@require("manage_users")
def schedule(survey_id: int):
    survey, form = _survey(survey_id), ScheduleForm()
    if not form.validate_on_submit():
        abort(400)
    active = toggle_schedule(survey, form.language.data)
    db.session.commit()
    flash(_("Laporan triwulanan dijadwalkan.") if active else _("Jadwal laporan triwulanan dihentikan."), "success")
    return redirect(url_for(".list_reports", survey_id=survey.id))

"""Survey pages: list, create, edit, view with the open link, open and close (after a confirmation)."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.access import require
from skm.platform.inputs.errors import InputError
from skm.platform.web.page_changes import commit_form
from skm.tenants.display import period
from skm.tenants.pages import get_or_404, page_blueprint
from skm.tenants.questionnaires.models import Questionnaire
from skm.tenants.surveys.closing import closing_summary, overlapping_open_surveys
from skm.tenants.surveys.forms import PROFILE_LABELS, SurveyForm
from skm.tenants.surveys.models import Survey
from skm.tenants.surveys.services import (
    change_status,
    create_survey,
    list_surveys,
    respondent_counts,
    update_survey,
)

bp = page_blueprint("surveys", __name__, url_prefix="/surveys")


def open_link(survey: Survey) -> str:
    """The resident's open link (``/s/<tenant-slug>/<public_code>``) for posters and QR codes."""
    return f"{request.host_url.rstrip('/')}/s/{g.tenant.slug}/{survey.public_code}"


def _survey_form(**kwargs) -> SurveyForm:
    form = SurveyForm(**kwargs)
    form.set_questionnaires(db.session.scalars(select(Questionnaire).order_by(
        Questionnaire.is_standard.desc(), Questionnaire.title, Questionnaire.version)))
    return form


@bp.get("/")
@require("view")
def list_all():
    return render_template("tenants/surveys/list.html", surveys=list_surveys(), counts=respondent_counts())


@bp.get("/<int:survey_id>")
@require("view")
def show(survey_id: int):
    survey = get_or_404(Survey, survey_id)
    return _show(survey)


def _show(survey: Survey, status_error: str | None = None, code: int = 200):
    overlaps = overlapping_open_surveys(survey) if survey.status == "draft" else []
    return render_template("tenants/surveys/show.html", survey=survey, link=open_link(survey),
                           respondents=respondent_counts().get(survey.id, 0), profile_labels=PROFILE_LABELS,
                           status_error=status_error, overlaps=overlaps), code


@bp.get("/new")
@require("edit")
def new():
    return render_template("tenants/surveys/form.html", form=_survey_form(), survey=None)


@bp.post("/new")
@require("edit")
def create():
    form = _survey_form()
    if saved := commit_form(form, lambda: create_survey(form.service_data())):
        flash(_("Survei dibuat sebagai draf. Buka survei bila sudah siap menerima jawaban."), "success")
        return redirect(url_for(".show", survey_id=saved.value.id))
    return render_template("tenants/surveys/form.html", form=form, survey=None), 422


@bp.get("/<int:survey_id>/edit")
@require("edit")
def edit(survey_id: int):
    survey = get_or_404(Survey, survey_id)
    form = _survey_form()
    form.fill_from(survey)
    return render_template("tenants/surveys/form.html", form=form, survey=survey)


@bp.post("/<int:survey_id>/edit")
@require("edit")
def save(survey_id: int):
    survey = get_or_404(Survey, survey_id)
    form = _survey_form()
    if commit_form(form, lambda: update_survey(survey, form.service_data())):
        flash(_("Perubahan disimpan."), "success")
        return redirect(url_for(".show", survey_id=survey.id))
    return render_template("tenants/surveys/form.html", form=form, survey=survey), 422


@bp.get("/<int:survey_id>/close")
@require("edit")
def confirm_close(survey_id: int):
    """Closing is final: the page shows what it ends, and its form is the only way to close."""
    survey = get_or_404(Survey, survey_id)
    if survey.status != "open":
        return redirect(url_for(".show", survey_id=survey.id))
    return render_template("tenants/surveys/close.html", survey=survey, summary=closing_summary(g.tenant, survey),
                           ends_on=format_date(survey.ends_on, "long"))


@bp.post("/<int:survey_id>/open", defaults={"status": "open"}, endpoint="open")
@bp.post("/<int:survey_id>/close", defaults={"status": "closed"}, endpoint="close")
@require("edit")
def change(survey_id: int, status: str):
    survey = get_or_404(Survey, survey_id)
    if status == "closed" and request.form.get("confirm") != "yes":
        return redirect(url_for(".confirm_close", survey_id=survey.id))
    try:
        change_status(survey, status)
    except InputError as exc:
        db.session.rollback()
        return _show(get_or_404(Survey, survey_id), status_error=exc.message, code=409)
    db.session.commit()
    flash(_("Survei dibuka: tautan terbuka sekarang menerima jawaban.") if status == "open"
          else _("Survei ditutup: tidak ada jawaban baru yang diterima."), "success")
    if status == "open":
        _warn_about_overlaps(survey)
    return redirect(url_for(".show", survey_id=survey.id))


def _warn_about_overlaps(survey: Survey) -> None:
    """Opening is allowed, but two open surveys of one period split the same residents."""
    for other in overlapping_open_surveys(survey):
        flash(_("Periode survei ini tumpang tindih dengan survei lain yang juga dibuka, “%(title)s” "
                "(%(period)s): warga yang sama terbagi di antara kedua survei.",
                title=other.title, period=period(other.starts_on, other.ends_on)), "warning")

"""The follow-up register's staff page: every item of a survey's plan, a form to add one."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from skm.platform.accounts.access import require
from skm.platform.web.page_changes import commit_form, commit_or_flash
from skm.tenants.comments.services import find_comment
from skm.tenants.followups import services
from skm.tenants.followups.forms import FollowUpForm, FollowUpStatusForm
from skm.tenants.pages import get_or_404, page_blueprint
from skm.tenants.responses.services import local_today
from skm.tenants.surveys.models import Survey

bp = page_blueprint("followups", __name__, url_prefix="/surveys")


def _form(survey: Survey) -> FollowUpForm:
    form = FollowUpForm()
    form.element.choices = [SelectChoice("", "—")] + [
        SelectChoice(e.code, f"{e.code} {e.name_id}") for e in sorted(survey.questionnaire.elements,
                                                                      key=lambda e: e.position)]
    return form


def _comment_id(value) -> int | None:
    """The comment a new item answers, from the hidden field or ``?comment=`` (junk counts as none)."""
    return int(value) if str(value or "").isdigit() and len(str(value)) < 19 else None


def _page(survey: Survey, form: FollowUpForm, status: int = 200):
    comment_id = _comment_id(request.args.get("comment")) or _comment_id(form.comment_id.data)
    return render_template("tenants/followups/list.html", survey=survey, form=form, items=services.followups_of(survey),
                           today=local_today(g.tenant), status_form=FollowUpStatusForm(),
                           comment=find_comment(survey, comment_id) if comment_id else None), status


@bp.get("/<int:survey_id>/followups")
@require("view")
def list_followups(survey_id: int):
    survey = get_or_404(Survey, survey_id)
    form = _form(survey)
    if comment_id := _comment_id(request.args.get("comment")):
        form.comment_id.data = str(comment_id)
    return _page(survey, form)


@bp.post("/<int:survey_id>/followups")
@require("edit")
def add_followup(survey_id: int):
    survey = get_or_404(Survey, survey_id)
    form = _form(survey)
    if commit_form(form, lambda: services.add_followup(survey, _item_data(form))):
        flash(_("Tindak lanjut ditambahkan."), "success")
        return redirect(url_for(".list_followups", survey_id=survey.id))
    return _page(survey, form, 400)


def _item_data(form: FollowUpForm) -> dict:
    data = {name: form[name].data for name in ("element", "title", "action", "owner", "due_on")}
    return {**data, "comment_id": _comment_id(form.comment_id.data)}


@bp.post("/<int:survey_id>/followups/<int:followup_id>")
@require("edit")
def change_followup(survey_id: int, followup_id: int):
    survey = get_or_404(Survey, survey_id)
    item = services.find_followup(survey, followup_id) or abort(404)
    form = FollowUpStatusForm()
    if form.validate_on_submit():
        data = {"status": form.status.data}
        if form.evidence.data:
            data["evidence"] = form.evidence.data
        if commit_or_flash(lambda: services.update_followup(item, survey, data)):
            flash(_("Status tindak lanjut diubah."), "success")
    return redirect(url_for(".list_followups", survey_id=survey.id) + f"#item-{followup_id}")

"""Questionnaire pages: list, view one, copy, edit an element, add an element, weights.

Every change goes through the questionnaire services, which return the version they changed:
a frozen version (one with responses) is never edited, its next version is.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.access import require
from skm.platform.web.page_changes import commit_form
from skm.tenants.pages import get_or_404, page_blueprint
from skm.tenants.questionnaires.forms import (
    CopyForm,
    ElementTextsForm,
    NewElementForm,
    submitted_weights,
    weights_form,
)
from skm.tenants.questionnaires.models import Questionnaire
from skm.tenants.questionnaires.services import add_element, copy_questionnaire, set_weights, update_element
from skm.tenants.questionnaires.translations import english_gaps, questionnaire_gaps

bp = page_blueprint("questionnaires", __name__, url_prefix="/questionnaires")


@bp.context_processor
def _translation_checks() -> dict:
    """The pages list English texts that need a look, read at render time (after a rollback, too)."""
    return {"english_gaps": english_gaps, "questionnaire_gaps": questionnaire_gaps}


def _element_or_404(questionnaire: Questionnaire, code: str):
    element = next((e for e in questionnaire.elements if e.code == code), None)
    if element is None:
        abort(404)
    return element


def _saved(original: Questionnaire, changed: Questionnaire):
    """Tell the user what the committed change did and show the version that changed."""
    if changed.id != original.id:
        flash(_("Versi baru (versi %(version)s) dibuat karena versi sebelumnya sudah memiliki jawaban.",
                version=changed.version), "info")
    else:
        flash(_("Perubahan disimpan."), "success")
    return redirect(url_for(".show", questionnaire_id=changed.id))


def _refused(template: str, **context):
    return render_template(template, **context), 422


@bp.get("/")
@require("view")
def list_questionnaires():
    questionnaires = db.session.scalars(select(Questionnaire).order_by(
        Questionnaire.is_standard.desc(), Questionnaire.title, Questionnaire.version)).all()
    return render_template("tenants/questionnaires/list.html", questionnaires=questionnaires)


@bp.get("/<int:questionnaire_id>")
@require("view")
def show(questionnaire_id: int):
    questionnaire = get_or_404(Questionnaire, questionnaire_id)
    return render_template("tenants/questionnaires/show.html", questionnaire=questionnaire, copy_form=CopyForm())


@bp.post("/<int:questionnaire_id>/copy")
@require("edit")
def copy(questionnaire_id: int):
    source = get_or_404(Questionnaire, questionnaire_id)
    form = CopyForm()
    if saved := commit_form(form, lambda: copy_questionnaire(source, form.title.data)):
        flash(_("Kuesioner disalin. Anda sekarang dapat mengubahnya."), "success")
        return redirect(url_for(".show", questionnaire_id=saved.value.id))
    return render_template("tenants/questionnaires/show.html", questionnaire=source, copy_form=form), 400


@bp.get("/<int:questionnaire_id>/elements/<code>")
@require("edit")
def edit_element(questionnaire_id: int, code: str):
    questionnaire = get_or_404(Questionnaire, questionnaire_id)
    element = _element_or_404(questionnaire, code)
    return render_template("tenants/questionnaires/element.html", questionnaire=questionnaire, element=element,
                           form=ElementTextsForm(obj=element))


@bp.post("/<int:questionnaire_id>/elements/<code>")
@require("edit")
def save_element(questionnaire_id: int, code: str):
    questionnaire = get_or_404(Questionnaire, questionnaire_id)
    element = _element_or_404(questionnaire, code)
    form = ElementTextsForm()
    if saved := commit_form(form, lambda: update_element(questionnaire, code, form.changes())):
        return _warn_about_english(_saved(questionnaire, saved.value), _element_or_404(saved.value, code))
    return _refused("tenants/questionnaires/element.html", questionnaire=questionnaire, element=element, form=form)


def _warn_about_english(response, element):
    """After "saved", say which English texts the edit left behind (the pages list them too)."""
    for gap in english_gaps(element):
        flash(f"{element.code} · {gap.message}", "warning")
    return response


@bp.get("/<int:questionnaire_id>/new-element")
@require("edit")
def new_element(questionnaire_id: int):
    questionnaire = get_or_404(Questionnaire, questionnaire_id)
    return render_template("tenants/questionnaires/new_element.html", questionnaire=questionnaire,
                           form=NewElementForm())


@bp.post("/<int:questionnaire_id>/new-element")
@require("edit")
def add_new_element(questionnaire_id: int):
    questionnaire = get_or_404(Questionnaire, questionnaire_id)
    form = NewElementForm()
    if saved := commit_form(form, lambda: add_element(questionnaire, form.data_for_service())):
        return _warn_about_english(_saved(questionnaire, saved.value), saved.value.elements[-1])
    return _refused("tenants/questionnaires/new_element.html", questionnaire=questionnaire, form=form)


@bp.get("/<int:questionnaire_id>/weights")
@require("edit")
def weights(questionnaire_id: int):
    questionnaire = get_or_404(Questionnaire, questionnaire_id)
    form = weights_form(questionnaire.element_codes(), data={e.code: e.weight or "" for e in questionnaire.elements})
    return render_template("tenants/questionnaires/weights.html", questionnaire=questionnaire, form=form)


@bp.post("/<int:questionnaire_id>/weights")
@require("edit")
def save_weights(questionnaire_id: int):
    questionnaire = get_or_404(Questionnaire, questionnaire_id)
    form = weights_form(questionnaire.element_codes())
    if saved := commit_form(form, lambda: set_weights(questionnaire, submitted_weights(form))):
        return _saved(questionnaire, saved.value)
    return _refused("tenants/questionnaires/weights.html", questionnaire=questionnaire, form=form)

"""Publish or withdraw a survey's results from its staff page (the agency's admins)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from skm.platform.accounts.access import require
from skm.platform.web.page_changes import commit_or_flash
from skm.tenants.pages import get_or_404, page_blueprint
from skm.tenants.publication.services import publish, withdraw
from skm.tenants.surveys.models import Survey

bp = page_blueprint("publication", __name__, url_prefix="/surveys")


@bp.post("/<int:survey_id>/<any(publish, withdraw):move>")
@require("publish")
def change(survey_id: int, move: str):
    survey = get_or_404(Survey, survey_id)
    if commit_or_flash(lambda: (publish if move == "publish" else withdraw)(survey)):
        flash(_("Hasil dipublikasikan.") if move == "publish" else _("Publikasi ditarik."), "success")
    return redirect(url_for("tenants.surveys.show", survey_id=survey.id))

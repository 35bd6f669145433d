"""Publish or withdraw a survey's results from its staff page (the agency's admins)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from skm.extensions import db
from skm.platform.access import require
from skm.platform.input_errors import InputError
from skm.tenants.pages import get_or_404, page_blueprint
from skm.tenants.publication.services import publish, withdraw
from skm.tenants.surveys.models import Survey

bp = page_blueprint("publication", __name__, url_prefix="/surveys")


@bp.post("/<int:survey_id>/<any(publish, withdraw):move>")
@require("publish")
def change(survey_id: int, move: str):
    survey = get_or_404(Survey, survey_id)
    try:
        (publish if move == "publish" else withdraw)(survey)
    except InputError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("Hasil dipublikasikan.") if move == "publish" else _("Publikasi ditarik."), "success")
    return redirect(url_for("tenants.surveys.show", survey_id=survey.id))

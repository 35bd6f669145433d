"""Paper questionnaires: the import page and its template file."""

from __future__ import annotations

import csv
import io

from flask import Response as HttpResponse
from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from skm.extensions import db
from skm.platform.accounts.access import require
from skm.platform.inputs.uploads import read_upload, upload_limit
from skm.tenants.pages import get_or_404, page_blueprint
from skm.tenants.responses.forms import ImportForm
from skm.tenants.responses.importing import PROFILE_COLUMNS, import_paper_file
from skm.tenants.responses.profile import EDUCATION, OCCUPATIONS
from skm.tenants.surveys.models import Survey

bp = page_blueprint("responses", __name__, url_prefix="/surveys")


def _columns(survey: Survey) -> list[str]:
    return [*survey.questionnaire.element_codes(), *PROFILE_COLUMNS]


def _page(survey: Survey, form: ImportForm, rejected=None, code: int = 200):
    return render_template("tenants/responses/import.html", survey=survey, form=form, rejected=rejected,
                           columns=_columns(survey), profile_columns=PROFILE_COLUMNS, education=list(EDUCATION),
                           occupations=list(OCCUPATIONS)), code


@bp.get("/<int:survey_id>/import")
@require("edit")
def import_page(survey_id: int):
    return _page(get_or_404(Survey, survey_id), ImportForm())


@bp.post("/<int:survey_id>/import")
@upload_limit("file", "SKM_IMPORT_UPLOAD_BYTES")
@require("edit")
def import_file(survey_id: int):
    survey = get_or_404(Survey, survey_id)
    form = ImportForm()
    if not form.validate():
        return _page(survey, form, code=400)
    upload = form.file.data
    result = import_paper_file(survey, g.tenant, read_upload(upload), upload.filename or "")
    if result.rejected:
        db.session.rollback()
        return _page(survey, form, rejected=result.rejected, code=422)
    db.session.commit()
    flash(_("%(count)s kuesioner kertas diimpor.", count=result.imported), "success")
    return redirect(url_for(".import_page", survey_id=survey.id))


@bp.get("/<int:survey_id>/import/template.csv")
@require("view")
def import_template(survey_id: int):
    """An empty CSV with the expected header row, to fill in a spreadsheet."""
    survey = get_or_404(Survey, survey_id)
    out = io.StringIO()
    csv.writer(out).writerow(_columns(survey))
    return HttpResponse(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="skm-{survey.id}-template.csv"'})

"""The results page of a survey: IKM, elements, chart, sample target, breakdowns, filters."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from skm.platform.accounts.access import require
from skm.tenants.pages import get_or_404, page_blueprint
from skm.tenants.results.breakdowns import Group, breakdown
from skm.tenants.results.chart import bar_chart
from skm.tenants.results.filter_form import ResultFilterForm
from skm.tenants.results.filters import page_filter
from skm.tenants.results.queries import ResultFilter, survey_result
from skm.tenants.results.sampling import target_sample
from skm.tenants.surveys.models import Survey

bp = page_blueprint("results", __name__, url_prefix="/surveys")

#: groups smaller than this show their size but not their IKM, so no respondent can be singled out
MIN_GROUP = 5
#: the page's tables in order: the breakdown, and the profile question the survey must ask for it
TABLES = (("service_type", None), ("gender", "gender"), ("age_band", "age"), ("education", "education"),
          ("occupation", "occupation"))
BREAKDOWN_TITLES = {"service_type": _l("Per jenis layanan"), "gender": _l("Per jenis kelamin"),
                    "age_band": _l("Per kelompok umur"), "education": _l("Per pendidikan"),
                    "occupation": _l("Per pekerjaan")}


@bp.get("/<int:survey_id>/results")
@require("view")
def show(survey_id: int):
    survey = get_or_404(Survey, survey_id)
    lang = str(get_locale() or "id")
    form = ResultFilterForm(request.args)
    form.set_choices(survey.service_types, lang)
    context = {"survey": survey, "form": form, "lang": lang, "min_group": MIN_GROUP}
    status = 200
    try:
        context.update(_figures(survey, page_filter(survey, request.args.to_dict()), lang))
    except ValidationError as error:
        form.show_errors(error.normalized_messages())
        status = 400
    return render_template("tenants/results/show.html", **context), status


def _figures(survey: Survey, result_filter: ResultFilter, lang: str) -> dict:
    result = survey_result(survey, result_filter)
    names = {e.code: e.name(lang) for e in survey.questionnaire.elements}
    lowest = {e.code for e in result.lowest_elements(3)}
    return {
        "result": result, "names": names, "lowest": lowest,
        "chart": bar_chart(list(result.elements), names, lowest),
        "target": target_sample(survey.population) if survey.population else None,
        "breakdowns": _breakdowns(survey, result_filter, lang),
    }


def _breakdowns(survey: Survey, result_filter: ResultFilter, lang: str) -> list[tuple[str, list[Group]]]:
    """The tables with rows: service types always, each profile question only if the survey asks it."""
    tables = [(BREAKDOWN_TITLES[by], breakdown(survey, by, result_filter, lang))
              for by, question in TABLES if question is None or question in survey.profile_fields]
    return [(title, groups) for title, groups in tables if groups]

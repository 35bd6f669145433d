"""The results page of a survey: IKM, elements, chart, sample target, breakdowns, filters."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.access import require
from skm.tenants.pages import get_or_404, page_blueprint
from skm.tenants.responses.models import Response
from skm.tenants.responses.profile import AGE_BANDS, CHOICES, label
from skm.tenants.results.chart import bar_chart
from skm.tenants.results.engine import IkmResult
from skm.tenants.results.filters import ResultFilterForm
from skm.tenants.results.queries import ResultFilter, age_band_results, grouped_results, survey_result
from skm.tenants.results.sampling import target_sample
from skm.tenants.surveys.models import ServiceType, Survey

bp = page_blueprint("results", __name__, url_prefix="/surveys")

#: groups smaller than this show their size but not their IKM, so no respondent can be singled out
MIN_GROUP = 5
BREAKDOWN_TITLES = {"service_type": _l("Per jenis layanan"), "gender": _l("Per jenis kelamin"),
                    "age": _l("Per kelompok umur"), "education": _l("Per pendidikan"),
                    "occupation": _l("Per pekerjaan")}


@dataclass(frozen=True)
class GroupRow:
    label: str
    result: IkmResult

    @property
    def shown(self) -> bool:
        return self.result.respondents >= MIN_GROUP


@bp.get("/<int:survey_id>/results")
@require("view")
def show(survey_id: int):
    survey = get_or_404(Survey, survey_id)
    lang = str(get_locale() or "id")
    form = ResultFilterForm(request.args)
    form.set_choices(survey.service_types, lang)
    valid = form.validate()
    context = {"survey": survey, "form": form, "lang": lang, "min_group": MIN_GROUP}
    if valid:
        context.update(_figures(survey, form.result_filter(), lang))
    return render_template("tenants/results/show.html", **context), 200 if valid else 400


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


def _breakdowns(survey: Survey, result_filter: ResultFilter, lang: str) -> list[tuple[str, list[GroupRow]]]:
    tables = [("service_type", _service_type_rows(survey, result_filter))]
    for field in ("gender", "age", "education", "occupation"):
        if field in survey.profile_fields:
            tables.append((field, _profile_rows(survey, field, result_filter, lang)))
    return [(BREAKDOWN_TITLES[field], rows) for field, rows in tables if rows]


def _service_type_rows(survey: Survey, result_filter: ResultFilter) -> list[GroupRow]:
    groups = grouped_results(survey, Response.service_type_id, result_filter)
    names = dict(db.session.execute(select(ServiceType.id, ServiceType.name)).all())
    return _ordered(groups, [(type_id, names[type_id]) for type_id in sorted(names, key=names.get)])


def _profile_rows(survey: Survey, field: str, result_filter: ResultFilter, lang: str) -> list[GroupRow]:
    if field == "age":
        return _ordered(age_band_results(survey, result_filter), [(name, name) for _, name in AGE_BANDS])
    groups = grouped_results(survey, getattr(Response, field), result_filter)
    return _ordered(groups, [(code, label(field, code, lang)) for code in CHOICES[field]])


def _ordered(groups: dict, labelled: list[tuple]) -> list[GroupRow]:
    """Rows in the labels' order, then any unlisted value, then "not given" (None) last."""
    rows = [GroupRow(text, groups[key]) for key, text in labelled if key in groups]
    known = {key for key, _ in labelled}
    rows += [GroupRow(str(key), result) for key, result in groups.items() if key is not None and key not in known]
    if None in groups:
        rows.append(GroupRow(str(_l("Tidak diisi")), groups[None]))
    return rows

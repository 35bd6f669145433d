"""A survey's result per group: per service type, gender, education, occupation or age band.

The results page's tables and the API's breakdown both come from :func:`breakdown`, so they list the
same groups in the same order: the order a reader expects (service types by name, profile codes as
the form lists them, age bands youngest first), then any value those lists do not know, then the
responses that did not give one.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from skm.tenants.responses.models import Response
from skm.tenants.responses.profile import AGE_BANDS, CHOICES, label
from skm.tenants.results.engine import IkmResult
from skm.tenants.results.queries import ResultFilter, age_band_results, grouped_results
from skm.tenants.surveys.models import Survey

BREAKDOWNS = ("service_type", "gender", "education", "occupation", "age_band")
NOT_GIVEN = _l("Tidak diisi")


@dataclass(frozen=True)
class Group:
    """One group's result.

    ``value`` is the group as the API names it (a service type's name, a profile code, an age band;
    None for the responses that gave none); ``label`` is what a page shows, in its language.
    """

    value: str | None
    label: str
    result: IkmResult


def breakdown(survey: Survey, by: str, result_filter: ResultFilter | None = None, lang: str = "id") -> list[Group]:
    """The groups of ``by`` (one of :data:`BREAKDOWNS`) that have responses, in a reader's order."""
    results = _results(survey, by, result_filter)
    groups = [Group(value, text, results.pop(key)) for key, value, text in _known(survey, by, lang) if key in results]
    not_given = results.pop(None, None)
    groups += [Group(str(key), str(key), result) for key, result in sorted(results.items(), key=lambda kv: str(kv[0]))]
    if not_given is not None:
        groups.append(Group(None, str(NOT_GIVEN), not_given))
    return groups


def _results(survey: Survey, by: str, result_filter: ResultFilter | None) -> dict:
    if by == "age_band":
        return age_band_results(survey, result_filter)
    column = Response.service_type_id if by == "service_type" else getattr(Response, by)
    return grouped_results(survey, column, result_filter)


def _known(survey: Survey, by: str, lang: str) -> list[tuple]:
    """``(key in the results, value, label)`` for each group ``by`` knows, in the reader's order."""
    if by == "service_type":
        return [(kind.id, kind.name, kind.name) for kind in sorted(survey.service_types, key=lambda kind: kind.name)]
    if by == "age_band":
        return [(band, band, band) for _, band in AGE_BANDS]
    return [(code, code, label(by, code, lang)) for code in CHOICES[by]]

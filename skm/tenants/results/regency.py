"""Results across tenants for the regency: each agency's latest survey, pooled or averaged.

Platform-wide by nature: tenants are listed with ``ALL_TENANTS`` and each tenant's figures are
computed inside that tenant's scope, so no query ever mixes tenants by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import select

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.tenancy import ALL_TENANTS, tenant_scope
from skm.tenants.questionnaires.standard import STANDARD_ELEMENTS
from skm.tenants.results.engine import ElementTally, IkmResult, compute, grade, round_half_up
from skm.tenants.results.queries import survey_result
from skm.tenants.surveys.models import Survey

AGGREGATIONS = ("pooled", "mean")


@dataclass(frozen=True)
class UnitResult:
    tenant: Tenant
    survey: Survey | None
    result: IkmResult | None


def unit_results() -> list[UnitResult]:
    """Every active tenant with its latest opened survey (by start date) and that survey's result."""
    tenants = db.session.scalars(select(Tenant).where(Tenant.status == "active").order_by(Tenant.name)
                                 .execution_options(**ALL_TENANTS)).all()
    units = []
    for tenant in tenants:
        with tenant_scope(tenant.id):
            survey = db.session.scalar(select(Survey).where(Survey.status != "draft")
                                       .order_by(Survey.starts_on.desc(), Survey.id.desc()))
            units.append(UnitResult(tenant, survey, survey_result(survey) if survey else None))
    return units


def pooled(results: list[IkmResult]) -> IkmResult:
    """Respondent-pooled (decision 6, the default): each standard element's answers summed over
    all units. Only the nine standard elements are pooled, so an agency's own extra elements
    never change the regency's IKM; weights are exact and equal."""
    sums = {element.code: [0, 0] for element in STANDARD_ELEMENTS}
    for result in results:
        for element in result.elements:
            if element.code in sums:
                sums[element.code][0] += element.n
                sums[element.code][1] += element.total
    tallies = [ElementTally(e.code, e.name_id, *sums[e.code]) for e in STANDARD_ELEMENTS]
    return compute(tallies, sum(r.respondents for r in results), "exact")


def mean_of_units(results: list[IkmResult]) -> dict:
    """The unweighted mean of the units' converted IKMs (the optional, labelled method)."""
    values = [r.ikm_converted for r in results if r.ikm_converted is not None]
    if not values:
        return {"ikm_converted": None, "ikm_display": None, "mutu": None, "kinerja": None, "units": 0}
    mean = sum(values, Fraction(0)) / len(values)
    display = round_half_up(mean)
    mutu, kinerja = grade(display)
    return {"ikm_converted": float(mean), "ikm_display": str(display), "mutu": mutu, "kinerja": kinerja,
            "units": len(values)}

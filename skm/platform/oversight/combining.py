"""Combining agencies' results: pooled over respondents (the default) or the mean of their IKMs.

The agencies' own results are computed in each agency's scope (see :mod:`skm.platform.oversight`);
these functions only combine what they are given.
"""

from __future__ import annotations

from fractions import Fraction

from skm.tenants.questionnaires.standard import STANDARD_ELEMENTS
from skm.tenants.results.engine import ElementTally, IkmResult, compute, grade, round_half_up

AGGREGATIONS = ("pooled", "mean")


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

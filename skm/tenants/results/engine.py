"""Exact IKM arithmetic of PermenPANRB 14/2017 (see ``domain/SKM.md`` §2 and "Decisions").

Everything that decides a published number is computed with :class:`fractions.Fraction`
and rounded with integer arithmetic; binary floats appear only in :meth:`IkmResult.to_document`,
where the contract asks for JSON numbers made from the exact values.

The engine knows nothing about storage: callers hand it one :class:`ElementTally` per element
(how many answers were given and their sum), the number of respondents and, optionally, a
:class:`ScoreSpread` for the confidence interval. :func:`tally_rows` builds those inputs from
raw answer rows; it is the reference path the SQL aggregation is tested against.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

WEIGHT_MODES = ("exact", "legacy-0.111")

#: The multiplier of the agencies' historical spreadsheets (decision 4); 9 x 0.111 = 0.999.
LEGACY_WEIGHT = Fraction(111, 1000)
#: ``legacy-0.111`` only makes sense for the nine elements it approximates 1/9 for.
LEGACY_ELEMENT_COUNT = 9
#: Conversion factor from the 1–4 scale to the 25–100 scale.
CONVERSION = 25
SCORE_MIN = 1
SCORE_MAX = 4

#: (lowest display value, mutu, kinerja), best grade first; below the last row is D.
GRADE_BANDS: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
)
LOWEST_GRADE = ("D", "Tidak Baik")

#: Two-sided 95% normal quantile used for the confidence interval.
Z_95 = Decimal("1.96")
INTERVAL_LEVEL = 0.95


# --------------------------------------------------------------------------------------------
# Rounding and grading
# --------------------------------------------------------------------------------------------


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """Round an exact fraction half-up (away from zero on ties) to ``places`` decimals.

    Works on the numerator and denominator as integers, so 88.305 (= 17661/200) becomes 88.31
    and never 88.30 the way ``round(float)`` might.
    """
    if places < 0:
        raise ValueError("places must be >= 0")
    value = Fraction(value)
    negative = value < 0
    numerator, denominator = abs(value.numerator), value.denominator
    quotient, remainder = divmod(numerator * 10**places, denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    digits = tuple(int(d) for d in str(quotient))
    return Decimal((1 if negative and quotient else 0, digits, -places))


def grade(display: Decimal) -> tuple[str, str]:
    """Return ``(mutu, kinerja)`` for a converted value already rounded to 2 decimals."""
    for floor, mutu, kinerja in GRADE_BANDS:
        if display >= floor:
            return mutu, kinerja
    return LOWEST_GRADE


def _as_float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementTally:
    """Aggregated answers of one element: ``n`` answers given, ``total`` = sum of their scores."""

    code: str
    name: str
    n: int
    total: int
    weight: Fraction | None = None


@dataclass(frozen=True)
class ScoreSpread:
    """Count, sum and sum of squares of each respondent's weighted mean score r_i (1–4 scale)."""

    count: int
    total: Fraction
    total_squares: Fraction


# --------------------------------------------------------------------------------------------
# Outputs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementResult:
    """One element's figures.

    ``weight`` is the weight actually applied (after renormalisation, or 111/1000 in legacy
    mode; None when the element was left out), ``converted`` is NRR x 25 rounded half-up to
    2 decimals and ``mutu``/``kinerja`` are graded from it.
    """

    code: str
    name: str
    n: int
    total: int
    weight: Fraction | None
    nrr: Fraction | None
    nrr_weighted: Fraction | None
    converted: Decimal | None
    mutu: str | None
    kinerja: str | None

    def to_document(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "n": self.n,
            "sum": self.total,
            "nrr": _as_float(self.nrr),
            "nrr_weighted": _as_float(self.nrr_weighted),
            "mutu": self.mutu,
        }


@dataclass(frozen=True)
class IkmResult:
    """The IKM of one set of responses, exact, with its display value and grade."""

    respondents: int
    weights: str
    elements: tuple[ElementResult, ...]
    ikm: Fraction | None
    ikm_converted: Fraction | None
    ikm_display: Decimal | None
    mutu: str | None
    kinerja: str | None
    confidence_interval: tuple[Decimal, Decimal] | None = None

    def to_document(self) -> dict[str, Any]:
        """The contract's result document, plus ``interval`` (null when not computed)."""
        interval = None
        if self.confidence_interval is not None:
            low, high = self.confidence_interval
            interval = {"low": float(low), "high": float(high), "level": INTERVAL_LEVEL}
        return {
            "respondents": self.respondents,
            "elements": [element.to_document() for element in self.elements],
            "ikm": _as_float(self.ikm),
            "ikm_converted": _as_float(self.ikm_converted),
            "ikm_display": None if self.ikm_display is None else str(self.ikm_display),
            "mutu": self.mutu,
            "kinerja": self.kinerja,
            "weights": self.weights,
            "interval": interval,
        }

    def lowest_elements(self, k: int = 3) -> list[ElementResult]:
        """The ``k`` elements with the lowest NRR (for the RTL), ties kept in element order.

        Elements without answers are not ranked.
        """
        ranked = [element for element in self.elements if element.nrr is not None]
        ranked.sort(key=lambda element: element.nrr)  # stable: ties keep U1…U9 order
        return ranked[:k]


# --------------------------------------------------------------------------------------------
# Computation
# --------------------------------------------------------------------------------------------


def _validate_tallies(tallies: Sequence[ElementTally], respondents: int) -> None:
    if respondents < 0:
        raise ValueError("respondents must be >= 0")
    if not tallies:
        raise ValueError("at least one element is required")
    codes = [tally.code for tally in tallies]
    if len(set(codes)) != len(codes):
        raise ValueError(f"duplicate element codes in {codes}")
    for tally in tallies:
        if not 0 <= tally.n <= respondents:
            raise ValueError(f"element {tally.code}: n={tally.n} must be between 0 and {respondents}")
        if not SCORE_MIN * tally.n <= tally.total <= SCORE_MAX * tally.n:
            raise ValueError(
                f"element {tally.code}: sum {tally.total} impossible for {tally.n} answers of {SCORE_MIN}–{SCORE_MAX}"
            )


def _configured_weights(tallies: Sequence[ElementTally]) -> list[Fraction]:
    """Equal weights when none are given; otherwise all given, positive and summing to 1."""
    given = [tally.weight for tally in tallies]
    if all(weight is None for weight in given):
        return [Fraction(1, len(tallies))] * len(tallies)
    missing = [tally.code for tally in tallies if tally.weight is None]
    if missing:
        raise ValueError(f"weights must be given for every element or none; missing for {missing}")
    weights = [Fraction(weight) for weight in given]
    not_positive = [tally.code for tally, weight in zip(tallies, weights, strict=True) if weight <= 0]
    if not_positive:
        raise ValueError(f"weights must be positive; not for {not_positive}")
    if sum(weights) != 1:
        raise ValueError(f"weights must sum to exactly 1, they sum to {sum(weights)}")
    return weights


def legacy_weights_fit(weights: Sequence[Fraction | None]) -> bool:
    """Whether ``legacy-0.111`` fits elements configured with ``weights``: nine, equally weighted.

    ``weights`` are the elements' configured weights (all None, the default, means equal).
    """
    return len(weights) == LEGACY_ELEMENT_COUNT and len(set(weights)) == 1


def _applied_weights(tallies: Sequence[ElementTally], mode: str) -> list[Fraction | None]:
    """The weight each element's NRR is multiplied by; None for elements without answers.

    Exact mode renormalises the configured weights over the answered elements so that they
    still sum to 1: an element nobody answered (say fees, in a period when every patient was
    BPJS) is left out instead of counting as a zero, which would drag the IKM below 25. With
    every element answered (the normal case) the weights are the configured ones unchanged.
    Legacy mode reproduces the old spreadsheets literally: 0.111 per answered element, no
    renormalisation.
    """
    configured = _configured_weights(tallies)
    answered = [tally.n > 0 for tally in tallies]
    if mode == "legacy-0.111":
        if not legacy_weights_fit(configured):
            raise ValueError("legacy-0.111 weights apply only to the 9 standard elements, equally weighted")
        return [LEGACY_WEIGHT if ok else None for ok in answered]
    if mode != "exact":
        raise ValueError(f"unknown weights mode {mode!r}; expected one of {WEIGHT_MODES}")
    answered_weight = sum((w for w, ok in zip(configured, answered, strict=True) if ok), Fraction(0))
    if answered_weight == 0:
        return [None] * len(tallies)
    return [w / answered_weight if ok else None for w, ok in zip(configured, answered, strict=True)]


def _element_result(tally: ElementTally, weight: Fraction | None) -> ElementResult:
    if tally.n == 0 or weight is None:
        return ElementResult(tally.code, tally.name, tally.n, tally.total, None, None, None, None, None, None)
    nrr = Fraction(tally.total, tally.n)
    converted = round_half_up(nrr * CONVERSION)
    mutu, kinerja = grade(converted)
    return ElementResult(
        tally.code, tally.name, tally.n, tally.total, weight, nrr, nrr * weight, converted, mutu, kinerja
    )


def _sqrt(value: Fraction) -> Decimal:
    """Square root of a non-negative fraction, to 40 significant digits (no floats)."""
    with localcontext() as context:
        context.prec = 40
        return (Decimal(value.numerator) / Decimal(value.denominator)).sqrt()


def confidence_interval(ikm_converted: Fraction, spread: ScoreSpread) -> tuple[Decimal, Decimal] | None:
    """95% interval of the converted IKM: ``ikm_converted ± 1.96 x 25 x s / sqrt(count)``.

    ``s`` is the sample standard deviation of the respondents' weighted mean scores r_i. For
    respondents who answered every element the IKM *is* the mean of r_i, so this is the usual
    normal interval of a mean; when answers are skipped the IKM uses per-element denominators
    and the interval is an approximation. Bounds are clamped to the scale [25, 100] and
    rounded half-up to 2 decimals. None with fewer than two respondents.
    """
    if spread.count < 2:
        return None
    count = spread.count
    total, squares = Fraction(spread.total), Fraction(spread.total_squares)
    variance = max(Fraction(0), (squares - total * total / count) / (count - 1))
    half_width = Z_95 * CONVERSION * _sqrt(variance / count)
    half_width_exact = Fraction(half_width)
    low = max(Fraction(SCORE_MIN * CONVERSION), ikm_converted - half_width_exact)
    high = min(Fraction(SCORE_MAX * CONVERSION), ikm_converted + half_width_exact)
    return round_half_up(low), round_half_up(high)


def compute(
    tallies: Sequence[ElementTally],
    respondents: int,
    weights: str = "exact",
    spread: ScoreSpread | None = None,
) -> IkmResult:
    """Compute NRR per element, the IKM, its display value, grade and optional interval.

    ``weights`` is ``"exact"`` (the configured weights, equal 1/len by default) or
    ``"legacy-0.111"``. Elements with no answers get ``nrr`` None and are left out of the IKM
    (see :func:`_applied_weights`). With no respondents, or no element answered, the IKM,
    display value and grade are None. Raises ValueError on inconsistent input or weights.
    """
    _validate_tallies(tallies, respondents)
    applied = _applied_weights(tallies, weights)
    elements = tuple(_element_result(t, w) for t, w in zip(tallies, applied, strict=True))
    weighted = [element.nrr_weighted for element in elements if element.nrr_weighted is not None]
    if respondents == 0 or not weighted:
        return IkmResult(respondents, weights, elements, None, None, None, None, None, None)
    ikm = sum(weighted, Fraction(0))
    converted = ikm * CONVERSION
    display = round_half_up(converted)
    mutu, kinerja = grade(display)
    interval = confidence_interval(converted, spread) if spread is not None else None
    return IkmResult(respondents, weights, elements, ikm, converted, display, mutu, kinerja, interval)


# --------------------------------------------------------------------------------------------
# Reference path from raw rows
# --------------------------------------------------------------------------------------------


def _score(row: Mapping[str, int | None], code: str) -> int | None:
    value = row.get(code)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
        raise ValueError(f"element {code}: score {value!r} is not an integer {SCORE_MIN}–{SCORE_MAX}")
    return value


def tally_rows(
    rows: Iterable[Mapping[str, int | None]], elements: Sequence[tuple[str, str]]
) -> tuple[list[ElementTally], int, ScoreSpread]:
    """Tally raw answer rows (code -> 1..4 or None) with equal weights.

    Every row counts as a respondent. A respondent's r_i is the mean of the scores they gave
    (the equal-weight mean over the elements they answered); a row with no answers at all
    adds nothing to the spread.
    """
    codes = [code for code, _ in elements]
    counts = dict.fromkeys(codes, 0)
    totals = dict.fromkeys(codes, 0)
    respondents = 0
    spread_count, spread_total, spread_squares = 0, Fraction(0), Fraction(0)
    for row in rows:
        respondents += 1
        scores = [(code, _score(row, code)) for code in codes]
        given = [(code, score) for code, score in scores if score is not None]
        for code, score in given:
            counts[code] += 1
            totals[code] += score
        if given:
            mean = Fraction(sum(score for _, score in given), len(given))
            spread_count += 1
            spread_total += mean
            spread_squares += mean * mean
    tallies = [ElementTally(code, name, counts[code], totals[code]) for code, name in elements]
    return tallies, respondents, ScoreSpread(spread_count, spread_total, spread_squares)

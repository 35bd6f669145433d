"""The IKM engine against SKM.md §6 and the grade rules of the "Decisions" section."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skm.tenants.questionnaires.standard import STANDARD_ELEMENTS, element_names
from skm.tenants.results.engine import (
    WEIGHT_MODES,
    ElementTally,
    ScoreSpread,
    compute,
    grade,
    round_half_up,
    tally_rows,
)
from tests.fixtures.skm_fixtures import (
    ALL_FOUR_EXPECTED,
    ALL_FOUR_ROWS,
    CODES,
    FIXTURE_A_EXPECTED,
    FIXTURE_A_NRR,
    FIXTURE_A_ROWS,
    FIXTURE_A_SUMS,
    FIXTURE_B_EXPECTED,
    FIXTURE_B_ROWS,
    FIXTURE_C_COUNTS,
    FIXTURE_C_EXPECTED,
    FIXTURE_C_ROWS,
    FIXTURE_C_SUMS,
)

ELEMENTS = element_names()


def run(rows, weights="exact"):
    tallies, respondents, spread = tally_rows(rows, ELEMENTS)
    return compute(tallies, respondents, weights=weights, spread=spread)


# --- fixtures of §6 ---------------------------------------------------------------------------


def test_fixture_a_exact():
    result = run(FIXTURE_A_ROWS)
    assert result.respondents == 10
    assert [e.total for e in result.elements] == list(FIXTURE_A_SUMS)
    assert [e.nrr for e in result.elements] == list(FIXTURE_A_NRR)
    assert [e.n for e in result.elements] == [10] * 9
    assert result.ikm == Fraction(297, 90) == FIXTURE_A_EXPECTED["ikm"]
    assert result.ikm_converted == Fraction(165, 2)
    assert result.ikm_display == Decimal("82.50")
    assert (result.mutu, result.kinerja) == ("B", "Baik")
    assert tuple(e.mutu for e in result.elements) == FIXTURE_A_EXPECTED["element_mutu"]
    assert tuple(str(e.converted) for e in result.elements) == FIXTURE_A_EXPECTED["element_converted"]
    assert result.elements[0].nrr_weighted == Fraction(34, 90)


def test_fixture_a_lowest_elements():
    result = run(FIXTURE_A_ROWS)
    assert [e.code for e in result.lowest_elements()] == ["U3", "U8", "U9"]
    assert [e.code for e in result.lowest_elements(1)] == ["U3"]
    assert result.lowest_elements(3)[0].name == "Waktu Penyelesaian"


def test_fixture_a_legacy():
    result = run(FIXTURE_A_ROWS, weights="legacy-0.111")
    assert result.weights == "legacy-0.111"
    assert result.ikm == Fraction(297, 10) * Fraction(111, 1000)
    assert str(result.ikm_display) == "82.42"
    assert result.mutu == "B"
    assert result.elements[0].nrr_weighted == Fraction(34, 10) * Fraction(111, 1000)


def test_fixture_b_exact_vs_legacy_flips_grade():
    exact = run(FIXTURE_B_ROWS)
    legacy = run(FIXTURE_B_ROWS, weights="legacy-0.111")
    assert exact.ikm == FIXTURE_B_EXPECTED["ikm"]
    assert (str(exact.ikm_display), exact.mutu, exact.kinerja) == ("88.33", "A", "Sangat Baik")
    # 88.245 exactly: half-up gives 88.25, never the float artefact 88.24
    assert legacy.ikm_converted == Fraction(88245, 1000)
    assert (str(legacy.ikm_display), legacy.mutu) == ("88.25", "B")


def test_all_fours():
    assert str(run(ALL_FOUR_ROWS).ikm_display) == ALL_FOUR_EXPECTED["ikm_display"] == "100.00"
    assert str(run(ALL_FOUR_ROWS, "legacy-0.111").ikm_display) == ALL_FOUR_EXPECTED["legacy_display"]


def test_fixture_c_per_element_denominators():
    result = run(FIXTURE_C_ROWS)
    assert result.respondents == 4
    assert [e.total for e in result.elements] == list(FIXTURE_C_SUMS)
    assert [e.n for e in result.elements] == list(FIXTURE_C_COUNTS)
    assert result.elements[3].nrr == 4
    assert str(result.ikm_display) == FIXTURE_C_EXPECTED["ikm_display"] == "79.17"
    assert str(result.ikm_display) != FIXTURE_C_EXPECTED["wrong_grand_mean_display"]
    assert (result.mutu, result.kinerja) == ("B", "Baik")


# --- rounding and grades ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("25.00", "D"),
        ("64.99", "D"),
        ("65.00", "C"),
        ("76.60", "C"),
        ("76.61", "B"),
        ("88.30", "B"),
        ("88.31", "A"),
        ("100.00", "A"),
    ],
)
def test_grade_boundaries(display, expected):
    assert grade(Decimal(display))[0] == expected


def test_grade_labels():
    assert grade(Decimal("90")) == ("A", "Sangat Baik")
    assert grade(Decimal("80")) == ("B", "Baik")
    assert grade(Decimal("70")) == ("C", "Kurang Baik")
    assert grade(Decimal("50")) == ("D", "Tidak Baik")


@pytest.mark.parametrize(
    ("converted", "display", "mutu"),
    [
        (Fraction(64995, 1000), "65.00", "C"),
        (Fraction(76605, 1000), "76.61", "B"),
        (Fraction(88305, 1000), "88.31", "A"),
        (Fraction(88305, 1000) - Fraction(1, 10**9), "88.30", "B"),
    ],
)
def test_half_up_in_the_gaps(converted, display, mutu):
    shown = round_half_up(converted)
    assert str(shown) == display
    assert grade(shown)[0] == mutu


def test_round_half_up_is_exact():
    assert str(round_half_up(Fraction(1, 3))) == "0.33"
    assert str(round_half_up(Fraction(2, 3))) == "0.67"
    assert str(round_half_up(Fraction(5, 2), 0)) == "3"
    assert str(round_half_up(Fraction(-5, 2), 0)) == "-3"
    assert str(round_half_up(Fraction(0))) == "0.00"
    assert str(round_half_up(Fraction(475, 3), 3)) == "158.333"
    # 2.675 is 2.67499999… as a float; exactly it rounds up
    assert str(round_half_up(Fraction("2.675"))) == "2.68"


def test_element_mutu_uses_same_rule():
    # NRR 3.5322 -> 88.305 -> 88.31 A
    tallies = [ElementTally("U1", "x", 5000, 17661)]
    result = compute(tallies, 5000)
    assert str(result.elements[0].converted) == "88.31"
    assert result.elements[0].mutu == "A"


# --- result document --------------------------------------------------------------------------


def test_result_document_shape():
    document = run(FIXTURE_A_ROWS).to_document()
    assert list(document) == [
        "respondents",
        "elements",
        "ikm",
        "ikm_converted",
        "ikm_display",
        "mutu",
        "kinerja",
        "weights",
        "interval",
    ]
    assert document["respondents"] == 10
    assert isinstance(document["ikm"], float)
    assert document["ikm"] == 3.3
    assert document["ikm_converted"] == 82.5
    assert document["ikm_display"] == "82.50"
    assert (document["mutu"], document["kinerja"], document["weights"]) == ("B", "Baik", "exact")
    assert [e["code"] for e in document["elements"]] == list(CODES)
    first = document["elements"][0]
    assert list(first) == ["code", "name", "n", "sum", "nrr", "nrr_weighted", "mutu"]
    assert first == {
        "code": "U1",
        "name": "Persyaratan",
        "n": 10,
        "sum": 34,
        "nrr": 3.4,
        "nrr_weighted": float(Fraction(34, 90)),
        "mutu": "B",
    }
    assert all(isinstance(e["nrr"], float) and isinstance(e["n"], int) for e in document["elements"])
    interval = document["interval"]
    assert set(interval) == {"low", "high", "level"}
    assert interval["level"] == 0.95
    assert interval["low"] < 82.5 < interval["high"]


def test_document_json_round_trip():
    import json

    document = run(FIXTURE_C_ROWS).to_document()
    assert json.loads(json.dumps(document)) == document


def test_no_respondents():
    tallies = [ElementTally(code, name, 0, 0) for code, name in ELEMENTS]
    result = compute(tallies, 0, spread=ScoreSpread(0, Fraction(0), Fraction(0)))
    document = result.to_document()
    assert (result.ikm, result.ikm_display, result.mutu, result.confidence_interval) == (None,) * 4
    for key in ("ikm", "ikm_converted", "ikm_display", "mutu", "kinerja", "interval"):
        assert document[key] is None, key
    assert all(e["nrr"] is None and e["mutu"] is None and e["n"] == 0 for e in document["elements"])
    assert result.lowest_elements() == []


def test_element_without_answers_is_left_out_and_weights_renormalised():
    rows = [{**row, "U4": None} for row in FIXTURE_A_ROWS]
    result = run(rows)
    u4 = result.elements[3]
    assert (u4.n, u4.nrr, u4.nrr_weighted, u4.mutu) == (0, None, None, None)
    assert result.ikm == sum(FIXTURE_A_NRR[:3] + FIXTURE_A_NRR[4:]) / 8
    assert sum(e.weight for e in result.elements if e.weight is not None) == 1
    assert result.to_document()["elements"][3]["nrr"] is None


def test_legacy_skips_unanswered_element_without_renormalising():
    rows = [{**row, "U4": None} for row in FIXTURE_A_ROWS]
    result = run(rows, weights="legacy-0.111")
    assert result.ikm == (Fraction(297, 10) - 4) * Fraction(111, 1000)


# --- weights ----------------------------------------------------------------------------------


def _tallies_a(weights):
    return [
        ElementTally(code, name, 10, total, weight)
        for (code, name), total, weight in zip(ELEMENTS, FIXTURE_A_SUMS, weights, strict=True)
    ]


def test_custom_weights():
    weights = [Fraction(1, 5)] + [Fraction(1, 10)] * 8
    result = compute(_tallies_a(weights), 10)
    expected = sum(w * n for w, n in zip(weights, FIXTURE_A_NRR, strict=True))
    assert result.ikm == expected
    assert result.ikm_display == round_half_up(expected * 25)


def test_explicit_equal_weights_match_default():
    assert compute(_tallies_a([Fraction(1, 9)] * 9), 10).ikm == run(FIXTURE_A_ROWS).ikm


@pytest.mark.parametrize(
    ("weights", "problem"),
    [
        ([Fraction(111, 1000)] * 9, "sum to exactly 1"),  # 0.999
        ([Fraction(1, 8)] * 9, "sum to exactly 1"),
        ([Fraction(1, 9)] * 8 + [None], "missing for"),
        ([Fraction(2, 9), Fraction(-1, 9)] + [Fraction(1, 9)] * 7, "positive"),
    ],
)
def test_bad_weights_rejected(weights, problem):
    with pytest.raises(ValueError, match=problem):
        compute(_tallies_a(weights), 10)


def test_legacy_requires_equal_weights():
    weights = [Fraction(1, 5)] + [Fraction(1, 10)] * 8
    with pytest.raises(ValueError, match="legacy"):
        compute(_tallies_a(weights), 10, weights="legacy-0.111")


def test_unknown_mode_rejected():
    assert WEIGHT_MODES == ("exact", "legacy-0.111")
    with pytest.raises(ValueError, match="weights mode"):
        compute(_tallies_a([None] * 9), 10, weights="0.11")


@pytest.mark.parametrize(
    ("tally", "respondents"),
    [
        (ElementTally("U1", "x", 11, 40), 10),  # more answers than respondents
        (ElementTally("U1", "x", 10, 41), 10),  # sum above 4 x n
        (ElementTally("U1", "x", 10, 9), 10),  # sum below 1 x n
        (ElementTally("U1", "x", -1, 0), 10),
    ],
)
def test_inconsistent_tallies_rejected(tally, respondents):
    with pytest.raises(ValueError, match="element U1"):
        compute([tally], respondents)


def test_duplicate_codes_and_empty_rejected():
    with pytest.raises(ValueError, match="duplicate"):
        compute([ElementTally("U1", "a", 1, 4), ElementTally("U1", "b", 1, 4)], 1)
    with pytest.raises(ValueError, match="at least one"):
        compute([], 0)


def test_tally_rows_rejects_bad_scores():
    with pytest.raises(ValueError, match="score 5"):
        tally_rows([{"U1": 5}], [("U1", "x")])
    with pytest.raises(ValueError, match="score True"):
        tally_rows([{"U1": True}], [("U1", "x")])


# --- confidence interval ----------------------------------------------------------------------


def test_interval_matches_normal_formula_for_complete_answers():
    result = run(FIXTURE_A_ROWS)
    means = [sum(row.values()) / 9 for row in FIXTURE_A_ROWS]
    mean = sum(means) / len(means)
    sd = math.sqrt(sum((m - mean) ** 2 for m in means) / (len(means) - 1))
    half = 1.96 * 25 * sd / math.sqrt(len(means))
    low, high = result.confidence_interval
    assert abs(float(low) - (82.5 - half)) < 0.006
    assert abs(float(high) - (82.5 + half)) < 0.006
    assert low.as_tuple().exponent == -2


def test_interval_clamped_and_absent_cases():
    all_four = run(ALL_FOUR_ROWS)
    assert all_four.confidence_interval == (Decimal("100.00"), Decimal("100.00"))
    one = run(FIXTURE_A_ROWS[:1])
    assert one.confidence_interval is None
    tallies, respondents, _ = tally_rows(FIXTURE_A_ROWS, ELEMENTS)
    assert compute(tallies, respondents).confidence_interval is None
    wide = compute(
        [ElementTally("U1", "x", 2, 5)], 2, spread=ScoreSpread(2, Fraction(5), Fraction(17))
    )  # scores 1 and 4
    assert wide.confidence_interval == (Decimal("25.00"), Decimal("100.00"))


# --- property: the engine equals an independent naive implementation --------------------------

score = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
row_strategy = st.lists(score, min_size=9, max_size=9).map(lambda s: dict(zip(CODES, s, strict=True)))


def naive_ikm(rows):
    """Straight from §2.1: mean of per-element NRRs over answered elements, x 25."""
    nrrs = []
    for code in CODES:
        given = [row[code] for row in rows if row[code] is not None]
        if given:
            nrrs.append(Fraction(sum(given), len(given)))
    if not rows or not nrrs:
        return None
    return sum(nrrs) / len(nrrs) * 25


@settings(max_examples=200, deadline=None)
@given(st.lists(row_strategy, min_size=0, max_size=40))
def test_property_engine_matches_naive(rows):
    result = run(rows)
    expected = naive_ikm(rows)
    if expected is None:
        assert result.ikm_display is None
        return
    assert result.ikm_converted == expected
    assert result.ikm_display == round_half_up(expected)
    assert Decimal("25.00") <= result.ikm_display <= Decimal("100.00")
    for element, code in zip(result.elements, CODES, strict=True):
        given_scores = [row[code] for row in rows if row[code] is not None]
        assert (element.n, element.total) == (len(given_scores), sum(given_scores))
    if result.confidence_interval is not None:
        low, high = result.confidence_interval
        assert Decimal(25) <= low <= high <= Decimal(100)


def test_standard_questionnaire_shape():
    assert [e.code for e in STANDARD_ELEMENTS] == list(CODES)
    assert ELEMENTS[7] == ("U8", "Penanganan Pengaduan, Saran dan Masukan")
    assert ELEMENTS[8] == ("U9", "Sarana dan Prasarana")
    for element in STANDARD_ELEMENTS:
        assert len(element.options_id) == len(element.options_en) == 4
        assert element.question_id.startswith("Bagaimana")
        assert element.question_en.endswith("?")
    assert STANDARD_ELEMENTS[3].options_id[-1] == "Gratis"

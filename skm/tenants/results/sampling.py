"""Krejcie & Morgan (1970) sample sizes, the SKM target under PermenPANRB 14/2017 (SKM.md §4.1)."""

from __future__ import annotations

from bisect import bisect_left
from fractions import Fraction

#: (population N, sample s), the published table; ``round(formula)`` reproduces every row.
# fmt: off
KREJCIE_MORGAN_TABLE: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148),
    (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175),
    (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254),
    (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291),
    (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313), (1800, 317), (1900, 320),
    (2000, 322), (2200, 327), (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346),
    (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368),
    (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (1000000, 384),
)
# fmt: on

_POPULATIONS = tuple(population for population, _ in KREJCIE_MORGAN_TABLE)

#: Chi-square for 1 degree of freedom at 95%, proportion P and margin of error d.
CHI_SQUARE = Fraction("3.841")
PROPORTION = Fraction(1, 2)
MARGIN = Fraction(5, 100)


def _check_population(population: int) -> None:
    if isinstance(population, bool) or not isinstance(population, int):
        raise TypeError(f"population must be an int, not {type(population).__name__}")
    if population < 1:
        raise ValueError(f"population must be at least 1, got {population}")


def target_sample(population: int) -> int:
    """Target respondents for a population served: the table's next-higher row (conservative).

    N <= 10 means surveying everyone; above the last row (1,000,000) the value stays 384.
    """
    _check_population(population)
    if population <= _POPULATIONS[0]:
        return population
    index = bisect_left(_POPULATIONS, population)
    if index == len(_POPULATIONS):
        return KREJCIE_MORGAN_TABLE[-1][1]
    return KREJCIE_MORGAN_TABLE[index][1]


def krejcie_morgan_formula(population: int) -> float:
    """s = X²NP(1−P) / (d²(N−1) + X²P(1−P)), computed exactly and returned as a float."""
    _check_population(population)
    spread = CHI_SQUARE * PROPORTION * (1 - PROPORTION)
    sample = spread * population / (MARGIN**2 * (population - 1) + spread)
    return float(sample)

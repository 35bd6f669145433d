"""A horizontal bar chart of NRR x 25 per element, as numbers an SVG template draws.

Drawn on the server (no JavaScript, no images) so it prints, works under the strict CSP and
reads the same on a phone. Bars are coloured by grade band (A–D) through CSS classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from skm.tenants.results.engine import ElementResult

WIDTH = 320
LABEL_WIDTH = 40
VALUE_WIDTH = 48
BAR_HEIGHT = 20
GAP = 8
TOP = 6
AXIS_HEIGHT = 18
SCALE_MAX = Decimal(100)
TICKS = (0, 25, 50, 75, 100)
#: the regency's ranking: wider, with room for agencies' short names
RANKING_WIDTH = 560
RANKING_LABEL_WIDTH = 170


@dataclass(frozen=True)
class Bar:
    code: str
    name: str
    value: Decimal | None
    grade: str | None
    y: int
    width: float
    lowest: bool


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    plot_x: int
    plot_width: int
    ticks: list[tuple[int, float]]

    def value_x(self, bar: Bar) -> float:
        return self.plot_x + bar.width + 4


def bar_chart(elements: list[ElementResult], names: dict[str, str], lowest: set[str]) -> Chart:
    """Geometry for one bar per element (empty for elements nobody answered)."""
    items = [(e.code, names.get(e.code, e.name), e.converted, e.mutu, e.code in lowest) for e in elements]
    return _layout(items, WIDTH, LABEL_WIDTH)


def ranking_chart(items: list[tuple[str, str, Decimal | None, str | None]]) -> Chart:
    """Geometry for one bar per agency: ``(label, full name, IKM on 25–100, grade)``, in rank order."""
    return _layout([(*item, False) for item in items], RANKING_WIDTH, RANKING_LABEL_WIDTH)


def _layout(items, width: int, label_width: int) -> Chart:
    plot_width = width - label_width - VALUE_WIDTH
    bars = []
    for index, (code, name, value, grade, is_lowest) in enumerate(items):
        length = 0.0 if value is None else float(value / SCALE_MAX) * plot_width
        bars.append(Bar(code, name, value, grade, TOP + index * (BAR_HEIGHT + GAP), round(length, 1), is_lowest))
    plot_bottom = TOP + len(items) * (BAR_HEIGHT + GAP)
    ticks = [(tick, label_width + plot_width * tick / 100) for tick in TICKS]
    return Chart(bars, width, plot_bottom + AXIS_HEIGHT, label_width, plot_width, ticks)

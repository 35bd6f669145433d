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
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, element in enumerate(elements):
        value = element.converted
        width = 0.0 if value is None else float(value / SCALE_MAX) * plot_width
        bars.append(Bar(element.code, names.get(element.code, element.name), value, element.mutu,
                        TOP + index * (BAR_HEIGHT + GAP), round(width, 1), element.code in lowest))
    plot_bottom = TOP + len(elements) * (BAR_HEIGHT + GAP)
    ticks = [(tick, LABEL_WIDTH + plot_width * tick / 100) for tick in TICKS]
    return Chart(bars, WIDTH, plot_bottom + AXIS_HEIGHT, LABEL_WIDTH, plot_width, ticks)

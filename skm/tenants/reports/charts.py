"""Charts as reportlab Drawings (each is a flowable for the story)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String

from skm.tenants.reports.styles import BOLD, FONT, GRID, NAVY, register_fonts

PALETTE = ("#1f3a5f", "#2f6db3", "#5b9bd5", "#9dc3e6", "#d18b00", "#7f7f7f", "#1b7f3b", "#b3261e")


def _title(drawing: Drawing, text: str) -> None:
    drawing.add(String(drawing.width / 2, drawing.height - 12, text, fontName=BOLD, fontSize=9, textAnchor="middle"))


def horizontal_bars(labels: Sequence[str], values: Sequence[float], title: str, *, width: float = 440,
                    value_max: float | None = None, value_format: str | Callable = "%.2f",
                    label_width: float = 170, row: float = 16, font_size: float = 7.5) -> Drawing:
    """One bar per label, top to bottom in the given order, values written at the bar ends."""
    register_fonts()
    height = max(60, row * len(labels) + 40)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = label_width, 12, width - label_width - 40, height - 34
    chart.data = [list(reversed(values)) or [0]]
    chart.categoryAxis.categoryNames = list(reversed(labels)) or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = font_size
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    if value_max is not None:
        chart.valueAxis.valueMax = value_max
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.visibleGrid = True
    chart.bars[0].fillColor = NAVY
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = value_format
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = font_size - 0.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    _title(drawing, title)
    return drawing


def trend_line(labels: Sequence[str], values: Sequence[float], title: str, *, width: float = 440,
               value_format: str | Callable = "%.2f") -> Drawing:
    """The IKM (25–100) per period as a line with its points labelled."""
    register_fonts()
    drawing = Drawing(width, 190)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, width - 70, 130
    chart.data = [list(values)]
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = max(0, min(values) - 10) // 5 * 5 if values else 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.lines[0].strokeColor = NAVY
    chart.lines[0].strokeWidth = 2
    chart.lineLabelFormat = value_format
    chart.lineLabels.fontName = FONT
    chart.lineLabels.fontSize = 7.5
    chart.lineLabels.dy = 7
    drawing.add(chart)
    _title(drawing, title)
    return drawing

"""The page set-up every tenant PDF shares: A4, a framed cover and body pages with a running header."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

from skm.tenants.reports import formatting as fmt
from skm.tenants.reports.styles import FONT, GRID, NAVY, styles, table_style
from skm.tenants.reports.texts import t


class ReportDocument:
    """Shared page set-up of the tenant reports: A4, a cover template and a body template."""

    pagesize = A4
    #: the page template of the first page (``cover``: framed, no running header)
    first_template = "cover"
    margins = (2.2 * cm, 2 * cm, 2 * cm, 2 * cm)  # top, right, bottom, left

    def __init__(self, language: str = "id", progress: Callable[[int], None] | None = None):
        self.lang = language
        self.s = styles()
        self.progress = progress or (lambda percent: None)

    # ---- hooks ------------------------------------------------------------------------------
    def header_text(self) -> tuple[str, str]:
        """Left and right of the running header."""
        raise NotImplementedError

    def footer_text(self) -> str:
        return ""

    def title(self) -> str:
        raise NotImplementedError

    def author(self) -> str:
        return ""

    def on_page(self, canvas, doc) -> None:
        """Running header (agency, report title) and page number on every body page."""
        width, height = self.pagesize
        top, right, bottom, left = self.margins
        left_text, right_text = self.header_text()
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(NAVY)
        canvas.drawString(left, height - top + 14, left_text[:90])
        canvas.drawRightString(width - right, height - top + 14, right_text)
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        canvas.line(left, height - top + 10, width - right, height - top + 10)
        canvas.line(left, bottom - 12, width - right, bottom - 12)
        canvas.drawRightString(width - right, bottom - 24, f"{t('page', self.lang)} {doc.page}")
        canvas.drawString(left, bottom - 24, self.footer_text())
        canvas.restoreState()

    def on_cover(self, canvas, doc) -> None:
        """A double navy frame around the cover page."""
        width, height = self.pagesize
        canvas.saveState()
        canvas.setStrokeColor(NAVY)
        canvas.setLineWidth(2.5)
        canvas.rect(1.4 * cm, 1.4 * cm, width - 2.8 * cm, height - 2.8 * cm)
        canvas.setLineWidth(0.7)
        canvas.rect(1.6 * cm, 1.6 * cm, width - 3.2 * cm, height - 3.2 * cm)
        canvas.restoreState()

    def story(self) -> list:
        raise NotImplementedError

    # ---- building ---------------------------------------------------------------------------
    def build(self, target: Path) -> None:
        width, height = self.pagesize
        top, right, bottom, left = self.margins
        frame = Frame(left, bottom, width - left - right, height - top - bottom, id="body")
        templates = [PageTemplate("cover", [frame], onPage=self.on_cover),
                     PageTemplate("body", [frame], onPage=self.on_page)]
        templates.sort(key=lambda template: template.id != self.first_template)
        doc = BaseDocTemplate(str(target), pagesize=self.pagesize, title=self.title(), author=self.author(),
                              pageTemplates=templates)
        doc.build(self.story())

    # ---- small builders ---------------------------------------------------------------------
    def p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(text, self.s[style])

    def table(self, rows: list[list], widths: list[float], *, header_rows: int = 1, extra: list | None = None,
              font_size: float = 8.5, repeat: bool = True) -> Table:
        table = Table(rows, colWidths=widths, repeatRows=header_rows if repeat else 0)
        table.setStyle(TableStyle(table_style(header_rows, font_size=font_size) + (extra or [])))
        return table

    def num(self, value, places: int) -> str:
        return fmt.number(value, places, self.lang)

    def chart_number(self, places: int) -> Callable[[float], str]:
        return lambda value: fmt.number(value, places, self.lang)



"""The one-page public summary (IKM, grade, n, the elements) for notice boards and websites, as PDF and PNG.

The PNG is the PDF page rendered by poppler's ``pdftoppm`` (Debian package poppler-utils, installed
by scripts/install-report-tools.sh): reportlab's own bitmap renderer needs rl_renderPM or pycairo,
neither of which installs offline here.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from flask import current_app
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from skm.tenants.reports import formatting as fmt
from skm.tenants.reports.charts import horizontal_bars
from skm.tenants.reports.data import ReportData
from skm.tenants.reports.styles import BOLD, FONT, GRADE_COLORS, NAVY, register_fonts
from skm.tenants.reports.texts import t
from skm.tenants.settings.logo import logo_file


class SummaryUnavailable(RuntimeError):
    """The PNG cannot be made on this machine (pdftoppm missing)."""


def write_summary_pdf(data: ReportData, target: Path) -> None:
    register_fonts()
    lang, result = data.language, data.result
    width, height = A4
    canvas = Canvas(str(target), pagesize=A4)
    canvas.setTitle(f"IKM {data.tenant.name}")
    canvas.setFillColor(NAVY)
    canvas.rect(0, height - 5.2 * cm, width, 5.2 * cm, stroke=0, fill=1)
    if (logo := logo_file(data.tenant.settings)) is not None:
        canvas.drawImage(str(logo), 1.5 * cm, height - 4.4 * cm, 3.4 * cm, 3.4 * cm, preserveAspectRatio=True,
                         mask="auto")
    canvas.setFillColor(colors.white)
    canvas.setFont(BOLD, 15)
    heading = "HASIL SURVEI KEPUASAN MASYARAKAT" if lang == "id" else "PUBLIC SATISFACTION SURVEY RESULTS"
    canvas.drawCentredString(width / 2, height - 2 * cm, heading)
    canvas.setFont(BOLD, 13)
    canvas.drawCentredString(width / 2, height - 2.9 * cm, data.tenant.name[:70])
    canvas.setFont(FONT, 10)
    canvas.drawCentredString(width / 2, height - 3.7 * cm, fmt.period(data.survey.starts_on, data.survey.ends_on,
                                                                       lang))
    _score_boxes(canvas, data, height - 10.5 * cm)
    if result.ikm_display is not None:
        labels = [f"{e.code} {e.name}" for e in result.elements]
        values = [0 if e.converted is None else float(e.converted) for e in result.elements]
        chart = horizontal_bars(labels, values, "NRR x 25" if lang == "en" else "Nilai per unsur (NRR x 25)",
                                width=width - 3 * cm, value_max=100, label_width=215, row=32, font_size=9.5,
                                value_format=lambda value: fmt.number(value, 2, lang))
        chart.drawOn(canvas, 1.5 * cm, height - 12.6 * cm - chart.height)
    canvas.setFont(FONT, 8)
    canvas.setFillColor(colors.HexColor("#444444"))
    mode = "weights_legacy" if result.weights == "legacy-0.111" else "weights_exact"
    canvas.drawCentredString(width / 2, 2.2 * cm, t(mode, lang))
    canvas.drawCentredString(width / 2, 1.7 * cm, "PermenPANRB 14/2017 · " + data.survey.title[:80])
    _public_link(canvas, data, width / 2, 2.8 * cm)
    canvas.showPage()
    canvas.save()


def _public_link(canvas: Canvas, data: ReportData, x: float, y: float) -> None:
    """Where the full results are public, once the agency published them (a clickable link)."""
    if data.survey.published_at is None:
        return
    url = f"{current_app.config['SKM_BASE_URL']}/p/{data.tenant.slug}/{data.survey.public_code}"
    text = ("Hasil lengkap: " if data.language == "id" else "Full results: ") + url
    canvas.setFont(BOLD, 9)
    canvas.drawCentredString(x, y, text)
    half = canvas.stringWidth(text, BOLD, 9) / 2
    canvas.linkURL(url, (x - half, y - 2, x + half, y + 9), relative=0)


def _score_boxes(canvas: Canvas, data: ReportData, y: float) -> None:
    """Three boxes: IKM, grade, respondents."""
    lang, result = data.language, data.result
    width = A4[0]
    boxes = [("IKM", fmt.number(result.ikm_display, 2, lang), NAVY),
             (t("grade", lang), f"{result.mutu or '—'}", GRADE_COLORS.get(result.mutu, NAVY)),
             (t("respondents", lang), fmt.integer(result.respondents, lang), NAVY)]
    box_width, gap = 5.2 * cm, 0.6 * cm
    x = (width - 3 * box_width - 2 * gap) / 2
    for label, value, color in boxes:
        canvas.setStrokeColor(color)
        canvas.setLineWidth(2)
        canvas.roundRect(x, y, box_width, 4 * cm, 8, stroke=1, fill=0)
        canvas.setFillColor(color)
        canvas.setFont(BOLD, 34)
        canvas.drawCentredString(x + box_width / 2, y + 1.6 * cm, value)
        canvas.setFont(FONT, 10)
        canvas.drawCentredString(x + box_width / 2, y + 0.6 * cm, label)
        x += box_width + gap
    if result.kinerja:
        canvas.setFont(BOLD, 12)
        canvas.setFillColor(GRADE_COLORS.get(result.mutu, NAVY))
        canvas.drawCentredString(width / 2, y - 0.8 * cm, f"{t('kinerja', lang)}: {result.kinerja.upper()}")


def pdf_to_png(pdf: Path, target: Path, dpi: int = 110) -> None:
    """Render the first page of ``pdf`` to ``target`` with pdftoppm."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise SummaryUnavailable("PNG belum dapat dibuat: paket poppler-utils (pdftoppm) belum terpasang di server.")
    stem = target.with_suffix("")
    command = [tool, "-png", "-singlefile", "-r", str(dpi), str(pdf), str(stem)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603 -- our own paths
    stem.with_suffix(".png").replace(target)

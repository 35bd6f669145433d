"""A printable A4 poster for a service counter: agency, service, QR code, short instructions."""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from skm.tenants.collection.qr import qr_matrix

INSTRUCTIONS = (
    "1. Pindai kode QR ini dengan kamera ponsel Anda.",
    "2. Jawab sembilan pertanyaan singkat (sekitar 2 menit).",
    "3. Tekan \u201cKirim jawaban\u201d. Jawaban Anda anonim.",
)
MALL_INSTRUCTIONS = (
    "1. Pindai kode QR ini dengan kamera ponsel Anda.",
    "2. Pilih instansi yang melayani Anda, lalu jawab survei singkatnya.",
    "3. Tekan \u201cKirim jawaban\u201d. Jawaban Anda anonim.",
)
ACCENT = HexColor("#0b5cad")


def poster_pdf(*, agency: str, service: str | None, survey_title: str, url: str,
               instructions: tuple[str, ...] = INSTRUCTIONS) -> bytes:
    """The poster as PDF bytes (reportlab's built-in Helvetica: no font files needed).

    ``agency`` heads it (a mall's poster gives the mall's name and :data:`MALL_INSTRUCTIONS`).
    """
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(f"SKM - {agency}")
    width, height = A4
    canvas.setFillColor(ACCENT)
    canvas.rect(0, height - 4.2 * cm, width, 4.2 * cm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    _centred(canvas, agency, height - 2 * cm, 20, bold=True)
    _centred(canvas, "Survei Kepuasan Masyarakat", height - 3.2 * cm, 15)
    canvas.setFillColor(black)
    _centred(canvas, "Bantu kami memperbaiki pelayanan!", height - 5.6 * cm, 22, bold=True)
    if service:
        _centred(canvas, f"Layanan: {service}", height - 6.8 * cm, 16)
    _draw_qr(canvas, url, size=12 * cm, top=height - 7.6 * cm)
    y = height - 21 * cm
    for line in instructions:
        canvas.setFont("Helvetica", 14)
        canvas.drawString(3 * cm, y, line)
        y -= 0.9 * cm
    canvas.setFont("Helvetica", 10)
    _centred(canvas, f"Atau buka: {url}", 3 * cm, 10)
    _centred(canvas, survey_title, 2.2 * cm, 10)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _centred(canvas: Canvas, text: str, y: float, size: float, bold: bool = False) -> None:
    """One centred line, shrunk to fit the page width (long agency names)."""
    font = "Helvetica-Bold" if bold else "Helvetica"
    size = min(size, size * (A4[0] - 3 * cm) / stringWidth(text, font, size))
    canvas.setFont(font, size)
    canvas.drawCentredString(A4[0] / 2, y, text)


def _draw_qr(canvas: Canvas, url: str, *, size: float, top: float) -> None:
    matrix = qr_matrix(url)
    module = size / len(matrix)
    left = (A4[0] - size) / 2
    for row_index, row in enumerate(matrix):
        y = top - (row_index + 1) * module
        for start, length in _dark_runs(row):  # one rectangle per run: no hairline gaps when printed
            canvas.rect(left + start * module, y, length * module, module, stroke=0, fill=1)


def _dark_runs(row: list[bool]) -> list[tuple[int, int]]:
    runs, start = [], None
    for index, dark in enumerate([*row, False]):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            runs.append((start, index - start))
            start = None
    return runs

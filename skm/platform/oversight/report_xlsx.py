"""The regency report of a period as a spreadsheet: the ranking and each agency's element NRRs."""

from __future__ import annotations

from pathlib import Path

from skm.platform.oversight.report_data import RegencyData
from skm.platform.oversight.standings import Standing
from skm.tenants.questionnaires.standard import STANDARD_ELEMENTS
from skm.tenants.reports.xlsx_stream import BOLD, DECIMAL3, HEADER, StreamingWorkbook, cell, row

HEADERS = {
    "id": ["Peringkat", "Kode", "Instansi", "Responden", "Target sampel", "Di bawah target", "IKM", "Mutu",
           "Kinerja", "Perubahan (poin)", "Unsur terendah"],
    "en": ["Rank", "Code", "Agency", "Respondents", "Sample target", "Below target", "IKM", "Grade",
           "Performance", "Change (points)", "Lowest element"],
}
YES_NO = {"id": ("ya", "tidak"), "en": ("yes", "no")}


def write_regency_xlsx(data: RegencyData, target: Path) -> None:
    book = StreamingWorkbook(target)
    _ranking_sheet(book, data)
    _elements_sheet(book, data)
    book.close()


def _ranking_sheet(book: StreamingWorkbook, data: RegencyData) -> None:
    lang = data.language
    sheet = book.sheet("Peringkat" if lang == "id" else "Ranking", {2: 48, 10: 22}, freeze_header=True)
    sheet.values(HEADERS[lang], HEADER)
    for rank, standing in enumerate(data.rows, 1):
        sheet.values(_ranking_cells(rank, standing, lang))
    combined = data.combined
    label = f"{data.title} ({combined['method']})"
    sheet.values(["", "", label, combined.get("respondents"), None, None, _number(combined["ikm_display"]),
                  combined["mutu"], combined["kinerja"]], BOLD)
    sheet.close()


def _ranking_cells(rank: int, standing: Standing, lang: str) -> list:
    result, weakest = standing.result, standing.weakest
    return [rank, standing.tenant.slug, standing.tenant.name, standing.respondents, standing.target,
            YES_NO[lang][0 if standing.below_target else 1],
            _number(result.ikm_display if result else None), result.mutu if result else None,
            result.kinerja if result else None, _number(standing.change),
            f"{weakest.code} {weakest.name}" if weakest else None]


def _elements_sheet(book: StreamingWorkbook, data: RegencyData) -> None:
    codes = [element.code for element in STANDARD_ELEMENTS]
    sheet = book.sheet("NRR", {1: 48}, freeze_header=True)
    sheet.values(["Kode" if data.language == "id" else "Code", "Instansi" if data.language == "id" else "Agency",
                  *codes], HEADER)
    for standing in data.ranked:
        nrr = {element.code: element.nrr for element in standing.result.elements}
        sheet.write(row([cell(standing.tenant.slug), cell(standing.tenant.name),
                         *(cell(None if nrr[code] is None else float(nrr[code]), DECIMAL3) for code in codes)]))
    sheet.close()


def _number(value) -> float | None:
    return None if value is None else float(value)

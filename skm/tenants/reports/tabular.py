"""Spreadsheet exports, streamed: XLSX (see xlsx_stream) and CSV (UTF-8 with BOM, two dialects).

Rows come from a server-side cursor and go straight to the file; memory stays flat however many
responses a survey has. Every text cell passes :func:`neutralise` (formula injection) and comments
have their phone numbers and email addresses masked. Invitations (the only contact data) are
never read here. The response channel comes twice: its code (for formulas and scripts) and its
label in the report's language.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from skm.platform.web.labels import RESPONSE_CHANNELS, in_language
from skm.tenants.reports import texts
from skm.tenants.reports.data import ReportData
from skm.tenants.reports.sanitize import comment_cell, neutralise
from skm.tenants.reports.xlsx_stream import (
    ANSWER_CELLS,
    BOLD,
    DECIMAL3,
    HEADER,
    StreamingWorkbook,
    cell,
    row,
    text_cell,
)
from skm.tenants.responses import profile

PROGRESS_EVERY = 20000
#: columns of a response before its answers: No, ID, date, channel code and label, service, profile (4)
FIXED_COLUMNS = 10
FRACTIONAL = frozenset((float, Decimal))


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV separates cells and writes decimals; text cells are the same in every dialect."""

    delimiter: str
    decimal: str

    def cells(self, cells: list) -> list:
        """``cells`` with fractional numbers written with this dialect's decimal separator."""
        if self.decimal == "." or FRACTIONAL.isdisjoint(map(type, cells)):  # the cheap common case
            return cells
        return [str(v).replace(".", self.decimal) if type(v) in FRACTIONAL else v for v in cells]


DIALECT_RULES = {"rfc4180": CsvDialect(",", "."), "excel-id": CsvDialect(";", ",")}


def _headers(data: ReportData) -> list[str]:
    lang = data.language
    fixed = ["No", "ID", "Tanggal" if lang == "id" else "Date", "Kode kanal" if lang == "id" else "Channel code",
             "Kanal" if lang == "id" else "Channel", texts.t("service", lang), texts.t("gender", lang),
             texts.t("age_band", lang), texts.t("education", lang), texts.t("occupation", lang)]
    return fixed + [e.code for e in data.elements] + ["Saran" if lang == "id" else "Comment"]


class ResponseCells:
    """One response as cells: the channel as code and label, profile codes as labels, answers as numbers."""

    def __init__(self, lang: str):
        self.lang, self.channels = lang, in_language(RESPONSE_CHANNELS, lang)

    def __call__(self, number: int, row) -> list:
        rid, day, channel, service, gender, age, education, occupation, comment = row[:9]
        lang = self.lang
        return [number, rid, day.isoformat(), channel, self.channels.get(channel, channel), neutralise(service or ""),
                profile.label("gender", gender, lang) if gender else "", "" if age is None else age,
                profile.label("education", education, lang) if education else "",
                profile.label("occupation", occupation, lang) if occupation else "",
                *row[9:], comment_cell(comment)]


def write_csv(data: ReportData, target: Path, progress: Callable[[int], None] = lambda p: None,
              dialect: str = "rfc4180") -> None:
    """One row per response; UTF-8 with a byte-order mark so Excel reads the accents.

    ``dialect`` is a key of DIALECT_RULES: ``excel-id`` is what Excel with Indonesian regional
    settings splits into columns on opening (its list separator is ``;``, its decimal mark ``,``).
    """
    style, cells = DIALECT_RULES[dialect], ResponseCells(data.language)
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=style.delimiter)
        writer.writerow(_headers(data))
        for number, row in enumerate(data.answer_rows(), 1):
            writer.writerow(style.cells(cells(number, row)))
            if number % PROGRESS_EVERY == 0:
                progress(min(90, 10 + 80 * number // max(data.respondents, 1)))


class XlsxExport:
    """The workbook: raw answers, the official processing layout, profile tables, comments."""

    def __init__(self, data: ReportData, target: Path, progress: Callable[[int], None] = lambda p: None):
        self.data, self.lang, self.progress = data, data.language, progress
        self.book = StreamingWorkbook(target)

    def name(self, indonesian: str, english: str) -> str:
        return english if self.lang == "en" else indonesian

    def build(self) -> None:
        self.raw_sheet()
        self.processing_sheet()
        self.profile_sheet()
        self.comments_sheet()
        self.book.close()

    def raw_sheet(self) -> None:
        data, fixed, answers = self.data, FIXED_COLUMNS, len(self.data.elements)
        sheet = self.book.sheet(self.name("Data", "Answers"), {4: 18, 5: 22, fixed + answers: 60}, freeze_header=True)
        sheet.values(_headers(data), HEADER)
        response_cells = ResponseCells(self.lang)
        for number, values in enumerate(data.answer_rows(), 1):
            cells = response_cells(number, values)
            sheet.write(row([*(cell(v) for v in cells[:fixed]),
                             *(ANSWER_CELLS[v] for v in cells[fixed:fixed + answers]), cell(cells[-1])]))
            if number % PROGRESS_EVERY == 0:
                self.progress(min(50, 10 + 40 * number // max(data.respondents, 1)))
        sheet.close()

    def processing_sheet(self) -> None:
        """Rows per respondent, then Σ, NRR, weighted NRR, the IKM and the Keterangan block."""
        data = self.data
        sheet = self.book.sheet(self.name("Pengolahan", "Processing"), {0: 26})
        sheet.values([self.name("PENGOLAHAN DATA SURVEI KEPUASAN MASYARAKAT PER RESPONDEN DAN PER UNSUR PELAYANAN",
                                "PROCESSING PER RESPONDENT AND PER SERVICE ELEMENT")], BOLD)
        sheet.values([neutralise(data.tenant.name)])
        sheet.blank()
        sheet.values(["No Resp"] + [e.code for e in data.elements], HEADER)
        for number, answers in enumerate(data.answers_only(), 1):
            sheet.write(row([f"<c><v>{number}</v></c>", *(ANSWER_CELLS[v] for v in answers)]))
            if number % PROGRESS_EVERY == 0:
                self.progress(min(85, 50 + 35 * number // max(data.respondents, 1)))
        sheet.blank()
        self.processing_footer(sheet)
        sheet.close()

    def processing_footer(self, sheet) -> None:
        result, lang = self.data.result, self.lang

        def floats(values):
            return [None if v is None else float(v) for v in values]

        sheet.write(row([text_cell(texts.t("sum_row", lang), BOLD), *(cell(e.total) for e in result.elements)]))
        for key, values in (("nrr_row", [e.nrr for e in result.elements]),
                            ("nrrw_row", [e.nrr_weighted for e in result.elements])):
            sheet.write(row([text_cell(texts.t(key, lang), BOLD), *(cell(v, DECIMAL3) for v in floats(values))]))
        ikm = [] if result.ikm_display is None else [float(result.ikm_display), f"{result.mutu} ({result.kinerja})"]
        sheet.values([texts.t("ikm_unit", lang), *ikm], BOLD)
        sheet.blank()
        mode = "weights_legacy" if result.weights == "legacy-0.111" else "weights_exact"
        for text in self.keterangan(mode):
            sheet.values([text])

    def keterangan(self, mode: str) -> list[str]:
        name = self.name
        lines = [name("Keterangan:", "Notes:"),
                 name("U1 s.d. U9 = unsur pelayanan", "U1 to U9 = service elements"),
                 name("NRR = nilai rata-rata", "NRR = mean score"),
                 name("IKM = indeks kepuasan masyarakat", "IKM = public satisfaction index"),
                 name("*) Jumlah NRR IKM tertimbang", "*) Sum of the weighted NRRs"),
                 name("**) Jumlah NRR tertimbang x 25", "**) Sum of the weighted NRRs x 25"),
                 texts.t(mode, self.lang),
                 name("Mutu: 88,31–100,00 A (Sangat Baik); 76,61–88,30 B (Baik); 65,00–76,60 C (Kurang Baik); "
                      "25,00–64,99 D (Tidak Baik)",
                      "Grades: 88.31–100.00 A (Very good); 76.61–88.30 B (Good); 65.00–76.60 C (Fair); "
                      "25.00–64.99 D (Poor)")]
        return lines + [f"{e.code} = {e.name(self.lang)}" for e in self.data.elements]

    def profile_sheet(self) -> None:
        sheet = self.book.sheet(self.name("Profil", "Profile"), {0: 28})
        for field, rows in self.data.profile.items():
            sheet.values([texts.t(field, self.lang), texts.t("count", self.lang), "%"], HEADER)
            total = sum(n for _, n in rows) or 1
            for label, n in rows:
                sheet.values([neutralise(label), n, round(100 * n / total, 2)])
            sheet.blank()
        sheet.close()

    def comments_sheet(self) -> None:
        lang = self.lang
        sheet = self.book.sheet(self.name("Saran", "Comments"), {1: 12, 2: 24, 3: 80}, freeze_header=True)
        sheet.values(["No", self.name("Tanggal", "Date"), texts.t("service", lang), self.name("Saran", "Comment")],
                     HEADER)
        for number, (day, service, comment) in enumerate(self.data.comments(limit=None), 1):
            sheet.values([number, day.isoformat(), neutralise(service or ""), comment_cell(comment)])
        sheet.close()


def write_xlsx(data: ReportData, target: Path, progress: Callable[[int], None] = lambda p: None) -> None:
    XlsxExport(data, target, progress).build()

"""Format → builder: each writes one file from the report's data."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from skm.tenants.reports import data as report_data
from skm.tenants.reports.models import CSV_EXCEL_ID
from skm.tenants.reports.pdf import SkmReport
from skm.tenants.reports.summary import pdf_to_png, write_summary_pdf
from skm.tenants.reports.tabular import write_csv, write_xlsx

Progress = Callable[[int], None]


def _pdf(data, target: Path, progress: Progress) -> None:
    SkmReport(data, progress).build(target)


def _summary_png(data, target: Path, progress: Progress) -> None:
    pdf = target.with_suffix(".summary.pdf")
    try:
        write_summary_pdf(data, pdf)
        progress(60)
        pdf_to_png(pdf, target)
    finally:
        pdf.unlink(missing_ok=True)


BUILDERS: dict[str, tuple[bool, Callable]] = {
    # format: (needs the full data set, builder)
    "pdf": (True, _pdf),
    "xlsx": (True, write_xlsx),
    "csv": (False, write_csv),
    CSV_EXCEL_ID: (False, partial(write_csv, dialect="excel-id")),
    "summary-pdf": (False, lambda data, target, progress: write_summary_pdf(data, target)),
    "summary-png": (False, _summary_png),
}


def build_file(fmt: str, tenant, survey, language: str, target: Path, progress: Progress) -> None:
    full, builder = BUILDERS[fmt]
    data = report_data.load(tenant, survey, language, full=full)
    progress(10)
    builder(data, target, progress)

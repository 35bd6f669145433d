"""Reporting periods over a continuous survey: quarters (triwulan), semesters, years."""

from __future__ import annotations

from datetime import date, timedelta

PERIOD_KINDS = ("quarter", "semester", "year")


def period_bounds(year: int, quarter: int | None = None, semester: int | None = None) -> tuple[date, date]:
    """First and last day of a year, one of its quarters (1–4) or semesters (1–2)."""
    if quarter is not None:
        first_month, months = 3 * (quarter - 1) + 1, 3
    elif semester is not None:
        first_month, months = 6 * (semester - 1) + 1, 6
    else:
        first_month, months = 1, 12
    start = date(year, first_month, 1)
    end_month = first_month + months
    end = date(year + 1, 1, 1) if end_month > 12 else date(year, end_month, 1)
    return start, end - timedelta(days=1)


def periods_between(start: date, end: date, kind: str) -> list[tuple[str, date, date]]:
    """The labelled periods of ``kind`` that overlap ``start``…``end``, clipped to it."""
    if kind not in PERIOD_KINDS:
        raise ValueError(f"unknown period kind {kind!r}")
    result = []
    for year in range(start.year, end.year + 1):
        parts = {"quarter": [(f"TW {n} {year}", {"quarter": n}) for n in range(1, 5)],
                 "semester": [(f"Semester {n} {year}", {"semester": n}) for n in range(1, 3)],
                 "year": [(str(year), {})]}[kind]
        for label, part in parts:
            first, last = period_bounds(year, **part)
            if last >= start and first <= end:
                result.append((label, max(first, start), min(last, end)))
    return result

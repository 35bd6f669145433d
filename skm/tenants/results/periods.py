"""Reporting periods over a continuous survey: quarters (triwulan), semesters, years."""

from __future__ import annotations

import re
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Period:
    """A reporting period written as in the contract: ``2026``, ``2026-S2`` or ``2026-Q4``.

    Its days are calendar days in the tenant's time zone: responses keep the local day they were
    answered on (``submitted_on``), so a period is a plain range of those days.
    """

    year: int
    kind: str  # one of PERIOD_KINDS
    number: int | None = None  # the quarter (1–4) or semester (1–2); None for a year

    @classmethod
    def parse(cls, code: str) -> Period:
        """The period ``code`` names; ValueError with a message a person can act on otherwise."""
        match = _CODE.fullmatch(code.strip().upper())
        if match is None:
            raise ValueError(f"{code!r} is not a period; write 2026, 2026-S1, 2026-S2 or 2026-Q1 … 2026-Q4.")
        year, letter, number = int(match["year"]), match["letter"], match["number"]
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"The year must be between {MIN_YEAR} and {MAX_YEAR}.")
        if letter is None:
            return cls(year, "year")
        kind, count = ("quarter", 4) if letter == "Q" else ("semester", 2)
        if not 1 <= int(number) <= count:
            raise ValueError(f"{code!r}: a year has {count} {kind}s.")
        return cls(year, kind, int(number))

    @classmethod
    def containing(cls, day: date, kind: str = "quarter") -> Period:
        if kind == "year":
            return cls(day.year, "year")
        months = 3 if kind == "quarter" else 6
        return cls(day.year, kind, (day.month - 1) // months + 1)

    @property
    def code(self) -> str:
        if self.kind == "year":
            return str(self.year)
        return f"{self.year}-{'Q' if self.kind == 'quarter' else 'S'}{self.number}"

    @property
    def bounds(self) -> tuple[date, date]:
        return period_bounds(self.year, **{self.kind: self.number} if self.number else {})

    @property
    def start(self) -> date:
        return self.bounds[0]

    @property
    def end(self) -> date:
        return self.bounds[1]

    def label(self, language: str = "id") -> str:
        """``Triwulan IV 2026`` / ``Q4 2026``, ``Semester II 2026``, ``Tahun 2026`` / ``Year 2026``."""
        if self.kind == "year":
            return f"{'Tahun' if language == 'id' else 'Year'} {self.year}"
        if self.kind == "semester":
            return f"Semester {'I' * self.number} {self.year}"
        return f"Triwulan {_ROMAN[self.number]} {self.year}" if language == "id" else f"Q{self.number} {self.year}"

    def previous(self) -> Period:
        return Period.containing(self.start - timedelta(days=1), self.kind)

    def __str__(self) -> str:
        return self.code


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_CODE = re.compile(r"(?P<year>\d{4})(?:-(?P<letter>[QS])(?P<number>\d))?")
#: periods the platform reports on (survey dates are bounded to the same range)
MIN_YEAR, MAX_YEAR = 2000, 2100

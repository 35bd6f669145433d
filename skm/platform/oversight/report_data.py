"""What the regency report of a period shows: each agency's standing and the combined IKM."""

from __future__ import annotations

from dataclasses import dataclass

from skm.platform.oversight.standings import Standing, combined, standings
from skm.tenants.results.periods import Period


@dataclass(frozen=True)
class RegencyData:
    title: str
    period: Period
    rows: list[Standing]  # ranked, agencies without answers last
    combined: dict  # the result document (or the mean's figures) with its ``method``
    language: str = "id"

    @property
    def ranked(self) -> list[Standing]:
        return [row for row in self.rows if row.result is not None and row.result.ikm_display is not None]


def chart_label(name: str, limit: int) -> str:
    """A chart label: the name, cut at a word boundary when longer than ``limit``."""
    return name if len(name) <= limit else name[:limit].rsplit(" ", 1)[0] + " …"


def load_regency(title: str, period: Period, method: str = "pooled", language: str = "id") -> RegencyData:
    rows = standings(period)
    return RegencyData(title, period, rows, combined(rows, method), language)

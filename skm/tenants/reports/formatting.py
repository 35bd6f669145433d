"""Numbers and dates as a report shows them (Indonesian: decimal comma, English: decimal point)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def number(value: Fraction | Decimal | float | None, places: int, language: str = "id") -> str:
    """Rounded half-up to ``places``; an em dash for no value."""
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    text = str(Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
    return text.replace(".", ",") if language == "id" else text


def integer(value: int, language: str = "id") -> str:
    text = f"{value:,}"
    return text.replace(",", ".") if language == "id" else text


def day(value: date, language: str = "id") -> str:
    return f"{value.day} {MONTHS[language][value.month - 1]} {value.year}"


def period(start: date, end: date, language: str = "id") -> str:
    return f"{day(start, language)} – {day(end, language)}"

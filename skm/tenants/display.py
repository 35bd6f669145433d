"""How numbers and dates look on the staff pages, in the user's language.

Values are rounded half-up by the engine first (:func:`round_half_up`); formatting then only
changes the decimal separator (``82,50`` in Indonesian, ``82.50`` in English), never the digits.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from flask_babel import format_date, format_decimal, format_number

from skm.tenants.results.engine import round_half_up


def decimal(value: Fraction | Decimal | str | None, places: int = 2) -> str:
    """``value`` rounded half-up to ``places`` decimals in the current locale; "—" for None."""
    if value is None:
        return "—"
    pattern = "#,##0." + "0" * places
    return format_decimal(round_half_up(Fraction(value), places), format=pattern)


def integer(value: int | None) -> str:
    """``50.000`` in Indonesian, ``50,000`` in English; "—" for None."""
    return "—" if value is None else format_number(value)


def day(value: date) -> str:
    return format_date(value, "medium")


def period(start: date, end: date) -> str:
    return f"{format_date(start, 'medium')} – {format_date(end, 'medium')}"


def register(bp) -> None:
    """Make the filters available to every template (registered from each page blueprint)."""
    bp.add_app_template_filter(decimal, "dec")
    bp.add_app_template_filter(period, "period")
    bp.add_app_template_filter(integer, "num")
    bp.add_app_template_filter(day, "day")

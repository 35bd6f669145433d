"""How numbers, dates and times look on the staff pages, in the user's language.

Values are rounded half-up by the engine first (:func:`round_half_up`); formatting then only
changes the separators (``50.000`` and ``82,50`` in Indonesian, ``50,000`` and ``82.50`` in
English), never the digits. Times are stored in UTC and shown in the tenant's time zone, named
(``WIB``, ``WITA``, ``WIT``), since staff of an agency in Makassar read their own clock.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time
from flask import g
from flask_babel import format_date, format_decimal, get_locale

from skm.tenants.results.engine import round_half_up


def decimal(value: Fraction | Decimal | str | None, places: int = 2) -> str:
    """``value`` rounded half-up to ``places`` decimals in the current locale; "—" for None."""
    if value is None:
        return "—"
    pattern = "#,##0." + "0" * places
    return format_decimal(round_half_up(Fraction(value), places), format=pattern)


def day(value: date) -> str:
    return format_date(value, "medium")


def num(value: int | None) -> str:
    """A whole number with the locale's thousands separator (``50.000``); "—" for None."""
    return "—" if value is None else format_decimal(value, format="#,##0")


def local_time(moment: datetime | None) -> str:
    """A UTC ``moment`` in the current tenant's time zone, named: ``1 Des 2026 10.05 WITA``."""
    if moment is None:
        return "—"
    tz = ZoneInfo(getattr(g.get("tenant"), "timezone", None) or "Asia/Jakarta")
    local, locale = moment.astimezone(tz), get_locale()
    day, clock = babel_date(local, "medium", locale=locale), babel_time(local, "short", tzinfo=tz, locale=locale)
    return f"{day} {clock} {local.tzname()}"


def period(start: date, end: date) -> str:
    return f"{format_date(start, 'medium')} – {format_date(end, 'medium')}"


def register(bp) -> None:
    """Make the filters available to every template (registered from each page blueprint)."""
    bp.add_app_template_filter(decimal, "dec")
    bp.add_app_template_filter(period, "period")
    bp.add_app_template_filter(num, "num")
    bp.add_app_template_filter(day, "day")
    bp.add_app_template_filter(local_time, "local_time")

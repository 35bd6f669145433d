"""URL converters that keep values PostgreSQL cannot hold out of the views: such a URL is a 404.

``<int:…>`` ids are PostgreSQL ``integer`` columns: a larger number cannot name a row, and
sending it to the database fails (a 500). Path text (``<tenant>``, ``<code>``…) cannot contain a
NUL character for the same reason.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, UnicodeConverter

from skm.platform.db_types import INT32_MAX


class Int32Converter(IntegerConverter):
    """``<int:…>``: 0 … 2**31-1 (no row has another id)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 -- werkzeug's parameter name
        kwargs.setdefault("max", INT32_MAX)
        super().__init__(map, *args, **kwargs)


class TextConverter(UnicodeConverter):
    """``<…>`` and ``<string:…>``: one path segment without NUL characters."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/\\x00]", 1)


def install(app: Flask) -> None:
    """Use these converters for every rule; call before any blueprint is registered."""
    app.url_map.converters.update(int=Int32Converter, default=TextConverter, string=TextConverter)

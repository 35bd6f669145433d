"""Keep values PostgreSQL cannot hold out of the views: a 404 for such a URL, a 422 for such a form.

``<int:…>`` ids are PostgreSQL ``integer`` columns: a larger number cannot name a row, and
sending it to the database fails (a 500). Text cannot contain a NUL character, for the same
reason: not in a path segment, a query string or a posted form. The API's schemas name the
offending field themselves (``skm/platform/api/inputs.py``); pages get a 422 naming it here.
"""

from __future__ import annotations

from itertools import chain

from flask import Flask, abort, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter, UnicodeConverter

from skm.platform.data.db_types import INT32_MAX, NUL
from skm.platform.inputs.uploads import cap_request_body
from skm.platform.web.errors import is_api_request


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
    """Use these converters for every rule and guard every page; call before any route is added.

    Uploads are capped first, before this guard or CSRF read the form (skm/platform/inputs/uploads.py).
    """
    app.url_map.converters.update(int=Int32Converter, default=TextConverter, string=TextConverter)
    app.before_request(cap_request_body)
    app.before_request(_refuse_nul_in_pages)


def _refuse_nul_in_pages() -> None:
    if is_api_request():
        return  # the API's schemas answer with the field named in its JSON shape
    values = chain(request.args.items(multi=True), request.form.items(multi=True) if request.method == "POST" else ())
    for name, value in values:
        if NUL in value:
            abort(422, description=_("Isian “%(field)s” berisi karakter NUL, yang tidak diizinkan.", field=name))

"""Flask-Limiter's private hook names that skm/tenants/respond/throttle.py relies on (the version is pinned).

The resident blueprint skips the request hooks Limiter.init_app registers, found by their private
names because Flask-Limiter's public exemptions still run them (see throttle). An upgrade that
renames one fails here, by name, before anything else.
"""

from __future__ import annotations

from functools import partial

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def test_init_app_registers_the_hooks_throttle_swaps():
    app = Flask(__name__)
    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://")
    assert app.before_request_funcs[None] == [limiter._check_request_limit]
    [headers] = app.after_request_funcs[None]
    assert isinstance(headers, partial) and headers.args == (limiter,)
    assert app.teardown_request_funcs[None] == [limiter._Limiter__release_context]

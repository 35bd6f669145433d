"""Flask's signed cookie session for staff pages; resident pages leave it alone.

Flask builds an itsdangerous serializer for every request that reads or writes the session. The
serializer holds no per-request state, so it is kept until ``SECRET_KEY`` or
``SECRET_KEY_FALLBACKS`` change.

Resident pages (``SESSIONLESS_BLUEPRINTS``) keep their state in a visit cookie of their own (see
skm/tenants/respond/visit_key.py). Their session is never written, so it is not saved either:
saving an untouched session still reads the cookie settings and adds ``Vary: Cookie``, about 3%
of a resident's instructions.

A staff session ends after ``SKM_SESSION_IDLE_MINUTES`` without a request: the session keeps
the time of its last use (rewritten at most once a minute, so most requests leave the cookie
alone), checked before any view or tenant lookup runs. Resident pages and the API (bearer
tokens) skip the check without opening the session.
"""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_login import logout_user
from itsdangerous import URLSafeTimedSerializer

from skm.platform.api import is_api_request

SESSIONLESS_BLUEPRINTS = frozenset({"respond", "public"})  # residents and the public pages
LAST_SEEN = "_seen"
#: seconds between two rewrites of the last-use time
TOUCH_EVERY = 60


class CookieSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._built: tuple[tuple, URLSafeTimedSerializer | None] = ((), None)  # (keys, serializer), swapped whole

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        built_for, serializer = self._built
        if keys != built_for:
            serializer = super().get_signing_serializer(app)
            self._built = (keys, serializer)
        return serializer

    def save_session(self, app: Flask, session: SecureCookieSession, response: Response) -> None:
        if request.blueprint in SESSIONLESS_BLUEPRINTS and not session.modified:
            return
        if is_api_request():
            # bearer tokens only: a staff cookie sent along is left as it came, even when Flask-Login's
            # session protection marked it not fresh while looking for the user (see api.bearer_user)
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


def touch_session() -> None:
    """Note that the staff session is in use now (called at sign-in and by :func:`_expire_idle`)."""
    session[LAST_SEEN] = int(time.time())


def _expire_idle(endpoint, values) -> None:
    """End a signed-in staff session that has been idle too long (Flask-Login then treats it as anonymous)."""
    if request.blueprint in SESSIONLESS_BLUEPRINTS or request.path.startswith("/api/") or endpoint == "static":
        return
    if "_user_id" not in session:
        return
    now, seen = int(time.time()), session.get(LAST_SEEN, 0)
    if now - seen > current_app.config["SKM_SESSION_IDLE_MINUTES"] * 60:
        logout_user()
        session.pop(LAST_SEEN, None)
    elif now - seen >= TOUCH_EVERY:
        touch_session()


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
    app.url_value_preprocessor(_expire_idle)  # app-wide, so before the tenant lookup

"""Flask's signed cookie session for staff pages; resident pages leave it alone.

Flask builds an itsdangerous serializer for every request that reads or writes the session. The
serializer holds no per-request state, so it is kept until ``SECRET_KEY`` or
``SECRET_KEY_FALLBACKS`` change.

Resident pages (``SESSIONLESS_BLUEPRINTS``) keep their state in a visit cookie of their own (see
skm/tenants/respond/visit_key.py). Their session is never written, so it is not saved either:
saving an untouched session still reads the cookie settings and adds ``Vary: Cookie``, about 3%
of a resident's instructions.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

SESSIONLESS_BLUEPRINTS = frozenset({"respond", "public"})  # residents and the public pages


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
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()

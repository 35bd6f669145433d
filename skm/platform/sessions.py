"""Flask's signed cookie session, with its signing serializer built once per set of keys.

Flask builds an itsdangerous serializer for every request that reads or writes the session, and
resident pages do both on every request (the form's CSRF token and nonce live there). Building
it cost about a twentieth of a resident's form GET and POST together; the serializer holds no
per-request state, so it is kept until ``SECRET_KEY`` or ``SECRET_KEY_FALLBACKS`` change.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


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


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()

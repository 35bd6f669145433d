"""The REST API under /api/v1: bearer-token authentication, JSON errors, OpenAPI document.

The API authenticates by bearer token only, never by the session cookie, so its blueprints are
exempt from CSRF protection without opening a cross-site request hole.
"""

from __future__ import annotations

from flask import Flask, g, request
from flask_login import AnonymousUserMixin

from skm.extensions import api, csrf
from skm.platform.accounts.services import token_user

API_PREFIX = "/api/v1"


def _authenticate_bearer(endpoint, values) -> None:
    """Make the bearer token's user ``current_user`` for /api requests (and nobody else)."""
    if not request.path.startswith(API_PREFIX + "/"):
        return
    g.api_token = None
    g._login_user = AnonymousUserMixin()
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        found = token_user(token.strip())
        if found is not None:
            g._login_user, g.api_token = found


def register_api(app: Flask) -> None:
    from skm.platform.api.auth import blp as auth_blp
    from skm.platform.api.tenants import blp as tenants_blp
    from skm.tenants.invitations.api import blp as invitations_blp
    from skm.tenants.members.api import blp as members_blp

    app.url_value_preprocessor(_authenticate_bearer)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for blp in (auth_blp, tenants_blp, members_blp, invitations_blp):
        csrf.exempt(blp)
        api.register_blueprint(blp)

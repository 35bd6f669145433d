"""The REST API under /api/v1: bearer-token authentication, JSON errors, OpenAPI document.

The API authenticates by bearer token only, never by the session cookie, so its blueprints are
exempt from CSRF protection without opening a cross-site request hole.
"""

from __future__ import annotations

from flask import Flask, Request, current_app, g, request

from skm.extensions import api, csrf, login_manager
from skm.platform.accounts.models import User
from skm.platform.accounts.services import token_user

API_PREFIX = "/api/v1"


def bearer_token() -> str | None:
    """The token of this request's ``Authorization: Bearer <token>`` header, if any."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX + "/")


def bearer_user(request: Request) -> User | None:
    """Flask-Login's request loader: the user of an API request's bearer token (its row in ``g.api_token``).

    Flask-Login asks it when ``current_user`` is first used and the session holds no user; for API
    requests the user loader refuses the session's user (see auth.views), so the API authenticates
    by bearer token only. Being lazy, it costs a view that checks the token itself
    (context.self_authenticating) no lookup until that view asks for the user.
    """
    g.api_token = None
    if not is_api_request() or (token := bearer_token()) is None or (found := token_user(token)) is None:
        return None
    user, g.api_token = found
    return user


def authenticates_itself(endpoint: str | None) -> bool:
    """Whether the view answering this request checks the bearer token itself (see context.self_authenticating)."""
    view_class = getattr(current_app.view_functions.get(endpoint), "view_class", None)
    return getattr(getattr(view_class, request.method.lower(), None), "authenticates_itself", False)


def register_api(app: Flask) -> None:
    from skm.platform.api.auth import blp as auth_blp
    from skm.platform.api.regency import blp as regency_blp
    from skm.platform.api.tenants import blp as tenants_blp
    from skm.platform.api.users import blp as users_blp
    from skm.platform.audit.api import blp as audit_blp
    from skm.platform.audit.api import tenant_blp as tenant_audit_blp
    from skm.platform.malls.api import blp as malls_blp
    from skm.tenants.collection.api import blp as tickets_blp
    from skm.tenants.comments.api import blp as comments_blp
    from skm.tenants.followups.api import blp as followups_blp
    from skm.tenants.invitations.api import blp as invitations_blp
    from skm.tenants.members.api import blp as members_blp
    from skm.tenants.publication.api import blp as publication_blp
    from skm.tenants.publication.api import public_blp
    from skm.tenants.questionnaires.api import blp as questionnaires_blp
    from skm.tenants.reports.api import blp as reports_blp
    from skm.tenants.responses.api import blp as responses_blp
    from skm.tenants.results.api import blp as results_blp
    from skm.tenants.settings.api import blp as settings_blp
    from skm.tenants.surveys.api import blp as surveys_blp

    login_manager.request_loader(bearer_user)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    blueprints = (auth_blp, tenants_blp, regency_blp, members_blp, questionnaires_blp, surveys_blp, responses_blp,
                  results_blp, tickets_blp, reports_blp, invitations_blp, publication_blp, followups_blp, comments_blp,
                  public_blp, malls_blp, settings_blp, users_blp, audit_blp, tenant_audit_blp)
    for blp in blueprints:
        csrf.exempt(blp)
        api.register_blueprint(blp)

"""What one agency does: questionnaires, surveys, invitations, responses, results, reports.

Staff pages live under ``/t/<tenant>/``; the parent blueprint resolves the tenant (and the
user's role in it) before any child view runs, and enters the tenant's scope.
"""

from __future__ import annotations

from flask import Blueprint, Flask, g
from flask_login import current_user

from skm.extensions import login_manager
from skm.platform.accounts.access import can, enter_tenant


def _pull_tenant(endpoint, values) -> None:
    slug = values.pop("tenant")
    if current_user.is_authenticated:
        enter_tenant(slug)  # anonymous users are sent to the login page by _require_login


def _require_login():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def _add_tenant(endpoint, values) -> None:
    if "tenant" not in values and "tenant" in g:
        values["tenant"] = g.tenant.slug


def register_tenant_blueprints(app: Flask) -> None:
    """Register ``/t/<tenant>/…`` with every feature's pages as children (one parent per app)."""
    from skm.platform.audit.views import tenant_bp as audit_bp
    from skm.tenants.collection.views import bp as collection_bp
    from skm.tenants.comments.views import bp as comments_bp
    from skm.tenants.dashboard.views import bp as dashboard_bp
    from skm.tenants.followups.views import bp as followups_bp
    from skm.tenants.invitations.views import bp as invitations_bp
    from skm.tenants.members.views import bp as members_bp
    from skm.tenants.publication.views import bp as publication_bp
    from skm.tenants.questionnaires.views import bp as questionnaires_bp
    from skm.tenants.reports.views import bp as reports_bp
    from skm.tenants.responses.views import bp as responses_bp
    from skm.tenants.results.views import bp as results_bp
    from skm.tenants.settings.views import bp as settings_bp
    from skm.tenants.surveys.views import bp as surveys_bp

    tenants_bp = Blueprint("tenants", __name__, url_prefix="/t/<tenant>")
    tenants_bp.url_value_preprocessor(_pull_tenant)
    tenants_bp.before_request(_require_login)
    tenants_bp.url_defaults(_add_tenant)
    tenants_bp.context_processor(lambda: {"can": can})  # the navigation shows what the role may open
    children = (dashboard_bp, members_bp, questionnaires_bp, surveys_bp, results_bp, responses_bp, collection_bp,
                reports_bp, invitations_bp, followups_bp, comments_bp, publication_bp, settings_bp, audit_bp)
    for child in children:
        tenants_bp.register_blueprint(child)
    app.register_blueprint(tenants_bp)

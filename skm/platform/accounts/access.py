"""Who may do what in a tenant, resolved at the edge of every tenant URL.

The tenant comes from the URL slug; an unknown tenant and a tenant the user is not a member of
both answer 404, so a URL never tells whether another agency exists. Platform admins may open
every tenant read-only.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, g
from flask_login import current_user
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.services import role_in
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import enter_tenant_scope

CAPABILITIES: dict[str, frozenset[str]] = {
    "view": frozenset({"admin", "staff", "viewer", "platform_admin"}),
    "edit": frozenset({"admin", "staff"}),
    "manage_users": frozenset({"admin", "platform_admin"}),
    #: publishing results speaks for the agency: its own admins only
    "publish": frozenset({"admin"}),
    "read_settings": frozenset({"admin", "platform_admin"}),
    "manage_settings": frozenset({"admin"}),
    #: reading the tenant's audit trail
    "audit": frozenset({"admin", "platform_admin"}),
}


def enter_tenant(slug: str) -> Tenant:
    """Load the tenant named in the URL for the current user and enter its scope.

    Aborts 404 for an unknown tenant or a non-member, 403 for a suspended tenant. Anonymous
    users are sent to log in (pages) or answered 401 (API) by :func:`require_login` first.
    """
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    role = role_in(current_user, tenant) if tenant is not None else None
    if role is None:
        abort(404)
    if not tenant.is_active and role != "platform_admin":
        abort(403, description="suspended")
    g.tenant, g.role = tenant, role
    enter_tenant_scope(tenant.id)
    return tenant


def can(capability: str) -> bool:
    return getattr(g, "role", None) in CAPABILITIES[capability]


def require(capability: str):
    """Refuse the view with 403 unless the user's role in ``g.tenant`` has ``capability``."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not can(capability):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def require_platform_admin() -> None:
    if not (current_user.is_authenticated and current_user.is_platform_admin):
        abort(403)

"""A tenant's people: adding, changing roles, deactivating. Shared by the pages, the central admin and the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.models import Membership, User
from skm.platform.accounts.services import add_member, change_role, create_user, find_user, memberships_of, set_active
from skm.platform.agencies.models import Tenant
from skm.platform.background import enqueue
from skm.platform.inputs.errors import InputError


def invite_member(tenant: Tenant, email: str, name: str, role: str, password: str | None = None) -> Membership:
    """Add ``email`` to ``tenant`` with ``role``, creating the user when new.

    An existing user keeps their password; a password given for them is refused rather than
    silently ignored.
    """
    return add_member(tenant, user_for(email, name, password), role)


def user_for(email: str, name: str, password: str | None = None) -> User:
    """The user with ``email``, created when new (without a password: emailed a link to set one).

    An existing user keeps their password; a password given for them is refused.
    """
    user = find_user(email)
    if user is None:
        user = create_user(email, name, password or None)
        if user.password_hash is None:
            enqueue("messages.send_password_link", user_id=user.id)
    elif password:
        raise InputError("password", _l("Pengguna ini sudah punya akun; kata sandinya tidak diubah di sini."))
    return user


def members() -> list[Membership]:
    """The active tenant's members (tenant-scoped query)."""
    return list(db.session.scalars(select(Membership).join(User).order_by(User.email)))


def find_member(tenant: Tenant, user_id: int) -> Membership | None:
    return db.session.scalar(select(Membership).where(Membership.tenant_id == tenant.id,
                                                      Membership.user_id == user_id))


def update_member(tenant: Tenant, membership: Membership, changes: dict, *, by_platform_admin: bool) -> Membership:
    """Apply ``{"role"?, "active"?}`` to a member (the last active admin is kept either way)."""
    if "role" in changes:
        change_role(membership, changes["role"])
    if "active" in changes:
        if not by_platform_admin:
            _check_only_here(tenant, membership.user)
        set_active(membership.user, bool(changes["active"]), tenant_id=tenant.id)
    return membership


def _check_only_here(tenant: Tenant, user: User) -> None:
    """A tenant admin may (de)activate only people who belong to no one else: the account is shared."""
    elsewhere = user.is_platform_admin or any(m.tenant_id != tenant.id for m in memberships_of(user))
    if elsewhere:
        raise InputError("active", _l("Pengguna ini juga terdaftar di instansi lain atau admin pusat; "
                                      "hanya admin pusat yang dapat menonaktifkannya."), conflict=True)

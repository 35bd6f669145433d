"""Writes on users, memberships and API tokens. Functions flush; the caller commits."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, bindparam, exists, func, or_, select, true, update
from sqlalchemy.orm import joinedload

from skm.extensions import db
from skm.platform.accounts.models import ROLES, ApiToken, Membership, User
from skm.platform.accounts.passwords import hash_password, password_problem, verify_password
from skm.platform.agencies.models import Tenant
from skm.platform.audit import record
from skm.platform.data.db_types import utcnow
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope, tenant_scope
from skm.platform.inputs import contacts as contact_checks
from skm.platform.inputs.errors import InputError

logger = logging.getLogger(__name__)


def normalise_email(email: str) -> str:
    try:
        return contact_checks.normalise_email(email)
    except ValueError as exc:
        raise InputError("email", exc.args[0]) from None


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def create_user(email: str, name: str, password: str | None = None, *, is_platform_admin: bool = False) -> User:
    """Create a user; ``password`` is checked against the policy."""
    email = normalise_email(email)
    if find_user(email) is not None:
        raise InputError("email", _l("Pengguna dengan email ini sudah ada."), conflict=True)
    if password is not None and (problem := password_problem(password, email)):
        raise InputError("password", problem)
    user = User(email=email, name=name.strip() or email, is_platform_admin=is_platform_admin,
                password_hash=hash_password(password) if password else None)
    db.session.add(user)
    db.session.flush()
    logger.info("user %s created", email)
    return user


def set_password(user: User, password: str, field: str = "password") -> None:
    if problem := password_problem(password, user.email):
        raise InputError(field, problem)
    user.password_hash = hash_password(password)


def change_password(user: User, current: str, new: str) -> None:
    """The user's own change: the current password is required (a stolen session alone is not enough)."""
    if not verify_password(user.password_hash, current):
        raise InputError("current_password", _l("Kata sandi saat ini salah."))
    set_password(user, new, field="new_password")
    record("password.changed", target=user)


def authenticate(email: str, password: str, via: str = "form") -> User | None:
    """The enabled user with these credentials, or None (same answer for every failure).

    A failure is audited with the address tried and why (platform admins only see it); the
    caller commits that entry even though it refuses the request.
    """
    user = find_user(email)
    if user is None:
        verify_password(_DUMMY_HASH, password)  # spend the same time as for a real user
        reason = "unknown_email"
    elif not user.is_active:
        reason = "deactivated"
    elif not verify_password(user.password_hash, password):
        reason = "wrong_password"
    else:
        user.last_login_at = utcnow()
        return user
    record("auth.sign_in_failed", actor=email.strip().lower(), reason=reason, via=via)
    return None


def _membership(tenant: Tenant, user: User) -> Membership | None:
    """The user's membership of ``tenant`` (run in its scope)."""
    return db.session.scalar(select(Membership).where(Membership.user_id == user.id))


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InputError("role", _l("Peran harus salah satu dari: %(choices)s.", choices=", ".join(ROLES)))


def add_member(tenant: Tenant, user: User, role: str) -> Membership:
    """Give ``user`` ``role`` in ``tenant`` (or change the role they have), in that tenant's scope."""
    _check_role(role)
    with tenant_scope(tenant.id):  # also when the central admin or the demo adds a member
        membership = _membership(tenant, user)
        if membership is not None:
            change_role(membership, role)
            return membership
        membership = Membership(tenant_id=tenant.id, user_id=user.id, role=role)
        db.session.add(membership)
        record("user.added", tenant_id=tenant.id, target=user, email=user.email, role=role)
        db.session.flush()
        return membership


def change_role(membership: Membership, role: str) -> None:
    """Change a member's role; the tenant's last active admin cannot be demoted."""
    _check_role(role)
    if membership.role == role:
        return
    if membership.role == "admin":
        keep_an_admin(membership.tenant_id, membership.user_id, field="role")
    before, membership.role = membership.role, role
    record("user.role_changed", tenant_id=membership.tenant_id, target=membership.user,
           email=membership.user.email, before=before, after=role)
    db.session.flush()


def keep_an_admin(tenant_id: int, leaving_user_id: int, field: str) -> None:
    """Refuse (409 on ``field``) a change that would leave the tenant without an active admin."""
    with tenant_scope(tenant_id):
        others = db.session.scalar(
            select(func.count()).select_from(Membership).join(User)
            .where(Membership.role == "admin", User.is_enabled, Membership.user_id != leaving_user_id))
    if not others:
        raise InputError(field, _l("Instansi harus tetap punya setidaknya satu admin aktif."), conflict=True)


def set_active(user: User, active: bool, tenant_id: int | None = None) -> None:
    """Deactivate (or reactivate) ``user`` everywhere, audited in ``tenant_id`` when a tenant admin acts.

    A deactivated user's sessions and API tokens stop working on their next request (the
    session loader and the token check both read ``is_enabled``); their tokens are also revoked
    so that reactivating does not bring old tokens back.
    """
    if user.is_enabled == active:
        return
    if not active:
        for membership in memberships_of(user):
            if membership.role == "admin":
                keep_an_admin(membership.tenant_id, user.id, field="active")
        _revoke_all_tokens(user)
    user.is_enabled = active
    record("user.reactivated" if active else "user.deactivated", tenant_id=tenant_id, target=user,
           email=user.email)
    db.session.flush()


def memberships_of(user: User) -> list[Membership]:
    """Every tenant membership of ``user``: platform-wide, for the tenant picker."""
    with platform_scope("a user's memberships in every tenant"):
        return list(db.session.scalars(
            select(Membership).options(joinedload(Membership.tenant)).where(Membership.user_id == user.id)
            .execution_options(**ALL_TENANTS)))


def role_in(user, tenant: Tenant) -> str | None:
    """The user's role in ``tenant``: a membership role, ``platform_admin`` (read-only), or None."""
    if user is None or not user.is_authenticated:
        return None
    with tenant_scope(tenant.id):
        role = db.session.scalar(select(Membership.role).where(Membership.user_id == user.id))
    if role is None and user.is_platform_admin:
        return "platform_admin"
    return role


def user_counts() -> dict[int, int]:
    """Number of members per tenant id (central admin overview)."""
    with platform_scope("member counts of every tenant (central admin)"):
        rows = db.session.execute(
            select(Membership.tenant_id, func.count()).group_by(Membership.tenant_id).execution_options(**ALL_TENANTS))
        return dict(rows.all())


def token_digest(token: str) -> str:
    """What is stored of a bearer token (``ApiToken.token_hash``)."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> tuple[str, ApiToken]:
    """A new bearer token for ``user``; the plain token is returned once and never stored."""
    token = secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=token_digest(token),
                   expires_at=utcnow() + current_app.config["API_TOKEN_LIFETIME"])
    db.session.add(row)
    db.session.flush()
    record("token.issued", actor=user, target=row, expires_at=row.expires_at.isoformat())
    return token, row


def token_user(token: str, now: datetime | None = None) -> tuple[User, ApiToken] | None:
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(token)))
    if row is None or not row.is_valid(now or utcnow()):
        return None
    return row.user, row


def where_token_has_role(statement: Select, tenant_id: ColumnElement, roles: tuple[str, ...]) -> Select:
    """``statement`` kept to rows where a bearer token gives one of ``roles`` in tenant ``tenant_id``.

    The checks of :func:`token_user` and :func:`role_in` as one SQL condition, so that a single
    statement can authenticate and act: the token (bind ``token_hash``, its :func:`token_digest`)
    is neither revoked nor expired at bind ``token_now``, its user is enabled, and the user is a
    member of the tenant with one of ``roles``. A revoked token or a disabled user fails it at once.
    """
    tokens, users, members = ApiToken.__table__, User.__table__, Membership.__table__
    return statement.where(exists().where(
        tokens.c.token_hash == bindparam("token_hash", type_=tokens.c.token_hash.type), tokens.c.revoked_at.is_(None),
        tokens.c.expires_at > bindparam("token_now", type_=tokens.c.expires_at.type),
        users.c.id == tokens.c.user_id, users.c.is_enabled == true(),
        members.c.user_id == users.c.id, members.c.tenant_id == tenant_id,
        or_(*(members.c.role == role for role in roles))))


def revoke_token(row: ApiToken) -> None:
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        record("token.revoked", target=row, owner=row.user.email)


def live_tokens(user: User) -> list[ApiToken]:
    """The user's tokens that still work (not revoked, not expired), newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None),
                               ApiToken.expires_at > utcnow()).order_by(ApiToken.id.desc())))


def find_token(user: User, token_id: int) -> ApiToken | None:
    return db.session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))


def _revoke_all_tokens(user: User) -> None:
    db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))


_DUMMY_HASH = hash_password(secrets.token_hex(16))

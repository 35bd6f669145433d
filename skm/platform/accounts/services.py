"""Writes on users, memberships and API tokens. Functions flush; the caller commits."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, bindparam, exists, func, or_, select, true

from skm.extensions import db
from skm.platform import contact_checks
from skm.platform.accounts.models import ROLES, ApiToken, Membership, User
from skm.platform.accounts.passwords import hash_password, password_problem, verify_password
from skm.platform.agencies.models import Tenant
from skm.platform.audit import record
from skm.platform.db_types import utcnow
from skm.platform.input_errors import InputError
from skm.platform.tenancy import ALL_TENANTS

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


def set_password(user: User, password: str) -> None:
    if problem := password_problem(password, user.email):
        raise InputError("password", problem)
    user.password_hash = hash_password(password)


def authenticate(email: str, password: str) -> User | None:
    """The enabled user with these credentials, or None (same answer for every failure)."""
    user = find_user(email)
    if user is None:
        verify_password(_DUMMY_HASH, password)  # spend the same time as for a real user
        return None
    if not user.is_active or not verify_password(user.password_hash, password):
        return None
    user.last_login_at = utcnow()
    return user


def add_member(tenant: Tenant, user: User, role: str) -> Membership:
    """Give ``user`` ``role`` in ``tenant`` (or change the role they have)."""
    if role not in ROLES:
        raise InputError("role", _l("Peran harus salah satu dari: %(choices)s.", choices=", ".join(ROLES)))
    membership = db.session.scalar(
        select(Membership).where(Membership.tenant_id == tenant.id, Membership.user_id == user.id)
        .execution_options(**ALL_TENANTS))
    if membership is None:
        membership = Membership(tenant_id=tenant.id, user_id=user.id, role=role)
        db.session.add(membership)
    membership.role = role
    record("member.added", tenant_id=tenant.id, email=user.email, role=role)
    db.session.flush()
    return membership


def memberships_of(user: User) -> list[Membership]:
    """Every tenant membership of ``user``: platform-wide, for the tenant picker."""
    return list(db.session.scalars(
        select(Membership).where(Membership.user_id == user.id).execution_options(**ALL_TENANTS)))


def role_in(user, tenant: Tenant) -> str | None:
    """The user's role in ``tenant``: a membership role, ``platform_admin`` (read-only), or None."""
    if user is None or not user.is_authenticated:
        return None
    role = db.session.scalar(
        select(Membership.role).where(Membership.tenant_id == tenant.id, Membership.user_id == user.id)
        .execution_options(**ALL_TENANTS))
    if role is None and user.is_platform_admin:
        return "platform_admin"
    return role


def user_counts() -> dict[int, int]:
    """Number of members per tenant id (central admin overview)."""
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
    row.revoked_at = utcnow()


_DUMMY_HASH = hash_password(secrets.token_hex(16))

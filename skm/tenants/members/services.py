"""Adding people to a tenant, shared by the staff pages, the central admin and the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.models import Membership, User
from skm.platform.accounts.services import add_member, create_user, find_user
from skm.platform.agencies.models import Tenant
from skm.platform.input_errors import InputError
from skm.workers.celery_app import delay_on_commit


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
            _send_password_link_after_commit(user)
    elif password:
        raise InputError("password", _l("Pengguna ini sudah punya akun; kata sandinya tidak diubah di sini."))
    return user


def members() -> list[Membership]:
    """The active tenant's members (tenant-scoped query)."""
    return list(db.session.scalars(select(Membership).join(User).order_by(User.email)))


def _send_password_link_after_commit(user: User) -> None:
    from skm.workers.tasks.accounts import send_password_link_task

    delay_on_commit(send_password_link_task, user_id=user.id)

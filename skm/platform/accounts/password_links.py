"""Single-use, expiring links to set a password: for new users added without one, and resets.

The signed payload holds the user id, a fingerprint of the current password hash and the
link's purpose, so a link stops working as soon as it has been used (the hash changes) and
after its purpose's lifetime: ``MAX_AGE`` for a new account, ``SKM_PASSWORD_RESET_MINUTES``
for a "forgotten password" reset.
"""

from __future__ import annotations

import hashlib

from flask import current_app, render_template
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from skm.extensions import db
from skm.platform.accounts.models import User
from skm.platform.background import enqueue
from skm.platform.data.db_types import utcnow
from skm.platform.mailer import send_notice

MAX_AGE = 3 * 24 * 3600
SALT = "skm.set-password"
#: purpose → (email template, subject)
MAILS = {
    "set": ("emails/set_password.txt", "Atur kata sandi SKM / Set your SKM password"),
    "reset": ("emails/reset_password.txt", "Atur ulang kata sandi SKM / Reset your SKM password"),
}


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "none").encode()).hexdigest()[:16]


def _max_age(purpose: str) -> int:
    return current_app.config["SKM_PASSWORD_RESET_MINUTES"] * 60 if purpose == "reset" else MAX_AGE


def make_token(user: User, purpose: str = "set") -> str:
    return _serializer().dumps({"u": user.id, "f": _fingerprint(user), "p": purpose})


def user_for_token(token: str) -> User | None:
    """The user a valid, unused, unexpired token belongs to, else None."""
    try:
        payload, signed_at = _serializer().loads(token, max_age=MAX_AGE, return_timestamp=True)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(payload, dict) or (utcnow() - signed_at).total_seconds() >= _max_age(payload.get("p")):
        return None
    user = db.session.get(User, payload.get("u", 0))
    if user is None or not user.is_active or payload.get("f") != _fingerprint(user):
        return None
    return user


def send_password_link(user: User, purpose: str = "set") -> None:
    """Email ``user`` a link to set (``set``) or reset (``reset``) their password (Indonesian, then English)."""
    template, subject = MAILS[purpose]
    link = f"{current_app.config['SKM_BASE_URL']}/password/{make_token(user, purpose)}"
    text = render_template(template, user=user, link=link, minutes=current_app.config["SKM_PASSWORD_RESET_MINUTES"])
    send_notice([user.email], subject, text, outbox="mail", sender_name="SKM")


def request_reset(email: str) -> None:
    """Queue a reset link for the active user with this address; for any other address do nothing.

    The page answers the same either way, so it never tells whether an address has an account.
    """
    from skm.platform.accounts.services import find_user
    from skm.platform.audit import record

    user = find_user(email)
    if user is None or not user.is_active:
        return
    record("password.reset_requested", target=user, email=user.email)
    enqueue("messages.send_password_reset", user_id=user.id)

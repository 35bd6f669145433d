"""Single-use, expiring links to set a password (new users added without one, or a reset).

The signed payload holds the user id and a fingerprint of the current password hash, so a
link stops working as soon as it has been used (the hash changes) and after ``MAX_AGE``.
"""

from __future__ import annotations

import hashlib

from flask import current_app, render_template
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from skm.extensions import db
from skm.platform import mail
from skm.platform.accounts.models import User

MAX_AGE = 3 * 24 * 3600
SALT = "skm.set-password"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "none").encode()).hexdigest()[:16]


def make_token(user: User) -> str:
    return _serializer().dumps({"u": user.id, "f": _fingerprint(user)})


def user_for_token(token: str) -> User | None:
    """The user a valid, unused, unexpired token belongs to, else None."""
    try:
        payload = _serializer().loads(token, max_age=MAX_AGE)
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, payload.get("u", 0)) if isinstance(payload, dict) else None
    if user is None or not user.is_active or payload.get("f") != _fingerprint(user):
        return None
    return user


def send_password_link(user: User) -> None:
    """Email ``user`` a link to set their password (Indonesian with English below)."""
    link = f"{current_app.config['SKM_BASE_URL']}/password/{make_token(user)}"
    text = render_template("emails/set_password.txt", user=user, link=link)
    mail.send(mail.build_message(user.email, "Atur kata sandi SKM / Set your SKM password", text))

"""A resident's visit key: one random cookie from which the form's CSRF token and nonce are derived.

Resident pages keep no server state and no Flask session. The first page of a visit sets a cookie
holding 128 random bits (HttpOnly, SameSite=Lax, for ``LIFETIME_SECONDS``; under HTTPS with the
``__Host-`` prefix, so that another site on a sibling subdomain cannot plant one; without HTTPS,
as in the demo, it could, and so learn that browser's nonces). The form carries:

- ``csrf_token``: an HMAC of the key under ``SECRET_KEY``, the "signed double-submit cookie" of
  OWASP's CSRF cheat sheet. A POST is accepted only with a cookie and a token that match under
  ``SECRET_KEY`` or one of ``SECRET_KEY_FALLBACKS``. Another site can neither read the cookie nor
  make the browser send it with a cross-site POST (SameSite=Lax).
- ``nonce``: an HMAC of the survey id (and invitation id) under the visit key itself. It is the
  same for every form of one survey in one visit, so a double tap or a back-and-resubmit stores
  one response (the database keeps one row per nonce), and no one without the cookie can guess it.
  The flip side: a second person answering the same open link in the same browser within one
  visit is taken for a resubmit. Shared devices use the kiosk, which renews the key per answer.

The key ends with the second it was made (``<random>.<unix time>``); the token signs the whole key,
so that time is ours and :func:`posted_age` can tell a form posted faster than a person fills one in.
A key from before that format has no time, and no age.

The Flask session with Flask-WTF's tokens cost a resident's GET and POST about a sixth of their
instructions (signing and JSON of a session cookie, two timed signatures); this costs three HMACs.
Staff pages keep the session and Flask-WTF.
"""

from __future__ import annotations

import base64
import hmac
import re
import secrets

from flask import Response, current_app, g, request

from skm.platform.data import clock

LIFETIME_SECONDS = 2 * 3600  # a visit: long enough for any form, short enough for a later answer to count
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{22}(?:\.[0-9]{10})?")


def cookie_name() -> str:
    """``__Host-`` binds the cookie to this exact host, but browsers accept it over HTTPS only."""
    return "__Host-skm-visit" if current_app.config["SESSION_COOKIE_SECURE"] else "skm-visit"


def current() -> str:
    """This visit's key: one made earlier in this request, the cookie's, or a new one that ``keep`` sets."""
    return g.get("new_visit_key") or _from_cookie() or renew()


def renew() -> str:
    """A new key for this browser from this response on (the kiosk's next resident starts afresh)."""
    g.new_visit_key = key = f"{secrets.token_urlsafe(16)}.{int(clock.now().timestamp())}"
    return key


def posted_age() -> float | None:
    """Seconds since the key of this request's cookie was made (None without a cookie or a time in it)."""
    _random, _dot, made = (_from_cookie() or "").partition(".")
    return clock.now().timestamp() - int(made) if made else None


def keep(response: Response) -> Response:
    """Set the cookie when this request made a new key."""
    key = g.get("new_visit_key")
    if key:
        response.set_cookie(cookie_name(), key, max_age=LIFETIME_SECONDS, path="/", httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def csrf_token(key: str, secret: str | bytes | None = None) -> str:
    secret = secret or current_app.secret_key
    return _digest(secret.encode() if isinstance(secret, str) else secret, b"respond-csrf:" + key.encode())


def nonce(key: str, survey_id: int, invitation_id: int | None = None) -> str:
    return _digest(key.encode(), b"nonce:%d:%d" % (survey_id, invitation_id or 0))


def form_valid(token: str | None, posted_nonce: str, own_nonce: str) -> bool:
    """Whether the posted ``token`` belongs to the cookie this request carries, and the nonce to its visit.

    The nonce check keeps one visit to one answer per form: a script replaying its cookie and token
    with other nonces stores nothing new. Both hold always with CSRF checks off (most tests).
    """
    if not current_app.config["WTF_CSRF_ENABLED"]:
        return True
    key = _from_cookie()
    if not token or key is None or not hmac.compare_digest(posted_nonce.encode(), own_nonce.encode()):
        return False
    secret_keys = (current_app.secret_key, *(current_app.config["SECRET_KEY_FALLBACKS"] or ()))
    posted = token.encode()  # bytes: compare_digest refuses str with non-ASCII characters
    return any(hmac.compare_digest(posted, csrf_token(key, secret).encode()) for secret in secret_keys)


def _from_cookie() -> str | None:
    """The key of the cookie this request carries, if it has a well-formed one."""
    key = request.cookies.get(cookie_name(), "")
    return key if KEY_PATTERN.fullmatch(key) else None


def _digest(key: bytes, message: bytes) -> str:
    """128 bits of HMAC-SHA256 in 22 URL-safe characters (the form's nonce pattern)."""
    return base64.urlsafe_b64encode(hmac.digest(key, message, "sha256")[:16]).rstrip(b"=").decode()

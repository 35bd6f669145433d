"""Invitation link tokens, derived from a per-invitation nonce.

Messages need the plain token but only its hash is stored. We derive it instead of storing it:
``token = HMAC-SHA256(SECRET_KEY, "invitation-link:" + nonce)`` (256 bits, URL-safe base64),
with a random 128-bit ``nonce`` kept on the row and ``token_hash = SHA-256(token)``.

Why derive rather than re-issue a fresh random token at every send: every message to one
contact (the invitation and each reminder, and a rare duplicate after a crash) carries the
*same* link, so a reminder never kills the link a resident already holds. The database alone
does not reveal a token (the key is not in it); rotating SECRET_KEY invalidates unanswered links.
A row created elsewhere with a random token and no nonce gets a nonce, and so a new link,
when it is first sent (:func:`ensure_link_token`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from flask import current_app


def new_nonce() -> str:
    return secrets.token_hex(16)


def derive_token(nonce: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"invitation-link:" + nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_link(invitation) -> str:
    """Give ``invitation`` a fresh nonce and matching token hash; return the token."""
    invitation.token_nonce = new_nonce()
    token = derive_token(invitation.token_nonce)
    invitation.token_hash = hash_token(token)
    return token


def ensure_link_token(invitation) -> str:
    """The plain token of ``invitation``'s link (issuing one for rows without a nonce)."""
    if invitation.token_nonce is None:
        return new_link(invitation)
    return derive_token(invitation.token_nonce)

"""Per-visit ticket links: signed, stateless, single use.

A queue-ticket printer mints tickets in bulk; each printed QR code opens
``/s/<tenant>/<code>/t/<ticket>`` where ``<ticket>`` is ``<key id>.<ticket id>.<signature>``.
Nothing is stored when minting: the signature (HMAC-SHA256 over the key id, tenant, survey
and ticket id, truncated to 128 bits) proves the ticket was issued for that survey, and the
database accepts one response per ticket id (``Response.submission_key = "t:<ticket id>"``).

Keys: ``SKM_TICKET_KEYS`` = ``"k2:secret2,k1:secret1"``; the first key signs new tickets and
every listed key still verifies, so a key can be rotated without breaking tickets already
printed for open surveys (drop an old key once its surveys are closed). Without the setting
one key ``k0`` is derived from ``SECRET_KEY`` (rotating SECRET_KEY then voids printed tickets).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from typing import Any

TICKET_ID_BYTES = 9
MAX_TICKETS_PER_CALL = 5000
_SIGNATURE_BYTES = 16
TICKET_PATTERN = re.compile(r"^([A-Za-z0-9]{1,8})\.([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{22})$")


def ticket_keys(config: Mapping[str, Any]) -> list[tuple[str, bytes]]:
    """The configured ``(key id, secret)`` pairs, the signing key first."""
    raw = (config.get("SKM_TICKET_KEYS") or "").strip()
    if not raw:
        derived = hmac.new(config["SECRET_KEY"].encode(), b"skm-ticket-key:k0", hashlib.sha256).digest()
        return [("k0", derived)]
    keys = []
    for item in raw.split(","):
        key_id, _, secret = item.strip().partition(":")
        if not re.fullmatch(r"[A-Za-z0-9]{1,8}", key_id) or len(secret) < 16:
            raise ValueError("SKM_TICKET_KEYS: use 'id:secret,…' with ids of 1–8 letters/digits, secrets ≥ 16 chars")
        keys.append((key_id, secret.encode()))
    return keys


def _signature(secret: bytes, key_id: str, tenant_id: int, survey_id: int, ticket_id: str) -> str:
    message = f"{key_id}.{tenant_id}.{survey_id}.{ticket_id}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()[:_SIGNATURE_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def mint_tickets(keys: list[tuple[str, bytes]], tenant_id: int, survey_id: int, count: int) -> list[tuple[str, str]]:
    """``count`` new tickets for a survey as ``(ticket id, ticket)`` pairs."""
    key_id, secret = keys[0]
    tickets = []
    for _ in range(count):
        ticket_id = secrets.token_urlsafe(TICKET_ID_BYTES)
        signature = _signature(secret, key_id, tenant_id, survey_id, ticket_id)
        tickets.append((ticket_id, f"{key_id}.{ticket_id}.{signature}"))
    return tickets


def verify_ticket(keys: list[tuple[str, bytes]], tenant_id: int, survey_id: int, ticket: str) -> str | None:
    """The ticket id when ``ticket`` was signed for this survey by a configured key, else None."""
    match = TICKET_PATTERN.fullmatch(ticket or "")
    if match is None:
        return None
    key_id, ticket_id, signature = match.groups()
    secret = dict(keys).get(key_id)
    if secret is None:
        return None
    expected = _signature(secret, key_id, tenant_id, survey_id, ticket_id)
    return ticket_id if hmac.compare_digest(expected, signature) else None


def submission_key(ticket_id: str) -> str:
    return f"t:{ticket_id}"

"""What every channel adapter shares: the two kinds of failure and a provider POST.

The message they send, :class:`~skm.tenants.invitations.compose.Outgoing`, is composed by the invitations feature.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import urllib.parse

from flask import current_app

from skm.platform.outbound.deadline import deadline

#: a provider's answer is a small JSON document; more is not read
MAX_ANSWER = 64 * 1024


class TransientError(Exception):
    """The provider could not take the message now (timeout, 5xx, SMTP 4xx): retry later."""


class PermanentError(Exception):
    """The provider refused the message for good (invalid address, 4xx request error)."""


def post(url: str, *, headers: dict[str, str], json_body=None, form: dict | None = None) -> dict:
    """POST to a provider; return the JSON answer (or {}) of a 2xx, raise our errors otherwise.

    408, 429 and 5xx answers, timeouts and refused connections are transient; other answers
    (4xx, a redirect) permanent. The whole exchange gets ``SKM_GATEWAY_TIMEOUT`` seconds, so a
    gateway that stalls or trickles its answer cannot hold the worker (skm/platform/outbound/).
    """
    if json_body is not None:
        data, content_type = json.dumps(json_body).encode(), "application/json"
    else:
        data, content_type = urllib.parse.urlencode(form or {}).encode(), "application/x-www-form-urlencoded"
    timeout = current_app.config["SKM_GATEWAY_TIMEOUT"]
    connection = _connection(url, timeout)
    with contextlib.closing(connection), deadline(timeout, lambda: connection.sock) as expired:
        try:
            status, body = _exchange(connection, url, data, {"Content-Type": content_type, **headers})
        except (OSError, http.client.HTTPException) as exc:
            reason = f"no complete answer within {timeout:g} s" if expired.is_set() else exc
            raise TransientError(f"gateway unreachable: {reason}") from exc
    if not 200 <= status < 300:
        reason = f"HTTP {status}: {body[:200].decode(errors='replace')}"
        raise (TransientError if status in (408, 429) or status >= 500 else PermanentError)(reason)
    try:
        return json.loads(body) if body else {}
    except ValueError:
        return {}


def _connection(url: str, timeout: float) -> http.client.HTTPConnection:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PermanentError(f"not an http(s) URL: {url!r}")
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    return kind(parts.hostname, parts.port, timeout=timeout)


def _exchange(connection: http.client.HTTPConnection, url: str, data: bytes, headers: dict) -> tuple[int, bytes]:
    """Send the request; the answer's status and at most ``MAX_ANSWER`` bytes of its body."""
    parts = urllib.parse.urlsplit(url)
    connection.request("POST", urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, "")), body=data,
                       headers=headers)
    answer = connection.getresponse()
    return answer.status, answer.read(MAX_ANSWER)

"""What every channel adapter shares: the two kinds of failure and a provider POST.

The message they send, :class:`~skm.tenants.invitations.compose.Outgoing`, is composed by the invitations feature.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request


class TransientError(Exception):
    """The provider could not take the message now (timeout, 5xx, SMTP 4xx): retry later."""


class PermanentError(Exception):
    """The provider refused the message for good (invalid address, 4xx request error)."""


def post(url: str, *, headers: dict[str, str], json_body=None, form: dict | None = None,
         timeout: float = 15) -> dict:
    """POST to a provider; return the JSON answer (or {}) of a 2xx, raise our errors otherwise.

    408, 429 and 5xx answers, timeouts and refused connections are transient; other 4xx permanent.
    """
    if json_body is not None:
        data, content_type = json.dumps(json_body).encode(), "application/json"
    else:
        data, content_type = urllib.parse.urlencode(form or {}).encode(), "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=data, method="POST",  # noqa: S310 -- configured provider URL
                                     headers={"Content-Type": content_type, **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            body = answer.read()
    except urllib.error.HTTPError as exc:
        reason = f"HTTP {exc.code}: {exc.read()[:200].decode(errors='replace')}"
        if exc.code in (408, 429) or exc.code >= 500:
            raise TransientError(reason) from exc
        raise PermanentError(reason) from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise TransientError(f"gateway unreachable: {exc}") from exc
    try:
        return json.loads(body) if body else {}
    except ValueError:
        return {}

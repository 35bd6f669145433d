"""Email over SMTP: one connection per worker process, reused across messages and tasks.

Opening an SMTP session costs several round trips; reusing it is what lets a worker keep up
with a bare ``smtplib`` loop. A broken connection is dropped and reopened on the next message.
"""

from __future__ import annotations

import base64
import contextlib
import smtplib
import ssl
import threading
from email.header import Header
from email.utils import formataddr, formatdate
from urllib.parse import unquote, urlsplit

from flask import current_app

from skm.workers.channels.base import Outgoing, PermanentError, TransientError

_local = threading.local()


def smtp_sender(url: str) -> SmtpSender:
    """This worker thread's sender for ``url`` (created on first use, so after a worker fork)."""
    senders = _local.__dict__.setdefault("senders", {})
    if url not in senders:
        senders[url] = SmtpSender(url)
    return senders[url]


def render_email(message: Outgoing, mail_from: str) -> bytes:
    """The message as MIME bytes: text and HTML parts, the tenant as sender name, List-Unsubscribe, a stable
    Message-ID.

    Written by hand rather than with ``email.message.EmailMessage``: its header registry and
    generator cost several milliseconds per message, more than the SMTP exchange itself.
    """
    boundary = f"=_skm_{message.invitation_id}_{message.kind}"
    headers = [
        ("From", formataddr((_one_line(message.sender_name) or "SKM", mail_from), charset="utf-8")),
        ("To", _one_line(message.to)), ("Subject", _header(message.subject)), ("Date", formatdate(localtime=False)),
        ("Message-ID", message.message_id), ("MIME-Version", "1.0"),
    ]
    if message.unsubscribe_url:
        headers += [("List-Unsubscribe", f"<{message.unsubscribe_url}>"),
                    ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
    parts = [("text/plain", message.text)] + ([("text/html", message.html)] if message.html else [])
    lines = [f"{name}: {value}" for name, value in headers]
    lines.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
    lines.append("")
    for content_type, body in parts:
        lines += [f"--{boundary}", f'Content-Type: {content_type}; charset="utf-8"',
                  "Content-Transfer-Encoding: base64", "", _base64_lines(body)]
    lines += [f"--{boundary}--", ""]
    return "\r\n".join(lines).encode()


def _base64_lines(body: str) -> str:
    return base64.encodebytes(body.encode()).decode().rstrip("\n").replace("\n", "\r\n")


def _one_line(value: str) -> str:
    """No CR or LF in a header value (no header injection through a tenant's name)."""
    return " ".join(value.split())


def _header(value: str) -> str:
    value = _one_line(value)
    return value if value.isascii() else Header(value, "utf-8").encode()


class SmtpSender:
    def __init__(self, url: str, timeout: float = 20):
        parts = urlsplit(url)
        self.ssl = parts.scheme == "smtps"
        self.host, self.port = parts.hostname or "localhost", parts.port or (465 if self.ssl else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.timeout = timeout
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        if self.ssl:
            connection = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                          context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            connection.ehlo()
            if connection.has_extn("starttls"):
                connection.starttls(context=ssl.create_default_context())
                connection.ehlo()
        if self.user:
            connection.login(self.user, self.password or "")
        return connection

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.quit()
            self.connection = None

    def send(self, message: Outgoing) -> str:
        mail_from = current_app.config["MAIL_FROM"]
        data = render_email(message, mail_from)
        try:
            if self.connection is None:
                self.connection = self._connect()
            self.connection.sendmail(mail_from, [message.to], data)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            self._reset()
            raise _classify(code, text) from exc
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            self._reset()
            raise _classify(exc.smtp_code, exc.smtp_error) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise TransientError(f"SMTP: {exc}") from exc
        return message.message_id

    def _reset(self) -> None:
        try:
            self.connection.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        try:
            if self.connection is not None:
                self.connection.close()
        finally:
            self.connection = None


def _classify(code: int, text: bytes | str) -> Exception:
    reason = f"SMTP {code}: {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    return PermanentError(reason) if code >= 500 else TransientError(reason)

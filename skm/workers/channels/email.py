"""Email over SMTP: one connection per worker process, reused across messages and tasks.

Opening an SMTP session costs several round trips; reusing it is what lets a worker keep up
with a bare ``smtplib`` loop. A broken connection is dropped and reopened on the next message.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

from flask import current_app

from skm.workers.channels.base import Outgoing, PermanentError, TransientError

_senders: dict[str, SmtpSender] = {}
#: RFC 5322 allows 998-character lines; folding at 78 would encode the long List-Unsubscribe URL
POLICY = SMTP.clone(max_line_length=998)


def smtp_sender(url: str) -> SmtpSender:
    """The process's sender for ``url`` (created on first use, so after a worker fork)."""
    if url not in _senders:
        _senders[url] = SmtpSender(url)
    return _senders[url]


def build_email(message: Outgoing, mail_from: str) -> EmailMessage:
    """HTML and text parts, the tenant as sender name, List-Unsubscribe and a stable Message-ID."""
    email = EmailMessage(policy=POLICY)
    local, _, domain = mail_from.partition("@")
    email["From"] = Address(message.sender_name or "SKM", local, domain)
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = message.message_id
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.text)
    if message.html:
        email.add_alternative(message.html, subtype="html")
    return email


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
        email = build_email(message, current_app.config["MAIL_FROM"])
        try:
            if self.connection is None:
                self.connection = self._connect()
            self.connection.send_message(email, from_addr=current_app.config["MAIL_FROM"], to_addrs=[message.to])
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

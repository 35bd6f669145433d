"""SMTP delivery, one rule for every mail SKM sends.

``smtps://`` is implicit TLS; ``smtp://`` upgrades with STARTTLS whenever the server offers it;
a user in the URL logs in. A backend keeps its connection open between messages (a campaign
worker reuses one per thread, see :func:`reused`): after a refused sender, recipient or message
it sends RSET and carries on, after a broken connection it reconnects on the next message.
Each message, its connection included, gets ``timeout`` seconds in all (``SKM_SMTP_TIMEOUT``):
a server that stalls or trickles its answers fails the message as a transient error.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
import threading
from urllib.parse import unquote, urlsplit

from skm.platform.mailer.mime import Letter
from skm.platform.outbound.deadline import deadline


class MailError(OSError):
    """The message was not delivered; ``permanent`` when the server refused it for good (SMTP 5xx)."""

    def __init__(self, reason: str, *, permanent: bool = False):
        super().__init__(reason)
        self.permanent = permanent


class SmtpBackend:
    def __init__(self, url: str, timeout: float):
        parts = urlsplit(url)
        self.implicit_tls = parts.scheme == "smtps"
        self.host, self.port = parts.hostname or "localhost", parts.port or (465 if self.implicit_tls else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else ""
        self.timeout = timeout
        self.connection: smtplib.SMTP | None = None

    def send(self, letter: Letter) -> str:
        """Deliver ``letter`` within ``timeout`` seconds; return its Message-ID. Raises :class:`MailError`."""
        with deadline(self.timeout, lambda: getattr(self.connection, "sock", None)) as expired:
            try:
                self._deliver(letter)
            except MailError as exc:
                if not expired.is_set():
                    raise
                self._drop()
                raise MailError(f"SMTP: no complete answer within {self.timeout:g} s") from exc
        return letter.message["Message-ID"]

    def _deliver(self, letter: Letter) -> None:
        try:
            if self.connection is None:
                self._connect()
            self.connection.sendmail(letter.mail_from, letter.recipients, bytes(letter.message))
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            self._reset()
            raise _refused(code, text) from exc
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            self._reset()
            raise _refused(exc.smtp_code, exc.smtp_error) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise MailError(f"SMTP: {exc}") from exc

    def close(self) -> None:
        """Say goodbye to the server, if connected."""
        if self.connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.quit()
            self.connection = None

    def _connect(self) -> None:
        """Open the session; the object exists before its ``__init__`` connects, so a deadline can cut the greeting."""
        kind = smtplib.SMTP_SSL if self.implicit_tls else smtplib.SMTP
        options = {"context": ssl.create_default_context()} if self.implicit_tls else {}
        self.connection = connection = kind.__new__(kind)
        connection.__init__(self.host, self.port, timeout=self.timeout, **options)
        if not self.implicit_tls:
            connection.ehlo()
            if connection.has_extn("starttls"):
                connection.starttls(context=ssl.create_default_context())
                connection.ehlo()
        if self.user:
            connection.login(self.user, self.password)

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


def _refused(code: int, text: bytes | str) -> MailError:
    reason = f"SMTP {code}: {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    return MailError(reason, permanent=code >= 500)


_local = threading.local()


def reused(url: str, timeout: float) -> SmtpBackend:
    """This thread's backend for ``url``, connected on first use (so after a worker fork) and kept open."""
    backends = _local.__dict__.setdefault("backends", {})
    if url not in backends:
        backends[url] = SmtpBackend(url, timeout)
    return backends[url]

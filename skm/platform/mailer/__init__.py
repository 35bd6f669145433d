"""The one way mail leaves SKM: password links, report links and campaign invitations alike.

Messages are :class:`email.message.EmailMessage` built by :func:`build` (cheap enough for
campaigns, see :mod:`skm.platform.mailer.mime`); a :class:`Letter` adds the envelope and the
outbox file name. Backends: :class:`SmtpBackend` (``SMTP_URL``, one STARTTLS rule, a reusable
connection) and :class:`OutboxBackend` (.eml files under ``SKM_OUTBOX_DIR`` when there is no
``SMTP_URL``).
"""

from __future__ import annotations

from contextlib import closing
from email.utils import make_msgid
from pathlib import Path

from flask import current_app

from skm.platform.mailer.mime import Letter, build
from skm.platform.mailer.outbox import OutboxBackend
from skm.platform.mailer.smtp import MailError, SmtpBackend, reused

__all__ = ["Letter", "MailError", "OutboxBackend", "SmtpBackend", "build", "reused", "send_notice"]


def send_notice(recipients: list[str], subject: str, text: str, *, outbox: str = "", prefix: str = "",
                sender_name: str | None = None) -> str:
    """Send a platform notice (a password link, a report link) to ``recipients`` from ``MAIL_FROM``.

    Over ``SMTP_URL`` on a connection of its own, or, without it, as ``<prefix><Message-ID>.eml``
    in the ``outbox`` folder of ``SKM_OUTBOX_DIR``. Raises :class:`MailError` (an ``OSError``).
    """
    letter = _notice(recipients, subject, text, prefix, sender_name)
    url = current_app.config["SMTP_URL"]
    if not url:
        return OutboxBackend(Path(current_app.config["SKM_OUTBOX_DIR"]) / outbox).send(letter)
    with closing(SmtpBackend(url, current_app.config["SKM_SMTP_TIMEOUT"])) as backend:
        return backend.send(letter)


def _notice(recipients: list[str], subject: str, text: str, prefix: str, sender_name: str | None) -> Letter:
    mail_from = current_app.config["MAIL_FROM"]
    message_id = make_msgid(domain=mail_from.rpartition("@")[2] or None)
    message = build(mail_from=mail_from, to=", ".join(recipients), subject=subject, text=text,
                    message_id=message_id, sender_name=sender_name)
    return Letter(message, mail_from, recipients, prefix + message_id.strip("<>").replace("/", "_"))

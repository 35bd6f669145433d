"""Invitation and reminder emails, through the platform's one mailer (:mod:`skm.platform.mailer`).

Over SMTP a worker thread reuses one connection across messages and tasks (opening an SMTP
session costs several round trips; reusing it is what lets a worker keep up with a bare SMTP
loop); without ``SMTP_URL`` the messages go to the outbox folder.
"""

from __future__ import annotations

from flask import current_app

from skm.platform.mailer import Letter, MailError, OutboxBackend, SmtpBackend, build, reused
from skm.tenants.invitations.compose import Outgoing
from skm.workers.channels.base import PermanentError, TransientError


class EmailSender:
    def __init__(self, backend: SmtpBackend | OutboxBackend):
        self.backend = backend

    def send(self, message: Outgoing) -> str:
        """Deliver ``message``; return its Message-ID (SMTP) or outbox file name."""
        try:
            return self.backend.send(letter(message, current_app.config["MAIL_FROM"]))
        except MailError as exc:
            raise (PermanentError if exc.permanent else TransientError)(str(exc)) from exc


def smtp_sender(url: str) -> EmailSender:
    """A sender over this worker thread's connection to ``url``; a message gets ``SKM_SMTP_TIMEOUT`` seconds."""
    return EmailSender(reused(url, current_app.config["SKM_SMTP_TIMEOUT"]))


def letter(message: Outgoing, mail_from: str) -> Letter:
    """The message with text and HTML parts, the tenant as sender name, List-Unsubscribe, a stable Message-ID."""
    headers = []
    if message.unsubscribe_url:
        headers = [("List-Unsubscribe", f"<{message.unsubscribe_url}>"),
                   ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
    mime = build(mail_from=mail_from, to=message.to, subject=message.subject, text=message.text, html=message.html,
                 message_id=message.message_id, sender_name=message.sender_name, headers=headers)
    return Letter(mime, mail_from, [message.to], f"{message.invitation_id:09d}-{message.kind}")

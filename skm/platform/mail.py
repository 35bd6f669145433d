"""Sending one email: over SMTP (``SMTP_URL``) or, without it, into the outbox folder.

For the platform's own mails (password links, report links). Bulk invitation sending has its
own channel adapters in ``skm.workers``.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app


def build_message(to: str, subject: str, text: str, html: str | None = None, sender_name: str = "SKM") -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((sender_name, current_app.config["MAIL_FROM"]))
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=current_app.config["MAIL_FROM"].rpartition("@")[2] or None)
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def send(message: EmailMessage) -> None:
    """Deliver ``message`` through SMTP_URL, or write it to the outbox folder as a .eml file."""
    url = current_app.config["SMTP_URL"]
    if not url:
        _write_outbox(message)
        return
    parts = urlsplit(url)
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    context = ssl.create_default_context()
    smtp_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    kwargs = {"context": context} if parts.scheme == "smtps" else {}
    with smtp_class(parts.hostname, port, timeout=30, **kwargs) as smtp:
        if parts.scheme == "smtp" and parts.query == "starttls":
            smtp.starttls(context=context)
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(message)


def _write_outbox(message: EmailMessage) -> None:
    outbox = Path(current_app.config["SKM_OUTBOX_DIR"]) / "mail"
    outbox.mkdir(parents=True, exist_ok=True)
    name = message["Message-ID"].strip("<>").replace("/", "_")
    (outbox / f"{name}.eml").write_bytes(bytes(message))

"""The one email reports send (a link to the quarterly report), kept small on purpose.

SMTP via ``SMTP_URL`` (smtp:// or smtps://, optional user:password); without it the message is
written as an .eml file to the outbox folder. The invitation mail channels live elsewhere.
"""

from __future__ import annotations

import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app


def send_mail(recipients: list[str], subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4().hex}@skm.reports>"
    message.set_content(body)
    url = current_app.config.get("SMTP_URL")
    if not url:
        outbox = Path(current_app.config["SKM_OUTBOX_DIR"])
        outbox.mkdir(parents=True, exist_ok=True)
        (outbox / f"report-{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
        return
    parts = urlsplit(url)
    client = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with client(parts.hostname, parts.port or (465 if parts.scheme == "smtps" else 25), timeout=30) as smtp:
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(message)

"""Channel adapters: email over SMTP, SMS (outbox, generic HTTP gateway, Twilio, Zenziva), WhatsApp.

Every adapter takes an :class:`~skm.workers.channels.base.Outgoing` message and returns the
provider's message id (or None), raising :class:`TransientError` (worth retrying) or
:class:`PermanentError` (the address or request is wrong; retrying cannot help).
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from skm.platform.mailer import OutboxBackend
from skm.workers.channels.base import Outgoing, PermanentError, TransientError

__all__ = ["Outgoing", "PermanentError", "TransientError", "outbox_folders", "sender_for"]


def sender_for(channel: str):
    """The adapter sending ``channel`` messages under the current app's configuration."""
    from skm.workers.channels import email, outbox, sms, whatsapp

    config = current_app.config
    folder = outbox_folders().get(channel)
    if channel == "email":
        return email.EmailSender(OutboxBackend(folder)) if folder else email.smtp_sender(config["SMTP_URL"])
    if folder is not None:
        return outbox.OutboxSender(folder)
    if channel == "whatsapp":
        return whatsapp.WhatsAppSender(config)
    return sms.SMS_BACKENDS[config["SMS_BACKEND"]](config)


def outbox_folders() -> dict[str, Path]:
    """Channel -> the folder its messages are written to instead of being sent (the demo's outbox mode).

    Email without ``SMTP_URL`` and SMS with ``SMS_BACKEND=outbox``; WhatsApp always goes to its API.
    """
    config = current_app.config
    root = Path(config["SKM_OUTBOX_DIR"])
    folders = {"email": root / "email"} if not config["SMTP_URL"] else {}
    if config["SMS_BACKEND"] == "outbox":
        folders["sms"] = root / "sms"
    return folders

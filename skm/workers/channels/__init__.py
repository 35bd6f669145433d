"""Channel adapters: email over SMTP, SMS (outbox, generic HTTP gateway, Twilio, Zenziva), WhatsApp.

Every adapter takes an :class:`~skm.tenants.invitations.compose.Outgoing` message and returns the
provider's message id (or None), raising :class:`TransientError` (worth retrying) or
:class:`PermanentError` (the address or request is wrong; retrying cannot help).
"""

from __future__ import annotations

from flask import current_app

from skm.platform.mailer import OutboxBackend
from skm.platform.messaging.outbox_mode import outbox_folders
from skm.tenants.invitations.compose import Outgoing
from skm.workers.channels.base import PermanentError, TransientError

__all__ = ["Outgoing", "PermanentError", "TransientError", "sender_for"]


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


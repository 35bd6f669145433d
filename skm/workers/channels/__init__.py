"""Channel adapters: email over SMTP, SMS (outbox, generic HTTP gateway, Twilio, Zenziva), WhatsApp.

Every adapter takes an :class:`~skm.workers.channels.base.Outgoing` message and returns the
provider's message id (or None), raising :class:`TransientError` (worth retrying) or
:class:`PermanentError` (the address or request is wrong; retrying cannot help).
"""

from __future__ import annotations

from flask import current_app

from skm.workers.channels.base import Outgoing, PermanentError, TransientError

__all__ = ["Outgoing", "PermanentError", "TransientError", "sender_for"]


def sender_for(channel: str):
    """The adapter sending ``channel`` messages under the current app's configuration."""
    from skm.workers.channels import email, outbox, sms, whatsapp

    config = current_app.config
    if channel == "email":
        return email.smtp_sender(config["SMTP_URL"]) if config["SMTP_URL"] else outbox.OutboxSender("email")
    if channel == "whatsapp":
        return whatsapp.WhatsAppSender(config)
    backend = config["SMS_BACKEND"]
    if backend == "outbox":
        return outbox.OutboxSender("sms")
    return sms.SMS_BACKENDS[backend](config)

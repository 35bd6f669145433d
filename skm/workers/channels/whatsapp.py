"""WhatsApp Business Cloud API: pre-approved template messages (free text needs an open session).

The tenant's settings name its phone-number id (``whatsapp_phone_number_id``) and templates
(``whatsapp_template``, and ``whatsapp_template_reminder`` for reminders when set); the template's
body takes two parameters: the agency's name and the link.
"""

from __future__ import annotations

from skm.tenants.invitations.compose import Outgoing
from skm.workers.channels.base import PermanentError, post


class WhatsAppSender:
    def __init__(self, config):
        self.base_url = config["WHATSAPP_BASE_URL"].rstrip("/")
        self.token = config["WHATSAPP_TOKEN"]

    def send(self, message: Outgoing) -> str | None:
        phone_number_id = message.settings.get("whatsapp_phone_number_id")
        if not phone_number_id:
            raise PermanentError("WhatsApp is not set up for this agency")
        template = message.settings.get(f"whatsapp_template_{message.kind}") or message.settings["whatsapp_template"]
        body = {
            "messaging_product": "whatsapp", "to": message.to.lstrip("+"), "type": "template",
            "template": {"name": template, "language": {"code": message.language},
                         "components": [{"type": "body", "parameters": [
                             {"type": "text", "text": p} for p in message.parameters]}]},
        }
        answer = post(f"{self.base_url}/{phone_number_id}/messages",
                      headers={"Authorization": f"Bearer {self.token}"}, json_body=body)
        messages = answer.get("messages") or [{}]
        return messages[0].get("id")

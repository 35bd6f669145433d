"""SMS adapters: the generic HTTP gateway of CONTRACT.md, Twilio and Zenziva.

Base URLs come from the configuration, so tests point them at loopback servers that imitate
each provider's documented request and answer shapes.
"""

from __future__ import annotations

import base64

from flask import current_app

from skm.tenants.invitations.compose import Outgoing
from skm.workers.channels.base import PermanentError, post


class HttpGateway:
    """POST ``{"to", "message"}`` to SMS_HTTP_URL (Bearer SMS_HTTP_TOKEN when set); any 2xx is accepted."""

    def __init__(self, config):
        self.url, self.token = config["SMS_HTTP_URL"], config["SMS_HTTP_TOKEN"]

    def send(self, message: Outgoing) -> str | None:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        answer = post(self.url, headers=headers, json_body={"to": message.to, "message": message.text})
        found = answer.get("id") or answer.get("message_id") if isinstance(answer, dict) else None
        return str(found) if found else None


class Twilio:
    """Programmable Messaging: ``POST /2010-04-01/Accounts/{sid}/Messages.json`` (form, basic auth)."""

    def __init__(self, config):
        self.sid, self.token = config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"]
        self.sender = config["TWILIO_FROM"]
        self.url = f"{config['TWILIO_BASE_URL'].rstrip('/')}/2010-04-01/Accounts/{self.sid}/Messages.json"

    def send(self, message: Outgoing) -> str | None:
        auth = base64.b64encode(f"{self.sid}:{self.token}".encode()).decode()
        sender = message.settings.get("sms_sender_id") or self.sender
        form = {"To": message.to, "Body": message.text,
                "StatusCallback": f"{current_app.config['SKM_BASE_URL']}/hooks/twilio/status"}
        form["MessagingServiceSid" if sender.startswith("MG") else "From"] = sender
        return post(self.url, headers={"Authorization": f"Basic {auth}"}, form=form).get("sid")


class Zenziva:
    """Zenziva SMS Reguler: POST userkey, passkey, to (national format), message; ``status`` "1" is success."""

    def __init__(self, config):
        self.url = config["ZENZIVA_URL"]
        self.userkey, self.passkey = config["ZENZIVA_USERKEY"], config["ZENZIVA_PASSKEY"]

    def send(self, message: Outgoing) -> str | None:
        national = "0" + message.to[3:] if message.to.startswith("+62") else message.to.lstrip("+")
        answer = post(self.url, headers={}, form={"userkey": self.userkey, "passkey": self.passkey,
                                                  "to": national, "message": message.text})
        if str(answer.get("status")) != "1":
            raise PermanentError(f"Zenziva: {answer.get('text') or 'rejected'}")
        return answer.get("messageId")


SMS_BACKENDS = {"http": HttpGateway, "twilio": Twilio, "zenziva": Zenziva}

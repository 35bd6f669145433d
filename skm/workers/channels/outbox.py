"""The demo channel: messages are written as files to SKM_OUTBOX_DIR instead of being sent.

The file name is stable per invitation and message, so writing twice overwrites, never doubles.
"""

from __future__ import annotations

import json
from pathlib import Path

from flask import current_app

from skm.workers.channels.base import Outgoing


class OutboxSender:
    def __init__(self, channel: str, folder: Path):
        self.channel = channel
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)

    def send(self, message: Outgoing) -> str:
        name = f"{message.invitation_id:09d}-{message.kind}"
        if self.channel == "email":
            from skm.workers.channels.email import render_email

            (self.folder / f"{name}.eml").write_bytes(render_email(message, current_app.config["MAIL_FROM"]))
        else:
            payload = {"to": message.to, "message": message.text}
            (self.folder / f"{name}.json").write_text(json.dumps(payload, ensure_ascii=False))
        return name

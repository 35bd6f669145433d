"""The demo's SMS channel: messages are written as files to SKM_OUTBOX_DIR instead of being sent.

The file name is stable per invitation and message, so writing twice overwrites, never doubles.
Emails have the mailer's outbox backend (see :mod:`skm.workers.channels.email`).
"""

from __future__ import annotations

import json
from pathlib import Path

from skm.tenants.invitations.compose import Outgoing


class OutboxSender:
    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)

    def send(self, message: Outgoing) -> str:
        name = f"{message.invitation_id:09d}-{message.kind}"
        payload = {"to": message.to, "message": message.text}
        (self.folder / f"{name}.json").write_text(json.dumps(payload, ensure_ascii=False))
        return name

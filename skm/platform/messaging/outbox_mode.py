"""The demo's outbox mode: which channels write their messages to files instead of sending them.

The workers' channel adapters send to these folders (skm/workers/channels); the invitation pages
say where the messages went, since in this mode they reach no resident.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app


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

"""The outbox backend: each message becomes ``<folder>/<name>.eml`` instead of being sent (the demo's mode)."""

from __future__ import annotations

from pathlib import Path

from skm.platform.mailer.mime import Letter


class OutboxBackend:
    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, letter: Letter) -> str:
        """Write ``letter`` (a second write of the same name overwrites); return its file name."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{letter.name}.eml").write_bytes(bytes(letter.message))
        return letter.name

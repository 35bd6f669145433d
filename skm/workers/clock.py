"""The time as the workers see it: injectable (``SKM_CLOCK`` in the config) so tests can travel."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from skm.platform.db_types import utcnow


def now() -> datetime:
    return current_app.config.get("SKM_CLOCK", utcnow)()

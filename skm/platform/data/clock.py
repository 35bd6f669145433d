"""The time as the platform sees it: injectable (``SKM_CLOCK`` in the config) so tests can travel.

Workers (sending hours, retries), the day an answer is given in its tenant's zone, and the
regency's current period all read it.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from skm.platform.data.db_types import utcnow


def now() -> datetime:
    return current_app.config.get("SKM_CLOCK", utcnow)()

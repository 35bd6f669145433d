"""Platform-wide settings kept in the database: the central dashboard's alert thresholds."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from skm.extensions import db
from skm.platform.oversight.models import PlatformSetting

ALERTS_KEY = "alerts"


@dataclass(frozen=True)
class AlertThresholds:
    #: an agency's IKM fell by more than this many points against the previous period
    ikm_drop_points: int = 5
    #: an agency received no answer for this many days
    silence_days: int = 14


def alert_thresholds() -> AlertThresholds:
    row = db.session.get(PlatformSetting, ALERTS_KEY)
    stored = row.value if row is not None else {}
    return AlertThresholds(**{k: v for k, v in stored.items() if k in AlertThresholds.__dataclass_fields__})


def save_alert_thresholds(thresholds: AlertThresholds) -> None:
    row = db.session.get(PlatformSetting, ALERTS_KEY) or PlatformSetting(key=ALERTS_KEY)
    row.value = asdict(thresholds)
    db.session.add(row)

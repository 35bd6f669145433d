"""What the central dashboard warns about, by the thresholds in the platform settings."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from skm.platform.oversight.settings import AlertThresholds
from skm.platform.oversight.standings import Standing, silent_since, today
from skm.tenants.display import decimal
from skm.tenants.results.periods import Period


@dataclass(frozen=True)
class Alert:
    kind: str  # ikm_drop, below_target, overdue, silent
    standing: Standing
    message: str


def alerts(rows: list[Standing], period: Period, thresholds: AlertThresholds) -> list[Alert]:
    """The alerts of ``period``, agency by agency in ranking order."""
    found = []
    for row in rows:
        for kind, message in _checks(row, period, thresholds):
            found.append(Alert(kind, row, message))
    return found


def _checks(row: Standing, period: Period, thresholds: AlertThresholds):
    name = row.tenant.name
    if row.change is not None and -row.change > thresholds.ikm_drop_points:
        yield "ikm_drop", _("IKM %(name)s turun %(points)s poin dibanding periode sebelumnya.",
                            name=name, points=decimal(-row.change))
    if period.end < today() and row.below_target:
        yield "below_target", _("%(name)s menutup periode %(period)s dengan %(n)s dari %(target)s responden "
                                "yang ditargetkan.", name=name, period=period.code, n=row.respondents,
                                target=row.target)
    if row.overdue_followups:
        yield "overdue", _("%(name)s: %(n)s butir rencana tindak lanjut melewati target dan belum selesai.",
                           name=name, n=row.overdue_followups)
    if silent_since(row, thresholds.silence_days):
        yield "silent", _("%(name)s tidak menerima jawaban selama %(days)s hari atau lebih.",
                          name=name, days=thresholds.silence_days)

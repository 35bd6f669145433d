"""Reading the audit trail: filters, one entry as a document, the CSV export.

A tenant's reader sees only entries stamped with that tenant (the statement says so, and the
tenant scope filters it again); platform-wide reading opts out of the scope visibly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select

from skm.extensions import db
from skm.platform.audit.models import AuditEntry
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope, tenant_scope
from skm.tenants.reports.sanitize import neutralise

CSV_COLUMNS = ("at", "actor", "action", "tenant", "target", "ip", "user_agent", "detail")
#: the days the filters accept (outside them a day's midnight cannot even be converted to UTC)
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
CSV_BATCH = 1000


@dataclass(frozen=True)
class AuditFilter:
    """What to show: ``action`` is a code (``survey.opened``) or a family (``survey``); dates are
    inclusive days in ``timezone``."""

    action: str | None = None
    actor: str | None = None
    start: date | None = None
    end: date | None = None
    timezone: str = "Asia/Jakarta"

    def apply(self, statement: Select) -> Select:
        if self.action:
            column = AuditEntry.action
            statement = statement.where(column == self.action if "." in self.action
                                        else column.startswith(self.action + ".", autoescape=True))
        if self.actor:
            statement = statement.where(AuditEntry.actor_email == self.actor.strip().lower())
        if self.start:
            statement = statement.where(AuditEntry.created_at >= self._midnight(self.start))
        if self.end:
            statement = statement.where(AuditEntry.created_at < self._midnight(self.end + timedelta(days=1)))
        return statement

    def _midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=ZoneInfo(self.timezone))


def tenant_entries(tenant_id: int, filters: AuditFilter) -> Select:
    """The tenant's entries, newest first (run inside the tenant's scope)."""
    return filters.apply(_newest_first().where(AuditEntry.tenant_id == tenant_id))


def all_entries(filters: AuditFilter) -> Select:
    """Every entry, platform-wide ones included, newest first (platform admins; run inside platform_scope)."""
    return filters.apply(_newest_first()).execution_options(**ALL_TENANTS)


def _newest_first() -> Select:
    return select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


def to_document(entry: AuditEntry) -> dict:
    target = {"type": entry.target_type, "id": entry.target_id} if entry.target_type else None
    return {"id": entry.id, "at": entry.created_at, "actor": entry.actor_email, "actor_id": entry.user_id,
            "action": entry.action, "tenant": entry.tenant.slug if entry.tenant else None, "target": target,
            "ip": entry.ip, "user_agent": entry.user_agent, "detail": entry.detail}


def csv_lines(statement: Select, tenant_id: int | None) -> Iterator[str]:
    """The CSV export, a line at a time (re-entering the tenant's scope: it runs as the response streams)."""
    yield _line(CSV_COLUMNS)
    scope = platform_scope("audit log export (platform admin)") if tenant_id is None else tenant_scope(tenant_id)
    with scope:
        yield from _rows(statement)


def _rows(statement: Select) -> Iterator[str]:
    for entry in db.session.scalars(statement.execution_options(yield_per=CSV_BATCH)):
        document = to_document(entry)
        target = f"{entry.target_type}:{entry.target_id}" if entry.target_type else ""
        yield _line((document["at"].isoformat(), document["actor"] or "", entry.action, document["tenant"] or "",
                     target, entry.ip or "", entry.user_agent or "", json.dumps(entry.detail, ensure_ascii=False)))


def _line(values) -> str:
    """One CSV line; a cell a spreadsheet would run as a formula (a failed sign-in's "address") is neutralised."""
    out = io.StringIO()
    csv.writer(out).writerow([neutralise(value) for value in values])
    return out.getvalue()

"""The Tenant model: one agency."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from skm.extensions import db
from skm.platform.data.db_types import UTCDateTime, utcnow

TENANT_STATUSES = ("active", "suspended")
TIMEZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")  # WIB, WITA, WIT


class Tenant(db.Model):
    """An agency (OPD) with its own questionnaires, surveys and users."""

    __tablename__ = "platform_tenants"
    __table_args__ = (CheckConstraint("status IN ('active', 'suspended')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: URL identifier: lowercase letters, digits and dashes
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    #: full name shown to residents and on reports
    name: Mapped[str] = mapped_column(String(200))
    #: where space is short (SMS, posters): at most 40 characters, e.g. "RSUD dr. Murjani"
    short_name: Mapped[str | None] = mapped_column(String(40))
    #: ``active`` or ``suspended`` (a suspended tenant serves nothing to staff or residents)
    status: Mapped[str] = mapped_column(String(16), default="active")
    #: IANA zone of the agency (WIB, WITA or WIT), for quiet hours and report dates
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Jakarta")
    #: the agency's settings (letterhead, head of agency, report texts, messaging), as
    #: skm/tenants/settings/schemas.py validates and reads them
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    def suspend(self) -> None:
        self.status = "suspended"

    def reactivate(self) -> None:
        self.status = "active"

    def __repr__(self) -> str:
        return f"<Tenant({self.id}, {self.slug!r}, {self.status})>"

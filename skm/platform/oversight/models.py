"""Platform-level rows: settings of the whole platform and the regency's report files."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from skm.extensions import db
from skm.platform.data.db_types import UTCDateTime, utcnow


class PlatformSetting(db.Model):
    """One platform-wide setting (e.g. ``alerts``: the dashboard's alert thresholds) as JSON."""

    __tablename__ = "platform_settings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class RegencyReport(db.Model):
    """The regency report of one period (PDF or XLSX), built by the ``reports`` worker.

    Not tenant-owned: it combines every agency's figures, and only platform admins see it.
    """

    __tablename__ = "regency_reports"
    __table_args__ = (CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the contract's period code, e.g. ``2026-Q4``
    period: Mapped[str] = mapped_column(String(7))
    #: ``pdf`` or ``xlsx``
    format: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(2), default="id")
    #: how the regency's combined IKM is computed: ``pooled`` or ``mean``
    method: Mapped[str] = mapped_column(String(8), default="pooled")
    status: Mapped[str] = mapped_column(String(10), default="queued")
    failure_reason: Mapped[str | None] = mapped_column(Text)
    file_key: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int | None] = mapped_column(BigInteger)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("platform_users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_done(self) -> bool:
        return self.status == "done" and self.file_key is not None

    @property
    def filename(self) -> str:
        return f"ikm-kabupaten-{self.period}.{self.format}"

    def __repr__(self) -> str:
        return f"<RegencyReport({self.id}): {self.period} {self.format} {self.status}>"

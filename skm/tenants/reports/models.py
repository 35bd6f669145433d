"""Report requests and their files, and the quarterly report schedule of a tenant."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from skm.extensions import db
from skm.platform.data.db_types import UTCDateTime, utcnow
from skm.platform.data.tenancy import TenantScoped

FORMATS = ("pdf", "xlsx", "csv", "summary-pdf", "summary-png")
#: CSV dialects: ``rfc4180`` (``,``, decimal point; the default) and ``excel-id``, which Excel with
#: Indonesian regional settings opens in columns (``;``, decimal comma). Both are UTF-8 with a BOM.
CSV_DIALECTS = ("rfc4180", "excel-id")
#: how ``Report.format`` stores a CSV in the excel-id dialect (the format column holds the dialect, no extra column)
CSV_EXCEL_ID = "csv-excel-id"
LANGUAGES = ("id", "en")
STATUSES = ("queued", "running", "done", "failed")
#: a report still being built (an identical request returns it instead of a new one)
PENDING = ("queued", "running")
MEDIA_TYPES = {
    "pdf": ("application/pdf", "pdf"),
    "summary-pdf": ("application/pdf", "pdf"),
    "summary-png": ("image/png", "png"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    CSV_EXCEL_ID: ("text/csv; charset=utf-8", "csv"),
}


class Report(TenantScoped, db.Model):
    """One requested report file: queued → running → done | failed; the file expires."""

    __tablename__ = "reports"
    __table_args__ = (
        Index(None, "tenant_id", "survey_id", "created_at"),
        Index(None, "expires_at"),
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    #: one of FORMATS, or CSV_EXCEL_ID for a CSV in that dialect (see :attr:`export_format`, :attr:`dialect`)
    format: Mapped[str] = mapped_column(String(16))
    #: ``id`` (Indonesian, the default) or ``en``
    language: Mapped[str] = mapped_column(String(2), default="id")
    status: Mapped[str] = mapped_column(String(10), default="queued")
    progress: Mapped[int] = mapped_column(SmallInteger, default=0)
    #: why the build failed, in words a person can act on
    failure_reason: Mapped[str | None] = mapped_column(Text)
    #: where the storage keeps the file (None until done, and again once expired)
    file_key: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int | None] = mapped_column(BigInteger)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("platform_users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_done(self) -> bool:
        return self.status == "done" and self.file_key is not None

    @property
    def export_format(self) -> str:
        """The format as the API names it: one of FORMATS."""
        return "csv" if self.format == CSV_EXCEL_ID else self.format

    @property
    def dialect(self) -> str | None:
        """The CSV dialect (one of CSV_DIALECTS); None for other formats."""
        if self.export_format != "csv":
            return None
        return "excel-id" if self.format == CSV_EXCEL_ID else "rfc4180"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format][0]

    @property
    def filename(self) -> str:
        return f"skm-{self.survey_id}-{self.format}-{self.id}.{MEDIA_TYPES[self.format][1]}"

    def __repr__(self) -> str:
        return f"<Report({self.id}, {self.tenant_id}): survey {self.survey_id} {self.format} {self.status}>"


class ReportSchedule(TenantScoped, db.Model):
    """A tenant's standing order: build a survey's report each quarter and email its admins a link."""

    __tablename__ = "report_schedules"
    __table_args__ = (UniqueConstraint("tenant_id", "survey_id", "format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    format: Mapped[str] = mapped_column(String(16), default="pdf")
    language: Mapped[str] = mapped_column(String(2), default="id")
    #: the last quarter sent, e.g. ``2026-Q1`` (the beat task sends each quarter once)
    last_period: Mapped[str | None] = mapped_column(String(7))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<ReportSchedule({self.id}, {self.tenant_id}): survey {self.survey_id} {self.format}>"

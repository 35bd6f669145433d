"""One item of a survey's follow-up plan: planned → in progress → done (with evidence)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from skm.extensions import db
from skm.platform.data.db_types import UTCDateTime, utcnow
from skm.platform.data.tenancy import TenantScoped

STATUSES = ("planned", "in_progress", "done")


class FollowUp(TenantScoped, db.Model):
    __tablename__ = "followups"
    __table_args__ = (
        Index(None, "tenant_id", "survey_id"),
        CheckConstraint("status IN ('planned', 'in_progress', 'done')", name="status"),
        CheckConstraint("status <> 'done' OR evidence IS NOT NULL", name="done_has_evidence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    #: the element it answers (``U3``), if any
    element: Mapped[str | None] = mapped_column(String(12))
    #: the resident's comment it answers (the response's id), if any
    comment_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(db.Integer, "sqlite"), ForeignKey("responses.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    #: the program or activity
    action: Mapped[str] = mapped_column(Text)
    #: who is responsible (a unit or a person)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="planned")
    #: what shows it was done (required once done)
    evidence: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def is_overdue(self, today: date) -> bool:
        return self.status != "done" and self.due_on < today

    def __repr__(self) -> str:
        return f"<FollowUp({self.id}, {self.tenant_id}): survey {self.survey_id} {self.status}>"

"""Staff's review of one resident's comment, kept beside the response (never in its row).

Keeping triage out of ``responses`` leaves the answer table append-only and its fast INSERT
path untouched; a comment without a review row is ``new`` and not public.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, synonym

from skm.extensions import db
from skm.platform.data.db_types import UTCDateTime, utcnow
from skm.platform.data.tenancy import TenantScoped

STATUSES = ("new", "handled")


class CommentReview(TenantScoped, db.Model):
    __tablename__ = "comment_reviews"
    __table_args__ = (CheckConstraint("status IN ('new', 'handled')", name="status"),)

    #: the response whose comment this reviews (its id is the comment's id)
    response_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(db.Integer, "sqlite"), ForeignKey("responses.id", ondelete="CASCADE"),
        primary_key=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(8), default="new")
    #: approved by staff for the public results page
    public: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    #: the comment's id, as the API names it
    id: Mapped[int] = synonym("response_id")

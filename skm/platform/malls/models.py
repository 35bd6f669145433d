"""A mall, its counters and its managers: platform-level rows, not owned by any tenant.

A counter points at a tenant (and optionally one of its surveys). Answers given through a mall
stay the agency's own responses; they only carry ``responses.mall_id``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from skm.extensions import db
from skm.platform.accounts.models import User
from skm.platform.agencies.models import Tenant
from skm.platform.data.db_types import UTCDateTime, utcnow


class Mall(db.Model):
    """A Mal Pelayanan Publik: residents reach its agencies' forms through ``/m/<slug>``."""

    __tablename__ = "platform_malls"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: URL identifier (``/m/<slug>``): lowercase letters, digits and dashes
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    counters: Mapped[list[MallCounter]] = relationship(
        back_populates="mall", order_by="MallCounter.id", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Mall({self.id}, {self.slug!r})>"


class MallCounter(db.Model):
    """One agency's counter in a mall, and the survey its residents answer."""

    __tablename__ = "platform_mall_counters"
    __table_args__ = (Index(None, "tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mall_id: Mapped[int] = mapped_column(ForeignKey("platform_malls.id", ondelete="CASCADE"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("platform_tenants.id", ondelete="CASCADE"))
    #: the tenant's survey answered here; None: whichever survey the tenant has open
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"))
    #: what the counter is called in the mall (e.g. "Loket 3 · Perizinan"); None: the agency's name alone
    label: Mapped[str | None] = mapped_column(String(120))

    mall: Mapped[Mall] = relationship(back_populates="counters")
    tenant: Mapped[Tenant] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<MallCounter({self.id}, mall {self.mall_id}): tenant {self.tenant_id} survey {self.survey_id}>"


class MallManager(db.Model):
    """A user who sees the mall's combined results (and nothing inside its agencies)."""

    __tablename__ = "platform_mall_managers"
    __table_args__ = (UniqueConstraint("mall_id", "user_id"), Index(None, "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    mall_id: Mapped[int] = mapped_column(ForeignKey("platform_malls.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("platform_users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<MallManager(mall {self.mall_id}, user {self.user_id})>"

"""Service types and surveys: a survey runs one questionnaire version over a period."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from skm.extensions import db
from skm.platform.data.db_types import UTCDateTime, utcnow
from skm.platform.data.tenancy import TenantScoped
from skm.tenants.questionnaires.models import Questionnaire

SURVEY_STATUSES = ("draft", "open", "closed")
WEIGHT_MODES = ("exact", "legacy-0.111")
#: optional respondent-profile questions (SKM.md §3), chosen per survey
PROFILE_FIELDS = ("gender", "age", "education", "occupation", "service_type")
#: allowed status changes
TRANSITIONS = {("draft", "open"), ("open", "closed")}
#: the days a survey may run on (reports count periods over them; the results' years are 2000–2100 too)
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


class IllegalTransition(ValueError):
    """A survey status change the lifecycle does not allow."""


def new_public_code() -> str:
    """A short code for the open link ``/s/<tenant>/<code>`` (about 48 random bits)."""
    return secrets.token_urlsafe(6)


class ServiceType(TenantScoped, db.Model):
    """A service the agency provides (jenis layanan), e.g. "KTP-el" or "Rawat Jalan"."""

    __tablename__ = "service_types"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    is_active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<ServiceType({self.id}, {self.tenant_id}): {self.name!r}>"


class Survey(TenantScoped, db.Model):
    """One survey: a questionnaire version, a period, and its lifecycle draft → open → closed."""

    __tablename__ = "surveys"
    __table_args__ = (
        Index(None, "tenant_id", "status"),
        CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),
        CheckConstraint("weights IN ('exact', 'legacy-0.111')", name="weights"),
        CheckConstraint("ends_on >= starts_on", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    #: service recipients in the period (N of Krejcie & Morgan), for the sample target
    population: Mapped[int | None]
    #: the open link's code, unique platform-wide
    public_code: Mapped[str] = mapped_column(String(16), unique=True, default=new_public_code)
    #: ``exact`` (1/9) or ``legacy-0.111`` (to reproduce historical spreadsheets)
    weights: Mapped[str] = mapped_column(String(16), default="exact")
    #: which profile questions the form asks (subset of PROFILE_FIELDS)
    profile_fields: Mapped[list[str]] = mapped_column(db.JSON, default=lambda: list(PROFILE_FIELDS))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the tenant's admin published the results (None: not published, or withdrawn)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    questionnaire: Mapped[Questionnaire] = relationship()
    service_types: Mapped[list[ServiceType]] = relationship(
        secondary="survey_service_types", order_by=ServiceType.name, viewonly=True)

    def move_to(self, status: str) -> None:
        """Change status, refusing moves the lifecycle does not allow."""
        if (self.status, status) not in TRANSITIONS:
            raise IllegalTransition(f"A {self.status} survey cannot become {status}.")
        self.status = status
        if status == "open":
            self.opened_at = self.opened_at or utcnow()
        if status == "closed":
            self.closed_at = utcnow()

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def __repr__(self) -> str:
        return f"<Survey({self.id}, {self.tenant_id}): {self.title!r} {self.status}>"


class SurveyServiceType(TenantScoped, db.Model):
    """Which service types a survey covers."""

    __tablename__ = "survey_service_types"
    __table_args__ = (UniqueConstraint("tenant_id", "survey_id", "service_type_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id", ondelete="CASCADE"))

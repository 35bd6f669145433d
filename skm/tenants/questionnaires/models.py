"""Questionnaires and their elements (unsur), versioned: a version with responses is frozen."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from skm.extensions import db
from skm.platform.data.db_types import UTCDateTime, utcnow
from skm.platform.data.tenancy import TenantScoped

#: Answers are stored in fixed response columns a1…a16; an element's ``slot`` names its column.
MAX_ELEMENTS = 16


class Questionnaire(TenantScoped, db.Model):
    """One version of a tenant's questionnaire."""

    __tablename__ = "questionnaires"
    __table_args__ = (UniqueConstraint("tenant_id", "family", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: versions of the same questionnaire share a family (a short random key)
    family: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(200))
    #: the untouched PermenPANRB 14/2017 questionnaire every tenant gets
    is_standard: Mapped[bool] = mapped_column(default=False)
    #: set once responses exist; a frozen version never changes again
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    elements: Mapped[list[QuestionnaireElement]] = relationship(
        back_populates="questionnaire", order_by="QuestionnaireElement.position", cascade="all, delete-orphan")

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    def element_codes(self) -> list[str]:
        """Element codes in code (slot) order: the order of the result document."""
        return [e.code for e in sorted(self.elements, key=lambda e: e.slot)]

    def __repr__(self) -> str:
        return f"<Questionnaire({self.id}, {self.tenant_id}): {self.title!r} v{self.version}>"


class QuestionnaireElement(TenantScoped, db.Model):
    """One element (unsur) with its question and four fixed option labels (scores 1–4)."""

    __tablename__ = "questionnaire_elements"
    __table_args__ = (
        UniqueConstraint("tenant_id", "questionnaire_id", "code"),
        UniqueConstraint("tenant_id", "questionnaire_id", "slot"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id", ondelete="CASCADE"))
    #: stable identity (``U1`` … ``U9`` for the standard elements); never the position
    code: Mapped[str] = mapped_column(String(20))
    #: which response column (a1…a16) holds this element's answers
    slot: Mapped[int]
    #: display order on the form
    position: Mapped[int]
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    question_id: Mapped[str] = mapped_column(Text)
    question_en: Mapped[str] = mapped_column(Text)
    #: the four option labels in score order (index 0 scores 1)
    options_id: Mapped[list[str]] = mapped_column(JSON)
    options_en: Mapped[list[str]] = mapped_column(JSON)
    #: residents may answer "not applicable" (e.g. fees for BPJS patients)
    allow_not_applicable: Mapped[bool] = mapped_column(default=False)
    #: exact weight as "p/q"; None everywhere means equal weights (1/n)
    weight: Mapped[str | None] = mapped_column(String(20))

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="elements")

    @property
    def weight_fraction(self) -> Fraction | None:
        return Fraction(self.weight) if self.weight else None

    def name(self, lang: str = "id") -> str:
        return self.name_en if lang == "en" else self.name_id

    def question(self, lang: str = "id") -> str:
        return self.question_en if lang == "en" else self.question_id

    def options(self, lang: str = "id") -> list[str]:
        return self.options_en if lang == "en" else self.options_id

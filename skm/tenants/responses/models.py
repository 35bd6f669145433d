"""Responses: one row per respondent, anonymous, answers in fixed columns a1…a16.

One column per element slot (not one row per answer) keeps the IKM a single-pass integer
aggregate: ``count(aN)`` and ``sum(aN)`` per element over one survey's rows. A response holds
no reference to an invitation or a contact.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, SmallInteger, String, Text, insert, text
from sqlalchemy.orm import Mapped, mapped_column

from skm.extensions import db
from skm.platform.data.db_types import UTCDateTime
from skm.platform.data.tenancy import TenantScoped
from skm.tenants.questionnaires.models import MAX_ELEMENTS

CHANNELS = ("invitation", "open_link", "kiosk", "ticket", "paper", "api")
ANSWER_COLUMNS = tuple(f"a{slot}" for slot in range(1, MAX_ELEMENTS + 1))


class Response(TenantScoped, db.Model):
    __tablename__ = "responses"
    __table_args__ = (
        Index(None, "tenant_id", "survey_id", "submitted_on"),
        #: a tenant's answers in a period over all its surveys (the regency's figures): covering the
        #: standard elements' usual columns, so the period aggregate reads the index alone
        Index("ix_responses_tenant_id_submitted_on", "tenant_id", "submitted_on",
              postgresql_include=["questionnaire_id", *(f"a{slot}" for slot in range(1, 10))]),
        #: a mall's answers in a period (only answers given through a mall are indexed)
        Index("ix_responses_tenant_id_mall_id_submitted_on", "tenant_id", "mall_id", "submitted_on",
              postgresql_where=text("mall_id IS NOT NULL"), sqlite_where=text("mall_id IS NOT NULL")),
        Index("uq_responses_submission", "tenant_id", "survey_id", "submission_key", unique=True),
        CheckConstraint(
            " AND ".join(f"({c} IS NULL OR {c} BETWEEN 1 AND 4)" for c in ANSWER_COLUMNS), name="answer_range"),
        CheckConstraint("answered_count BETWEEN 0 AND 16", name="answered_count"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(db.Integer, "sqlite"), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    #: the questionnaire version that was answered
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"))
    channel: Mapped[str] = mapped_column(String(12))
    #: the day of the answer, always kept (period reports)
    submitted_on: Mapped[date] = mapped_column(Date)
    #: the exact time, dropped for invitation answers so their order cannot re-identify anyone
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: idempotency key of one submission (form nonce, ticket id): a resubmit stores nothing new
    submission_key: Mapped[str | None] = mapped_column(String(64))
    #: answers per element slot (1–4; NULL = not answered or not applicable)
    a1: Mapped[int | None] = mapped_column(SmallInteger)
    a2: Mapped[int | None] = mapped_column(SmallInteger)
    a3: Mapped[int | None] = mapped_column(SmallInteger)
    a4: Mapped[int | None] = mapped_column(SmallInteger)
    a5: Mapped[int | None] = mapped_column(SmallInteger)
    a6: Mapped[int | None] = mapped_column(SmallInteger)
    a7: Mapped[int | None] = mapped_column(SmallInteger)
    a8: Mapped[int | None] = mapped_column(SmallInteger)
    a9: Mapped[int | None] = mapped_column(SmallInteger)
    a10: Mapped[int | None] = mapped_column(SmallInteger)
    a11: Mapped[int | None] = mapped_column(SmallInteger)
    a12: Mapped[int | None] = mapped_column(SmallInteger)
    a13: Mapped[int | None] = mapped_column(SmallInteger)
    a14: Mapped[int | None] = mapped_column(SmallInteger)
    a15: Mapped[int | None] = mapped_column(SmallInteger)
    a16: Mapped[int | None] = mapped_column(SmallInteger)
    #: derived at insert: how many elements were answered and the sum of those scores
    answered_count: Mapped[int] = mapped_column(SmallInteger)
    score_total: Mapped[int] = mapped_column(SmallInteger)
    service_type_id: Mapped[int | None] = mapped_column(ForeignKey("service_types.id", ondelete="SET NULL"))
    gender: Mapped[str | None] = mapped_column(String(1))
    age: Mapped[int | None] = mapped_column(SmallInteger)
    education: Mapped[str | None] = mapped_column(String(12))
    occupation: Mapped[str | None] = mapped_column(String(12))
    #: the service mall the answer was given through (``/m/<mall>/…``); None elsewhere
    mall_id: Mapped[int | None] = mapped_column(ForeignKey("platform_malls.id", ondelete="SET NULL"))
    #: saran dan masukan, stored as plain text and always shown escaped
    comment: Mapped[str | None] = mapped_column(Text)

    def answers_by_slot(self) -> dict[int, int | None]:
        return {slot: getattr(self, f"a{slot}") for slot in range(1, MAX_ELEMENTS + 1)}

    def __repr__(self) -> str:
        return f"<Response({self.id}, {self.tenant_id}): survey {self.survey_id}>"


def bulk_insert(rows: list[dict]) -> None:
    """Insert many validated response rows at once: COPY on PostgreSQL, executemany elsewhere.

    Rows must carry their ``tenant_id`` (COPY bypasses the ORM, so nothing stamps it). PostgreSQL
    refuses COPY into a table with row-level security, so the rows are copied into a temporary
    table of the same columns and moved with one INSERT … SELECT, which the policy checks.
    """
    if not rows:
        return
    if db.session.get_bind().dialect.name != "postgresql":
        db.session.execute(insert(Response), rows)
        return
    columns = sorted({key for row in rows for key in row})
    if unknown := set(columns) - set(Response.__table__.c.keys()):
        raise ValueError(f"not columns of responses: {sorted(unknown)}")
    names = ", ".join(columns)  # checked above: the SQL below names only the table's own columns
    cursor = db.session.connection().connection.driver_connection.cursor()
    cursor.execute(f"CREATE TEMPORARY TABLE incoming_responses AS SELECT {names} FROM responses WITH NO DATA")  # noqa: S608
    with cursor.copy(f"COPY incoming_responses ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row.get(column) for column in columns])
    db.session.execute(text(f"INSERT INTO responses ({names}) SELECT {names} FROM incoming_responses"))  # noqa: S608
    cursor.execute("DROP TABLE incoming_responses")

"""One tenant's figures for a range of days, pooled over all its surveys (the regency's view).

The regency and the ministry report per period, not per survey: a tenant's result for a period
pools every response *answered* in it, whatever survey it belongs to, on the nine standard
elements only (an agency's own extra elements never reach regency figures) with exact, equal
weights. Questionnaire versions may place an element in different slots, so the sums come per
questionnaire in one grouped pass and are mapped to element codes here. Runs in the active
tenant's scope, like every tenant query.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from fractions import Fraction
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, func, select

from skm.extensions import db
from skm.tenants.invitations.models import Invitation
from skm.tenants.questionnaires.models import Questionnaire
from skm.tenants.questionnaires.services import element_slots
from skm.tenants.questionnaires.standard import STANDARD_ELEMENTS
from skm.tenants.responses.models import Response
from skm.tenants.results.engine import ElementTally, IkmResult, compute
from skm.tenants.results.sampling import target_sample
from skm.tenants.surveys.models import Survey

STANDARD_CODES = tuple(element.code for element in STANDARD_ELEMENTS)


def pooled_standard_result(start: date, end: date, *conditions: ColumnElement[bool]) -> IkmResult:
    """The nine standard elements over the responses answered ``start``…``end`` (and ``conditions``)."""
    return pooled_standard_results([(start, end)], *conditions)[0]


def pooled_standard_results(ranges: list[tuple[date, date]], *conditions: ColumnElement[bool]) -> list[IkmResult]:
    """:func:`pooled_standard_result` for several ranges of days (say a period and the one before) in
    one pass over the rows, one result per range in order.

    Only the answer columns that hold a standard element in one of the tenant's questionnaire
    versions are summed (usually a1…a9 of a16): the aggregate is the whole cost of the regency's view.
    """
    slot_codes = element_slots(_questionnaire_ids(), STANDARD_CODES)
    slots = sorted({slot for codes in slot_codes.values() for slot in codes})
    bucket = case(*[(Response.submitted_on.between(start, end), index) for index, (start, end) in enumerate(ranges)])
    columns = [bucket, Response.questionnaire_id, func.count()]
    for slot in slots:
        answer = getattr(Response, f"a{slot}")
        columns += [func.count(answer), func.coalesce(func.sum(answer), 0)]
    statement = (select(*columns).where(Response.submitted_on.between(min(r[0] for r in ranges),
                                                                       max(r[1] for r in ranges)), *conditions)
                 .group_by(bucket, Response.questionnaire_id))
    rows = db.session.execute(statement).all()
    positions = {slot: 2 + 2 * index for index, slot in enumerate(slots)}
    return [_pooled([row[1:] for row in rows if row[0] == index], slot_codes, positions)
            for index in range(len(ranges))]


def _questionnaire_ids() -> list[int]:
    return list(db.session.scalars(select(Questionnaire.id)))


def _pooled(rows, slot_codes: dict[int, dict[int, str]], positions: dict[int, int]) -> IkmResult:
    """Rows of (questionnaire id, count, count(a…), sum(a…), …) summed by element code; ``positions``
    tells where each slot's count is in a row (its sum follows)."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        for slot, code in slot_codes[row[0]].items():
            sums[code][0] += row[positions[slot]]
            sums[code][1] += row[positions[slot] + 1]
    tallies = [ElementTally(e.code, e.name_id, *sums[e.code]) for e in STANDARD_ELEMENTS]
    return compute(tallies, sum(row[1] for row in rows), "exact")


def population_in(start: date, end: date) -> int | None:
    """Service recipients in ``start``…``end``: each survey's population, pro rata to its overlap.

    A survey's population counts its own period's recipients; a quarter of a yearly survey
    takes that share of them. None when no overlapping survey states a population.
    """
    surveys = db.session.execute(select(Survey.starts_on, Survey.ends_on, Survey.population).where(
        Survey.status != "draft", Survey.population.is_not(None),
        Survey.starts_on <= end, Survey.ends_on >= start)).all()
    if not surveys:
        return None
    total = Fraction(0)
    for starts_on, ends_on, population in surveys:
        overlap = (min(end, ends_on) - max(start, starts_on)).days + 1
        total += Fraction(population * overlap, (ends_on - starts_on).days + 1)
    return max(1, round(total))


def sample_target_in(start: date, end: date) -> int | None:
    population = population_in(start, end)
    return None if population is None else target_sample(population)


def invitation_response_rate(start: date, end: date, timezone: str) -> Fraction | None:
    """Completed ÷ sent over invitations first sent in ``start``…``end`` (local days); None if none."""
    zone = ZoneInfo(timezone)
    since, until = datetime.combine(start, time.min, zone), datetime.combine(end, time.max, zone)
    sent, completed = db.session.execute(
        select(func.count(), func.count(Invitation.completed_at))
        .where(Invitation.sent_at.between(since, until))).one()
    return Fraction(completed, sent) if sent else None


def last_answer_on(until: date | None = None) -> date | None:
    """The day of the tenant's latest answer in any survey (on or before ``until``, when given)."""
    statement = select(func.max(Response.submitted_on))
    if until is not None:
        statement = statement.where(Response.submitted_on <= until)
    return db.session.scalar(statement)

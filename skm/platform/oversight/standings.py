"""Every active agency's standing for a period: the figures the regency ranks and reports.

Platform-wide by nature, yet no query mixes tenants: tenants are listed with ``ALL_TENANTS`` and
each tenant's figures are computed inside that tenant's scope by the tenant's own result code
(:mod:`skm.tenants.results.pooling`), then combined here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from sqlalchemy import select

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.data.clock import now
from skm.platform.data.tenancy import ALL_TENANTS, tenant_scope
from skm.platform.oversight.combining import mean_of_units, pooled
from skm.tenants.followups.services import overdue_by_survey
from skm.tenants.responses.services import local_today
from skm.tenants.results.engine import ElementResult, IkmResult
from skm.tenants.results.periods import Period
from skm.tenants.results.pooling import (
    invitation_response_rate,
    last_answer_on,
    pooled_standard_results,
    sample_target_in,
)

#: the regency's own calendar (Kotawaringin Timur is on WIB)
REGENCY_TIMEZONE = ZoneInfo("Asia/Jakarta")
#: below this share of its sample target an agency's grade is shown as provisional, not final
PROVISIONAL_SHARE = Fraction(1, 2)


@dataclass(frozen=True)
class Standing:
    """One agency in one period (``result`` is None when it had no answers in the period)."""

    tenant: Tenant
    result: IkmResult | None
    previous: IkmResult | None
    target: int | None
    response_rate: Fraction | None
    last_answer_on: date | None
    #: follow-up items past their due day and not done, over all the agency's surveys
    overdue_followups: int = 0

    @property
    def respondents(self) -> int:
        return self.result.respondents if self.result else 0

    @property
    def below_target(self) -> bool:
        return self.target is not None and self.respondents < self.target

    @property
    def provisional(self) -> bool:
        """Far below target: the grade is not to be read as final."""
        return self.target is not None and self.respondents < self.target * PROVISIONAL_SHARE

    @property
    def change(self) -> Decimal | None:
        """Points on the 25–100 scale against the previous period (None without both figures)."""
        if self.result is None or self.previous is None:
            return None
        if self.result.ikm_display is None or self.previous.ikm_display is None:
            return None
        return self.result.ikm_display - self.previous.ikm_display

    @property
    def weakest(self) -> ElementResult | None:
        lowest = self.result.lowest_elements(1) if self.result else []
        return lowest[0] if lowest else None


def today() -> date:
    return now().astimezone(REGENCY_TIMEZONE).date()


def active_tenants() -> list[Tenant]:
    return list(db.session.scalars(select(Tenant).where(Tenant.status == "active").order_by(Tenant.name)
                                   .execution_options(**ALL_TENANTS)))


def current_period(kind: str = "quarter") -> Period:
    """This quarter, or, when no active agency has an answer in it yet, the latest quarter that has one.

    Each agency's latest day is read in its own scope (an index-only lookup), never by one query
    over every tenant's answers.
    """
    period = Period.containing(today(), kind)
    latest = None
    for tenant in active_tenants():
        with tenant_scope(tenant.id):
            day = last_answer_on(until=period.end)
        if day is not None and day >= period.start:
            return period
        latest = max(filter(None, (latest, day)), default=None)
    return period if latest is None else Period.containing(latest, kind)


def standing(tenant: Tenant, period: Period) -> Standing:
    """``tenant``'s figures for ``period`` and the one before, in the tenant's scope."""
    previous = period.previous()
    with tenant_scope(tenant.id):
        current, before = pooled_standard_results([period.bounds, previous.bounds])
        return Standing(
            tenant, current if current.respondents else None, before if before.respondents else None,
            sample_target_in(period.start, period.end),
            invitation_response_rate(period.start, period.end, tenant.timezone), last_answer_on(),
            sum(overdue_by_survey(local_today(tenant)).values()))


def standings(period: Period) -> list[Standing]:
    """Every active agency, ranked: by IKM (highest first), agencies without answers last."""
    rows = [standing(tenant, period) for tenant in active_tenants()]
    return sorted(rows, key=_rank_key)


def _rank_key(row: Standing):
    value = row.result.ikm_converted if row.result is not None else None
    return (value is None, -(value or 0), row.tenant.name)


def combined(rows: list[Standing], method: str) -> dict:
    """The regency's IKM over ``rows``: pooled over respondents, or the mean of agency IKMs; labelled."""
    results = [row.result for row in rows if row.result is not None]
    if method == "mean":
        return {"method": "mean", **mean_of_units(results)}
    return {"method": "pooled", **pooled(results).to_document()}


def silent_since(row: Standing, days: int) -> bool:
    """No answer for ``days`` days or more (an agency that never had one counts as silent)."""
    return row.last_answer_on is None or row.last_answer_on <= today() - timedelta(days=days)

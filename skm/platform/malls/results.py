"""A mall's combined view: each agency's figures for answers given at the mall, and the mall's total.

Each tenant's figures are computed inside that tenant's scope (the answers stay the agency's
own); only the aggregates meet here, pooled over respondents like the regency's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import tenant_scope
from skm.platform.malls.models import Mall
from skm.platform.oversight.combining import pooled
from skm.tenants.responses.models import Response
from skm.tenants.results.engine import IkmResult
from skm.tenants.results.periods import Period
from skm.tenants.results.pooling import pooled_standard_result

DEFAULT_TIMEZONE = "Asia/Jakarta"


@dataclass(frozen=True)
class MallUnit:
    """One agency of the mall and its result over the answers given at the mall."""

    tenant: Tenant
    result: IkmResult


@dataclass(frozen=True)
class MallResults:
    period: Period
    units: list[MallUnit]
    combined: IkmResult

    def to_document(self, mall: Mall) -> dict:
        return {
            "mall": mall.slug, "period": self.period.code,
            "tenants": [{"slug": u.tenant.slug, "name": u.tenant.name, "respondents": u.result.respondents,
                         "result": u.result.to_document() if u.result.respondents else None} for u in self.units],
            "combined": {"method": "pooled", **self.combined.to_document()},
        }


def mall_tenants(mall: Mall) -> list[Tenant]:
    """The tenants of the mall's counters, each once, in counter order."""
    return list({counter.tenant_id: counter.tenant for counter in mall.counters}.values())


def current_period(mall: Mall) -> Period:
    """The quarter of today in the mall's time zone (its first agency's; WIB without agencies)."""
    tenants = mall_tenants(mall)
    zone = ZoneInfo(tenants[0].timezone if tenants else DEFAULT_TIMEZONE)
    return Period.containing(datetime.now(zone).date())


def mall_results(mall: Mall, period: Period) -> MallResults:
    units = []
    for tenant in mall_tenants(mall):
        with tenant_scope(tenant.id):
            result = pooled_standard_result(period.start, period.end, Response.mall_id == mall.id)
        units.append(MallUnit(tenant, result))
    return MallResults(period, units, pooled([u.result for u in units]))

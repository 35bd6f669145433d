"""What the mall's resident pages need, kept per process like a form definition.

``/m/<mall>`` lists the counters; ``/m/<mall>/<counter>`` serves the counter's survey form and
stores answers with the mall's id. The counter comes from the URL and its survey from the mall's
own rows, so a resident cannot attribute an answer to a mall whose counters do not collect for
that survey. The definition is cached (``SKM_FORM_CACHE_SECONDS``), so a resident's POST costs no
query beyond the form's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.platform.malls.models import Mall, MallCounter
from skm.tenants.respond.definitions import kept_briefly
from skm.tenants.surveys.models import Survey


@dataclass(frozen=True)
class CounterLink:
    """A counter as residents see it; ``survey_code`` None when its agency collects nothing now."""

    id: int
    tenant_slug: str
    tenant_name: str
    label: str | None
    survey_code: str | None


@dataclass(frozen=True)
class MallDefinition:
    id: int
    slug: str
    name: str
    address: str | None
    counters: tuple[CounterLink, ...]

    def counter(self, counter_id: int) -> CounterLink | None:
        return next((c for c in self.counters if c.id == counter_id), None)


def mall_definition(slug: str) -> MallDefinition | None:
    """The mall behind ``/m/<slug>`` with its active agencies' counters; None for an unknown mall."""
    return kept_briefly(("mall", slug), lambda: _load(slug))


def _load(slug: str) -> MallDefinition | None:
    mall = db.session.scalar(select(Mall).where(Mall.slug == slug).options(selectinload(Mall.counters)))
    if mall is None:
        return None
    counters = tuple(_link(c) for c in mall.counters if c.tenant.is_active)
    return MallDefinition(id=mall.id, slug=mall.slug, name=mall.name, address=mall.address, counters=counters)


def _link(counter: MallCounter) -> CounterLink:
    return CounterLink(id=counter.id, tenant_slug=counter.tenant.slug, tenant_name=counter.tenant.name,
                       label=counter.label, survey_code=counter_survey_code(counter))


def counter_survey_code(counter: MallCounter) -> str | None:
    """The public code of the survey a counter collects for: its own, else the tenant's latest open one."""
    statement = select(Survey.public_code)
    if counter.survey_id is not None:
        statement = statement.where(Survey.id == counter.survey_id)
    else:
        statement = statement.where(Survey.status == "open").order_by(Survey.starts_on.desc(), Survey.id.desc())
    with tenant_scope(counter.tenant_id):
        return db.session.scalar(statement.limit(1))

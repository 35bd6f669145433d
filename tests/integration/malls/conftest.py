"""A mall with counters of two agencies, each with a survey open today."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.platform.malls.services import create_mall
from skm.tenants.responses.models import Response
from tests.respond_support import open_survey


@dataclass
class MallSetup:
    mall: object
    dukcapil: object
    pdam: object
    dukcapil_survey: object
    pdam_survey: object

    def counter_id(self, tenant) -> int:
        return next(c.id for c in self.mall.counters if c.tenant_id == tenant.id)


def responses_of(tenant) -> list[Response]:
    """Every response stored in ``tenant`` (read afresh, inside its scope)."""
    db.session.expire_all()
    with tenant_scope(tenant.id):
        return db.session.scalars(select(Response).order_by(Response.id)).all()


@pytest.fixture
def mpp(make_tenant) -> MallSetup:
    dukcapil = make_tenant("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil")
    pdam = make_tenant("pdam", "Perumda Air Minum Tirta Mentaya")
    dukcapil_survey, pdam_survey = open_survey(dukcapil), open_survey(pdam)
    mall = create_mall("mpp-kotim", "Mal Pelayanan Publik Kotawaringin Timur", "Jl. Jend. Sudirman, Sampit", [
        {"tenant": "disdukcapil", "label": "Loket 1 · KTP-el"},
        {"tenant": "pdam", "survey_id": pdam_survey.id}])
    db.session.commit()
    return MallSetup(mall, dukcapil, pdam, dukcapil_survey, pdam_survey)

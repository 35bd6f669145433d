"""The demo's sample data looks like each agency's reality."""

from sqlalchemy import select

from skm.extensions import db
from skm.platform.agencies.services import create_tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.demo_data import DEMO_TITLE, seed_tenant
from skm.tenants.results.queries import survey_result
from skm.tenants.surveys.models import Survey


def _demo_result(slug):
    tenant = create_tenant(slug, slug.upper())
    seed_tenant(tenant)
    db.session.commit()
    with tenant_scope(tenant.id):
        survey = db.session.scalar(select(Survey).where(Survey.title == DEMO_TITLE))
        return survey.status, survey_result(survey)


def test_disdukcapil_fees_are_always_free(app_ctx):
    status, result = _demo_result("disdukcapil")
    assert status == "open"
    assert (result.elements[3].n, result.elements[3].nrr) == (1560, 4)


def test_hospital_bpjs_patients_skip_fees(app_ctx):
    status, result = _demo_result("rsud")
    assert result.respondents == 1600
    assert 400 < result.elements[3].n < 1000  # about 40% pay fees
    assert all(element.n == 1600 for i, element in enumerate(result.elements) if i != 3)
    assert result.mutu in {"B", "C"}

"""Staff-page fixtures: one tenant with a staff member and a viewer, each with a logged-in client."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from tests.conftest import login
from tests.factories import make_survey


@dataclass
class Agency:
    tenant: object
    slug: str
    staff: FlaskClient
    viewer: FlaskClient

    def url(self, path: str) -> str:
        return f"/t/{self.slug}{path}"

    def scope(self):
        """Enter the tenant's scope for the test's own reads and writes (fresh session state)."""
        db.session.expire_all()
        return tenant_scope(self.tenant.id)


@pytest.fixture
def agency(app, make_tenant, make_user) -> Agency:
    tenant = make_tenant("dukcapil", "Dinas Dukcapil")
    make_user("staf@dukcapil.id", tenant=tenant, role="staff")
    make_user("lihat@dukcapil.id", tenant=tenant, role="viewer")
    staff, viewer = app.test_client(), app.test_client()
    login(staff, "staf@dukcapil.id")
    login(viewer, "lihat@dukcapil.id")
    return Agency(tenant, tenant.slug, staff, viewer)


@pytest.fixture
def survey_id(agency) -> int:
    """A committed survey of the agency with the service type "KTP-el"."""
    with agency.scope():
        survey_id = make_survey(service_types=("KTP-el",)).id
        db.session.commit()
    return survey_id

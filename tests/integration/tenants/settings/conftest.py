"""Settings fixtures: one agency with an admin, a staff member and a platform admin, by token and by page."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from tests.conftest import login


@dataclass
class SettingsAgency:
    tenant_id: int
    admin: dict
    staff: dict
    central: dict
    page: FlaskClient

    def stored(self) -> Tenant:
        """The tenant row as the database holds it now."""
        db.session.expire_all()
        return db.session.get(Tenant, self.tenant_id)


@pytest.fixture
def agency(app, make_tenant, make_user, bearer, storage_dir) -> SettingsAgency:
    tenant = make_tenant("dpmptsp", "Dinas Penanaman Modal dan PTSP")
    users = {role: make_user(f"{role}@dpmptsp.id", tenant=tenant, role=role) for role in ("admin", "staff")}
    central = make_user("pusat@kotimkab.go.id", platform_admin=True)
    page = app.test_client()
    login(page, "admin@dpmptsp.id")
    return SettingsAgency(tenant.id, bearer(users["admin"]), bearer(users["staff"]), bearer(central), page)

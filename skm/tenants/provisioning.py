"""What every new tenant is given."""

from __future__ import annotations

from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.questionnaires.services import create_standard_questionnaire


def provision_tenant(tenant: Tenant) -> None:
    """Create the tenant's copy of the standard questionnaire."""
    with tenant_scope(tenant.id):
        create_standard_questionnaire()

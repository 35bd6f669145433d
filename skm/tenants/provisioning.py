"""What every new tenant is given."""

from __future__ import annotations

from skm.platform.agencies.models import Tenant


def provision_tenant(tenant: Tenant) -> None:
    """Create the tenant's standard questionnaire (added by the questionnaires package)."""

"""Demo surveys and responses for one tenant (filled in by the survey method)."""

from __future__ import annotations

from skm.platform.agencies.models import Tenant


def seed_tenant(tenant: Tenant) -> None:
    """Give ``tenant`` an open survey with sample responses, once."""

"""The demo's service mall: "Mal Pelayanan Publik Kotawaringin Timur" with a counter for each agency."""

from __future__ import annotations

from sqlalchemy import update

from skm.extensions import db
from skm.platform.accounts.services import find_user
from skm.platform.data.tenancy import tenant_scope
from skm.platform.malls.models import Mall
from skm.platform.malls.results import mall_tenants
from skm.platform.malls.services import add_manager, create_mall, find_mall
from skm.tenants.responses.models import Response

SLUG, NAME, ADDRESS = "mpp-kotim", "Mal Pelayanan Publik Kotawaringin Timur", "Jl. Jenderal Sudirman, Sampit"
MANAGER = ("mpp@kotimkab.go.id", "Pengelola MPP Kotawaringin Timur")
#: tenant slug, counter label
COUNTERS = (("dpmptsp", "Loket Perizinan"), ("disdukcapil", "Loket Adminduk"),
            ("pdam", "Loket Pelanggan PDAM"), ("rsud", "Loket Informasi RSUD"))


def seed_mall(password: str) -> tuple[str, str]:
    """Create the demo mall and its manager once (the agencies must exist); return the manager's login line."""
    mall = find_mall(SLUG)
    if mall is None:
        mall = create_mall(SLUG, NAME, ADDRESS, [{"tenant": slug, "label": label} for slug, label in COUNTERS])
        _through_the_mall(mall)
    email, name = MANAGER
    if find_user(email) is None:
        add_manager(mall, email, name, password)
    return "Pengelola mal / mall manager", email


def _through_the_mall(mall: Mall) -> None:
    """Count every third open-link or kiosk demo answer as given at the mall, so its view has figures."""
    for tenant in mall_tenants(mall):
        with tenant_scope(tenant.id):
            db.session.execute(update(Response).where(Response.channel.in_(("open_link", "kiosk")),
                                                      Response.id % 3 == 0).values(mall_id=mall.id))

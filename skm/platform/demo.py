"""``skm demo``: the demo regency, created once and left alone when it exists."""

from __future__ import annotations

from collections.abc import Iterator

from flask_migrate import upgrade

from skm.extensions import db
from skm.platform.accounts.services import create_user, find_user
from skm.platform.agencies.services import create_tenant, find_tenant
from skm.platform.malls.demo import seed_mall
from skm.tenants.demo_data import seed_tenant
from skm.tenants.members.services import invite_member

REGENCY = "Kabupaten Kotawaringin Timur"
DEMO_PASSWORD = "Sampit-2026"  # noqa: S105 -- demo only, printed on the console
PLATFORM_ADMIN = ("admin@kotimkab.go.id", "Bagian Organisasi Setda Kotim")
#: slug, name, short name (SMS and posters)
TENANTS = (
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP)", "DPMPTSP Kotim"),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil)", "Disdukcapil Kotim"),
    ("pdam", "Perumda Air Minum Tirta Mentaya (PDAM)", "PDAM Tirta Mentaya"),
    ("rsud", "RSUD dr. Murjani Sampit", "RSUD dr. Murjani"),
)


def run_demo() -> Iterator[str]:
    """Migrate, create what is missing, commit, and yield the lines to print."""
    upgrade()
    email, name = PLATFORM_ADMIN
    if find_user(email) is None:
        create_user(email, name, DEMO_PASSWORD, is_platform_admin=True)
    logins = [("Admin pusat / central admin", email)]
    for slug, tenant_name, short_name in TENANTS:
        tenant = find_tenant(slug) or create_tenant(slug, tenant_name, short_name=short_name)
        admin_email = f"admin@{slug}.kotimkab.go.id"
        if find_user(admin_email) is None:
            invite_member(tenant, admin_email, f"Admin {slug.upper()}", "admin", DEMO_PASSWORD)
        logins.append((tenant_name, admin_email))
        seed_tenant(tenant)
    logins.append(seed_mall(DEMO_PASSWORD))
    db.session.commit()
    yield f"Demo: {REGENCY}. Log in at /login with password {DEMO_PASSWORD} and one of:"
    for label, login in logins:
        yield f"  {login:<36} {label}"

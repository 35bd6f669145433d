"""Tenant lifecycle: create, suspend, reactivate. Functions flush; the caller commits."""

from __future__ import annotations

import logging
import re

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import select

from skm.extensions import db
from skm.platform.agencies.models import TIMEZONES, Tenant
from skm.platform.audit import record
from skm.platform.inputs.errors import InputError

logger = logging.getLogger(__name__)

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
RESERVED_SLUGS = frozenset({"admin", "api", "static", "login", "logout", "new", "t", "r", "s"})


def slug_problem(slug: str) -> LazyString | None:
    if not SLUG_PATTERN.fullmatch(slug):
        return _l("Gunakan 1–40 huruf kecil, angka atau tanda hubung, diawali dan diakhiri huruf atau angka.")
    if slug in RESERVED_SLUGS:
        return _l("Kode ini dicadangkan; pilih kode lain.")
    return None


def find_tenant(slug: str) -> Tenant | None:
    return db.session.scalar(select(Tenant).where(Tenant.slug == slug))


def create_tenant(slug: str, name: str, timezone: str = "Asia/Jakarta", short_name: str | None = None) -> Tenant:
    """Create an active tenant with its standard questionnaire."""
    slug = slug.strip()
    if problem := slug_problem(slug):
        raise InputError("slug", problem)
    if find_tenant(slug) is not None:
        raise InputError("slug", _l("Instansi dengan kode ini sudah ada."), conflict=True)
    if not name.strip():
        raise InputError("name", _l("Nama tidak boleh kosong."))
    if timezone not in TIMEZONES:
        raise InputError("timezone", _l("Zona waktu harus salah satu dari: %(choices)s.", choices=", ".join(TIMEZONES)))
    tenant = Tenant(slug=slug, name=name.strip(), short_name=short_name, timezone=timezone, settings={})
    db.session.add(tenant)
    db.session.flush()
    _provision(tenant)
    record("tenant.created", tenant_id=tenant.id, target=tenant, slug=slug, name=tenant.name)
    logger.info("tenant %s created", slug)
    return tenant


STATUS_ACTIONS = {"suspended": "tenant.suspended", "active": "tenant.reactivated"}


def set_status(tenant: Tenant, status: str) -> None:
    before = tenant.status
    if status == "suspended":
        tenant.suspend()
    elif status == "active":
        tenant.reactivate()
    else:
        raise InputError("status", _l("Status harus active atau suspended."))
    record(STATUS_ACTIONS[status], tenant_id=tenant.id, target=tenant, before=before, after=status)


def update_tenant(tenant: Tenant, changes: dict) -> None:
    """Change the tenant's name, short name or time zone (validated by the caller), audited before → after."""
    changed = {key: value for key, value in changes.items() if getattr(tenant, key) != value}
    if not changed:
        return
    before = {key: getattr(tenant, key) for key in changed}
    for key, value in changed.items():
        setattr(tenant, key, value)
    record("tenant.updated", tenant_id=tenant.id, target=tenant, before=before, after=changed)


def _provision(tenant: Tenant) -> None:
    """Give a new tenant what every tenant has (the standard questionnaire)."""
    from skm.tenants.provisioning import provision_tenant

    provision_tenant(tenant)

"""Reading and changing an agency's settings. Writes flush; the caller commits.

A replaced or removed logo file is deleted only after the commit (:func:`discard_file`), so a
rolled-back change never points at a file that is gone.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, send_file

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.audit import record
from skm.tenants.reports.storage import storage
from skm.tenants.settings.logo import store_logo, stored_logo
from skm.tenants.settings.stored import COLUMNS, merged_settings, settings_view

logger = logging.getLogger(__name__)


def agency_settings(tenant: Tenant) -> dict[str, Any]:
    """Every setting by its API name: the tenant's name and short name and the JSON-stored ones."""
    return {"name": tenant.name, "short_name": tenant.short_name, **settings_view(tenant.settings)}


def update_settings(tenant: Tenant, changes: dict[str, Any]) -> list[str]:
    """Apply ``changes`` (:class:`AgencySettingsSchema`'s load output, possibly partial).

    Raises :class:`marshmallow.ValidationError` naming the fields, and then changes nothing.
    :return: the API names of the settings that changed (also written to the audit log).
    """
    changes = dict(changes)
    columns = {name: changes.pop(name) for name in COLUMNS if name in changes}
    before = agency_settings(tenant)
    tenant.settings = merged_settings(tenant.settings, changes)
    for name, value in columns.items():
        setattr(tenant, name, value)
    after = agency_settings(tenant)
    changed = sorted(name for name, value in after.items() if before.get(name) != value)
    if changed:
        record("tenant.settings_changed", tenant_id=tenant.id, target=tenant, fields=changed,
               before={name: before.get(name) for name in changed}, after={name: after[name] for name in changed})
        logger.info("Settings of tenant %s changed: %s", tenant.slug, changed)
    db.session.flush()
    return changed


def replace_logo(tenant: Tenant, data: bytes) -> str | None:
    """Check and store ``data`` as the agency's logo (InputError on ``logo`` if it is not a fit image).

    :return: the storage key of the previous logo, to discard after the commit.
    """
    logo = store_logo(tenant.id, data)
    return _set_logo(tenant, logo, "replaced")


def remove_logo(tenant: Tenant) -> str | None:
    """Forget the uploaded logo; return its storage key, to discard after the commit."""
    return _set_logo(tenant, None, "removed")


def _set_logo(tenant: Tenant, logo: dict[str, Any] | None, change: str) -> str | None:
    previous = stored_logo(tenant.settings)
    settings = dict(tenant.settings or {})
    letterhead = settings.get("letterhead")
    settings["letterhead"] = {**(letterhead if isinstance(letterhead, dict) else {}), "logo": logo}
    tenant.settings = settings
    record("tenant.settings_changed", tenant_id=tenant.id, target=tenant, fields=["logo"], logo=change)
    db.session.flush()
    old_key = previous["key"] if previous else None
    return old_key if old_key != (logo or {}).get("key") else None


def logo_response(tenant: Tenant) -> Response | None:
    """The uploaded logo as an image response, or None when there is none (or its file is gone)."""
    logo = stored_logo(tenant.settings)
    if logo is None or not storage().exists(logo["key"]):
        return None
    store = storage()
    source = store.local_path(logo["key"]) or store.open(logo["key"])
    return send_file(source, mimetype=logo["content_type"], max_age=0)


def discard_file(key: str | None) -> None:
    """Delete a logo file no longer referenced (call after the commit)."""
    if key:
        storage().delete(key)

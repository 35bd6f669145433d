"""Malls, their counters and managers: create, change, look up. Functions flush; the caller commits.

Every change is audited as a platform-wide ``mall.created`` / ``mall.changed`` entry.

A counter names a tenant and optionally one of its surveys. The survey is looked up inside
that tenant's scope, so another tenant's survey id is refused like an unknown one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from skm.extensions import db
from skm.platform.agencies.services import find_tenant, slug_problem
from skm.platform.audit import record
from skm.platform.data.tenancy import platform_scope, tenant_scope
from skm.platform.inputs.errors import InputError
from skm.platform.malls.models import Mall, MallCounter, MallManager
from skm.tenants.members.services import user_for
from skm.tenants.surveys.models import Survey

logger = logging.getLogger(__name__)


def find_mall(slug: str) -> Mall | None:
    return db.session.scalar(select(Mall).where(Mall.slug == slug))


def all_malls() -> list[Mall]:
    return list(db.session.scalars(select(Mall).order_by(Mall.name)))


def managed_malls(user) -> list[Mall]:
    """The malls ``user`` manages (every mall for a platform admin)."""
    if user.is_platform_admin:
        return all_malls()
    return list(db.session.scalars(select(Mall).join(MallManager).where(MallManager.user_id == user.id)
                                   .order_by(Mall.name)))


def may_view(user, mall: Mall) -> bool:
    """Platform admins and the mall's managers see its combined results."""
    if not user.is_authenticated:
        return False
    return user.is_platform_admin or db.session.scalar(select(MallManager.id).where(
        MallManager.mall_id == mall.id, MallManager.user_id == user.id)) is not None


def create_mall(slug: str, name: str, address: str | None = None,
                counters: Iterable[Mapping[str, Any]] = ()) -> Mall:
    """A new mall with its counters (each ``{"tenant": slug, "survey_id"?: id, "label"?: text}``)."""
    slug = slug.strip()
    if problem := slug_problem(slug):
        raise InputError("slug", problem)
    if find_mall(slug) is not None:
        raise InputError("slug", _l("Mal dengan kode ini sudah ada."), conflict=True)
    mall = Mall(slug=slug, name=_name(name), address=(address or "").strip() or None)
    db.session.add(mall)
    for index, counter in enumerate(counters):
        _new_counter(mall, counter["tenant"], counter.get("survey_id"), counter.get("label"),
                     field=f"counters.{index}.")
    _flush_counters()
    record("mall.created", target=mall, slug=slug, name=mall.name, counters=_counter_names(mall))
    logger.info("mall %s created", slug)
    return mall


def update_mall(mall: Mall, *, name: str | None = None, address: str | None = None) -> None:
    before = {"name": mall.name, "address": mall.address}
    if name is not None:
        mall.name = _name(name)
    if address is not None:
        mall.address = address.strip() or None
    after = {"name": mall.name, "address": mall.address}
    if after != before:
        record("mall.changed", target=mall, before=before, after=after)


def replace_counters(mall: Mall, counters: Iterable[Mapping[str, Any]]) -> None:
    """Make the mall's counters exactly ``counters``; a counter kept as it was keeps its id (and links)."""
    kept = {(c.tenant.slug, c.survey_id): c for c in mall.counters}
    before, wanted = _counter_names(mall), []
    for index, counter in enumerate(counters):
        existing = kept.pop((counter["tenant"], counter.get("survey_id")), None)
        if existing is None:
            existing = _new_counter(mall, counter["tenant"], counter.get("survey_id"), counter.get("label"),
                                    field=f"counters.{index}.")
        else:
            existing.label = _label(counter.get("label"))
        wanted.append(existing)
    mall.counters = wanted
    _flush_counters()
    if (after := _counter_names(mall)) != before:
        record("mall.changed", target=mall, before={"counters": before}, after={"counters": after})


def add_counter(mall: Mall, tenant_slug: str, survey_id: int | None = None, label: str | None = None) -> MallCounter:
    """Add a counter of ``tenant_slug`` (collecting for ``survey_id``, or its open survey when None)."""
    counter = _new_counter(mall, tenant_slug, survey_id, label)
    record("mall.changed", target=mall, counter_added=_counter_name(counter))
    return counter


def _new_counter(mall: Mall, tenant_slug: str, survey_id: int | None = None, label: str | None = None,
                 *, field: str = "") -> MallCounter:
    """The counter, added (unaudited: the caller records the whole change).

    ``field`` prefixes the names in errors (``counters.0.``), so the API can name the entry.
    """
    tenant = find_tenant(tenant_slug or "")
    if tenant is None:
        raise InputError(f"{field}tenant", _l("Tidak ada instansi dengan kode ini."))
    if survey_id is not None and not _survey_of(tenant.id, survey_id):
        raise InputError(f"{field}survey_id", _l("Instansi ini tidak punya survei dengan ID ini."))
    counter = MallCounter(tenant_id=tenant.id, tenant=tenant, survey_id=survey_id, label=_label(label))
    mall.counters.append(counter)
    _flush_counters()
    return counter


def _flush_counters() -> None:
    """Write counter changes: rows of several agencies, which only the platform scope may write."""
    with platform_scope("service mall: its counters changed"):
        db.session.flush()


def remove_counter(mall: Mall, counter_id: int) -> None:
    removed = [_counter_name(c) for c in mall.counters if c.id == counter_id]
    mall.counters = [c for c in mall.counters if c.id != counter_id]
    _flush_counters()
    if removed:
        record("mall.changed", target=mall, counter_removed=removed[0])


def _counter_name(counter: MallCounter) -> str:
    """``dpmptsp`` or ``dpmptsp/12`` (a counter collecting for one survey)."""
    return counter.tenant.slug + (f"/{counter.survey_id}" if counter.survey_id else "")


def _counter_names(mall: Mall) -> list[str]:
    return [_counter_name(counter) for counter in mall.counters]


def add_manager(mall: Mall, email: str, name: str = "", password: str | None = None) -> MallManager:
    """Make ``email`` a manager of ``mall``, creating the user when new (see :func:`user_for`)."""
    user = user_for(email, name or email, password)
    manager = db.session.scalar(select(MallManager).where(MallManager.mall_id == mall.id,
                                                          MallManager.user_id == user.id))
    if manager is None:
        manager = MallManager(mall_id=mall.id, user_id=user.id, user=user)
        db.session.add(manager)
        db.session.flush()
        record("mall.changed", target=mall, manager_added=user.email)
        logger.info("user %s manages mall %s", user.email, mall.slug)
    return manager


def managers(mall: Mall) -> list[MallManager]:
    return list(db.session.scalars(select(MallManager).where(MallManager.mall_id == mall.id)))


def _survey_of(tenant_id: int, survey_id: int) -> bool:
    with tenant_scope(tenant_id):  # another tenant's survey is invisible here
        return db.session.scalar(select(Survey.id).where(Survey.id == survey_id)) is not None


def _name(name: str) -> str:
    if not (name or "").strip():
        raise InputError("name", _l("Nama tidak boleh kosong."))
    return name.strip()


def _label(label: str | None) -> str | None:
    return (label or "").strip() or None

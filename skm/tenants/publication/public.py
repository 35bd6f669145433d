"""Public result pages, no login: the regency's list, an agency's page, a survey's page.

Light HTML for a phone, no JavaScript. Caches may keep a page but must ask again each time
(``no-cache`` with an ETag: an unchanged page costs a 304 and no body), so a withdrawal takes
effect from the very next request, in every cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Blueprint, abort, current_app, render_template, request
from sqlalchemy import select

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import ALL_TENANTS, tenant_scope
from skm.tenants import display
from skm.tenants.publication.services import (
    MIN_GROUP,
    find_published,
    latest_published,
    public_results,
    published_surveys,
    trend,
)

bp = Blueprint("public", __name__, url_prefix="/p")
display.register(bp)


@contextmanager
def public_tenant(slug: str) -> Iterator[Tenant | None]:
    """The active tenant named ``slug`` in its scope, or None (unknown or suspended)."""
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug, Tenant.status == "active"))
    if tenant is None:
        yield None
        return
    with tenant_scope(tenant.id):
        yield tenant


def published_by_agency(read=trend) -> list[tuple[Tenant, object]]:
    """Every active agency with published results and what ``read`` finds in its own scope
    (:func:`trend`: every published survey; :func:`latest_published`: the latest one)."""
    tenants = db.session.scalars(select(Tenant).where(Tenant.status == "active").order_by(Tenant.name)
                                 .execution_options(**ALL_TENANTS)).all()
    found = []
    for tenant in tenants:
        with tenant_scope(tenant.id):
            shown = read()
        if shown:
            found.append((tenant, shown))
    return found


@bp.get("/")
def regency():
    """Every agency with published results: its latest published survey and the IKM."""
    rows = [(tenant, *latest) for tenant, latest in published_by_agency(latest_published)]
    return _cacheable(render_template("public/regency.html", rows=rows,
                                      title=current_app.config["SKM_REGENCY_NAME"]))


@bp.get("/<slug>")
def agency(slug: str):
    with public_tenant(slug) as tenant:
        if tenant is None or not published_surveys():
            abort(404)
        return _cacheable(render_template("public/agency.html", tenant=tenant, trend=list(reversed(trend()))))


@bp.get("/<slug>/<code>")
def survey(slug: str, code: str):
    with public_tenant(slug) as tenant:
        found = find_published(code) if tenant else None
        if found is None:
            abort(404)
        return _cacheable(render_template("public/survey.html", tenant=tenant, page=public_results(found),
                                          min_group=MIN_GROUP))


def _cacheable(html: str):
    response = current_app.make_response(html)
    response.headers["Cache-Control"] = "public, no-cache"
    response.add_etag()
    return response.make_conditional(request)


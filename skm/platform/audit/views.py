"""The audit trail's pages: a tenant's (``/t/<slug>/audit``, tenant admins) and every entry
(``/admin/audit``, platform admins). Filters in the query string; ``?format=csv`` downloads."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template, request
from flask_login import login_required
from sqlalchemy import Select, func, select

from skm.extensions import db
from skm.platform.accounts.access import require, require_platform_admin
from skm.platform.audit.export import csv_response
from skm.platform.audit.forms import AuditFilterForm
from skm.platform.audit.queries import AuditFilter, all_entries, tenant_entries
from skm.platform.data.tenancy import platform_scope

PAGE_SIZE = 50

tenant_bp = Blueprint("audit", __name__, url_prefix="/audit")
platform_bp = Blueprint("audit_admin", __name__, url_prefix="/admin/audit")


@tenant_bp.get("/")
@require("audit")
def tenant_log():
    return _log_page(lambda filters: tenant_entries(g.tenant.id, filters), g.tenant.id, g.tenant.timezone,
                     "tenants/_layout.html")


@platform_bp.get("/")
@login_required
def platform_log():
    require_platform_admin()
    with platform_scope("audit log (platform admin)"):
        return _log_page(all_entries, None, current_app.config["BABEL_DEFAULT_TIMEZONE"], "base.html")


def _log_page(entries, tenant_id: int | None, timezone: str, layout: str):
    form = AuditFilterForm(request.args)
    if not form.validate():
        return render_template("platform/audit/list.html", form=form, entries=[], page=1, pages=1,
                               layout=layout), 400
    filters = AuditFilter(form.action.data or None, form.actor.data or None, form.start.data, form.end.data, timezone)
    statement = entries(filters)
    if request.args.get("format") == "csv":
        return csv_response(statement, tenant_id, filters)
    page, pages = _page_numbers(statement)
    rows = db.session.scalars(statement.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return render_template("platform/audit/list.html", form=form, entries=rows, page=page, pages=pages,
                           layout=layout)


def _page_numbers(statement: Select) -> tuple[int, int]:
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    return min(max(request.args.get("page", 1, type=int), 1), pages), pages

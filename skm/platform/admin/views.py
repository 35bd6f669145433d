"""Central (regency) admin: every tenant, its status and users, and the tenant lifecycle.

Queries here are platform-wide and say so with ``ALL_TENANTS``.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.access import require_platform_admin
from skm.platform.accounts.services import user_counts
from skm.platform.admin.forms import StatusForm, TenantAdminForm, TenantForm
from skm.platform.agencies.models import Tenant
from skm.platform.agencies.services import create_tenant, find_tenant, set_status
from skm.platform.web.page_changes import commit_form
from skm.tenants.members.services import invite_member

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _platform_admins_only():
    require_platform_admin()


@bp.get("/tenants")
def tenants():
    rows = db.session.scalars(select(Tenant).order_by(Tenant.name)).all()
    return render_template("platform/admin/tenants.html", tenants=rows, counts=user_counts())


@bp.route("/tenants/new", methods=["GET", "POST"])
def new_tenant():
    form = TenantForm()
    if saved := commit_form(form, lambda: create_tenant(form.slug.data, form.name.data, form.timezone.data)):
        flash(_("Instansi dibuat."), "success")
        return redirect(url_for(".tenant", slug=saved.value.slug))
    status = 400 if form.errors else 200
    return render_template("platform/admin/new_tenant.html", form=form), status


@bp.get("/tenants/<slug>")
def tenant(slug: str):
    return _tenant_page(_load(slug), TenantAdminForm())


@bp.post("/tenants/<slug>/admins")
def add_admin(slug: str):
    tenant, form = _load(slug), TenantAdminForm()
    if commit_form(form, lambda: invite_member(tenant, form.email.data, form.name.data, "admin", form.password.data)):
        flash(_("Admin instansi ditambahkan."), "success")
        return redirect(url_for(".tenant", slug=slug))
    return _tenant_page(tenant, form), 400


@bp.post("/tenants/<slug>/<any(suspended, active):status>")
def change_status(slug: str, status: str):
    tenant = _load(slug)
    if not StatusForm().validate_on_submit():
        abort(400)
    set_status(tenant, status)
    db.session.commit()
    flash(_("Status instansi diubah."), "success")
    return redirect(url_for(".tenant", slug=slug))


def _load(slug: str) -> Tenant:
    return find_tenant(slug) or abort(404)


def _tenant_page(tenant: Tenant, form: TenantAdminForm):
    return render_template("platform/admin/tenant.html", tenant=tenant, form=form, status_form=StatusForm(),
                           user_count=user_counts().get(tenant.id, 0))

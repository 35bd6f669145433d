"""The tenant's users: list for everyone, add for tenant admins."""

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from skm.extensions import db
from skm.platform.access import can, require
from skm.platform.input_errors import InputError
from skm.tenants.members.forms import MemberForm
from skm.tenants.members.services import invite_member, members

bp = Blueprint("members", __name__, url_prefix="/users")


@bp.get("/")
@require("view")
def list_members():
    form = MemberForm() if can("manage_users") else None
    return render_template("tenants/members/list.html", members=members(), form=form)


@bp.post("/")
@require("manage_users")
def add():
    form = MemberForm()
    if form.validate_on_submit():
        try:
            invite_member(g.tenant, form.email.data, form.name.data, form.role.data, form.password.data)
        except InputError as exc:
            getattr(form, exc.field).errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("Pengguna ditambahkan."), "success")
            return redirect(url_for(".list_members"))
    db.session.rollback()
    return render_template("tenants/members/list.html", members=members(), form=form), 400

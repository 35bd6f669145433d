"""The tenant's users: list for everyone; add, change roles and deactivate for tenant admins."""

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from skm.extensions import db
from skm.platform.accounts.access import can, require
from skm.platform.inputs.errors import InputError
from skm.platform.web.page_changes import commit_form
from skm.tenants.members.forms import MemberForm, MemberUpdateForm
from skm.tenants.members.services import find_member, invite_member, members, update_member

bp = Blueprint("members", __name__, url_prefix="/users")


@bp.get("/")
@require("view")
def list_members():
    form = MemberForm() if can("manage_users") else None
    return _page(form)


@bp.post("/")
@require("manage_users")
def add():
    form = MemberForm()
    if commit_form(form, lambda: invite_member(g.tenant, form.email.data, form.name.data, form.role.data,
                                               form.password.data)):
        flash(_("Pengguna ditambahkan."), "success")
        return redirect(url_for(".list_members"))
    return _page(form, 400)


@bp.post("/<int:user_id>")
@require("manage_users")
def update(user_id: int):
    membership = find_member(g.tenant, user_id) or abort(404)
    form = MemberUpdateForm()
    if not form.validate_on_submit() or not form.changes():
        flash(_("Pilih peran atau status yang valid."), "error")
        return _page(MemberForm(formdata=None), 400)
    try:
        update_member(g.tenant, membership, form.changes(), by_platform_admin=current_user.is_platform_admin)
    except InputError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _page(MemberForm(formdata=None), exc.status)
    db.session.commit()
    flash(_("Pengguna diperbarui."), "success")
    return redirect(url_for(".list_members"))


def _page(form: MemberForm | None, status: int = 200):
    update_form = MemberUpdateForm(formdata=None) if can("manage_users") else None
    return render_template("tenants/members/list.html", members=members(), form=form,
                           update_form=update_form), status

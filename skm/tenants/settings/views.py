"""The settings page: tenant admins edit, platform admins read; staff and viewers are refused (403)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from skm.extensions import db
from skm.platform.accounts.access import can, require
from skm.platform.inputs.uploads import read_upload, upload_limit
from skm.platform.web.page_changes import commit_form
from skm.tenants.pages import page_blueprint
from skm.tenants.settings.forms import LogoForm, SettingsForm
from skm.tenants.settings.logo import stored_logo
from skm.tenants.settings.schemas import AgencySettingsSchema
from skm.tenants.settings.services import (
    agency_settings,
    discard_file,
    logo_response,
    remove_logo,
    replace_logo,
    update_settings,
)

bp = page_blueprint("settings", __name__, url_prefix="/settings")


@bp.get("/")
@require("read_settings")
def edit():
    return _page(SettingsForm.of(agency_settings(g.tenant)))


@bp.post("/")
@require("manage_settings")
def save():
    form = SettingsForm()
    if form.validate():
        try:
            update_settings(g.tenant, AgencySettingsSchema().load(form.api_data()))
        except ValidationError as exc:
            _attach_errors(form, exc.messages)
        else:
            db.session.commit()
            flash(_("Pengaturan disimpan."), "success")
            return redirect(url_for(".edit"))
    db.session.rollback()
    return _page(form), 422


@bp.get("/logo")
@require("read_settings")
def logo():
    return logo_response(g.tenant) or abort(404)


@bp.post("/logo")
@upload_limit("logo", "SKM_LOGO_UPLOAD_BYTES")
@require("manage_settings")
def change_logo():
    form = LogoForm()
    if saved := commit_form(form, lambda: remove_logo(g.tenant) if form.remove.data
                            else replace_logo(g.tenant, _upload(form))):
        discard_file(saved.value)  # the replaced file, once the change is committed
        flash(_("Logo dihapus.") if form.remove.data else _("Logo disimpan."), "success")
        return redirect(url_for(".edit"))
    return _page(SettingsForm.of(agency_settings(g.tenant)), form), 422


def _upload(form: LogoForm) -> bytes:
    """The uploaded bytes, read no further than one byte over the limit."""
    upload = form.logo.data
    return read_upload(upload) if upload else b""


def _page(form: SettingsForm, logo_form: LogoForm | None = None):
    editable = can("manage_settings")
    if not editable:
        for field in form.setting_fields():
            field.render_kw = {**(field.render_kw or {}), "disabled": True}
    return render_template("tenants/settings/edit.html", form=form, logo_form=logo_form or LogoForm(),
                           logo=stored_logo(g.tenant.settings), editable=editable)


def _attach_errors(form: SettingsForm, messages: dict) -> None:
    """Show the schema's errors next to their fields (a line of the address as "Baris n: …")."""
    for name, errors in messages.items():
        if isinstance(errors, dict):
            errors = [_("Baris %(n)s: %(message)s", n=index + 1, message=message)
                      for index, found in errors.items() for message in found]
        field = getattr(form, name, None)
        if field is None:
            form.form_errors.extend(errors)
        else:
            field.errors = [*field.errors, *errors]

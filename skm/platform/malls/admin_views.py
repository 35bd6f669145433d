"""Central admin pages for malls: list and create, counters, managers, QR code and poster."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from skm.extensions import db
from skm.platform.accounts.access import require_platform_admin
from skm.platform.inputs.errors import InputError
from skm.platform.malls import services
from skm.platform.malls.forms import CounterForm, MallEditForm, MallForm, ManagerForm, RemoveForm
from skm.platform.malls.models import Mall
from skm.platform.malls.urls import mall_url
from skm.tenants.collection.poster import MALL_INSTRUCTIONS, poster_pdf
from skm.tenants.collection.qr import qr_png, qr_svg
from skm.tenants.collection.services import attachment

bp = Blueprint("mall_admin", __name__, url_prefix="/admin/malls")
#: the service's fields that the counter form asks for in its one ``target`` choice
COUNTER_FIELDS = {"tenant": "target", "survey_id": "target"}


@bp.before_request
@login_required
def _platform_admins_only():
    require_platform_admin()


@bp.route("/", methods=["GET", "POST"])
def index():
    form = MallForm()
    if form.validate_on_submit() and _saved(form, services.create_mall, form.slug.data, form.name.data,
                                            form.address.data):
        flash(_("Mal dibuat."), "success")
        return redirect(url_for(".show", slug=form.slug.data.strip()))
    status = 400 if form.errors else 200
    return render_template("platform/malls/admin_list.html", malls=services.all_malls(), form=form), status


@bp.get("/<slug>")
def show(slug: str):
    return _page(_load(slug))


@bp.post("/<slug>")
def edit(slug: str):
    mall, form = _load(slug), MallEditForm()
    if form.validate_on_submit() and _saved(form, services.update_mall, mall, name=form.name.data,
                                            address=form.address.data):
        flash(_("Mal disimpan."), "success")
        return redirect(url_for(".show", slug=slug))
    return _page(mall, edit_form=form), 400


@bp.post("/<slug>/counters")
def add_counter(slug: str):
    mall, form = _load(slug), CounterForm()
    if form.validate_on_submit() and _saved(form, services.add_counter, mall, *form.counter(), form.label.data):
        flash(_("Loket ditambahkan."), "success")
        return redirect(url_for(".show", slug=slug))
    return _page(mall, counter_form=form), 400


@bp.post("/<slug>/counters/<int:counter_id>/delete")
def remove_counter(slug: str, counter_id: int):
    mall = _load(slug)
    if not RemoveForm().validate_on_submit():
        abort(400)
    services.remove_counter(mall, counter_id)
    db.session.commit()
    flash(_("Loket dihapus."), "success")
    return redirect(url_for(".show", slug=slug))


@bp.post("/<slug>/managers")
def add_manager(slug: str):
    mall, form = _load(slug), ManagerForm()
    if form.validate_on_submit() and _saved(form, services.add_manager, mall, form.email.data, form.name.data,
                                            form.password.data):
        flash(_("Pengelola mal ditambahkan."), "success")
        return redirect(url_for(".show", slug=slug))
    return _page(mall, manager_form=form), 400


@bp.get("/<slug>/qr.png")
def qr_code_png(slug: str):
    return attachment(qr_png(mall_url(_load(slug))), "image/png", f"qr-{slug}.png")


@bp.get("/<slug>/qr.svg")
def qr_code_svg(slug: str):
    return attachment(qr_svg(mall_url(_load(slug))), "image/svg+xml", f"qr-{slug}.svg")


@bp.get("/<slug>/poster.pdf")
def poster(slug: str):
    mall = _load(slug)
    pdf = poster_pdf(agency=mall.name, service=None, survey_title=mall.address or mall.name, url=mall_url(mall),
                     instructions=MALL_INSTRUCTIONS)
    return attachment(pdf, "application/pdf", f"poster-{slug}.pdf")


def _load(slug: str) -> Mall:
    return services.find_mall(slug) or abort(404)


def _saved(form, change, *args, **kwargs) -> bool:
    """Run ``change`` and commit; an InputError rolls back and shows its message at its field."""
    try:
        change(*args, **kwargs)
    except InputError as exc:
        db.session.rollback()
        name = exc.field.rsplit(".", 1)[-1]
        field = getattr(form, COUNTER_FIELDS.get(name, name))
        field.errors = [*field.errors, exc.message]
        return False
    db.session.commit()
    return True


def _page(mall: Mall, edit_form=None, counter_form=None, manager_form=None):
    return render_template(
        "platform/malls/admin_mall.html", mall=mall, url=mall_url(mall), kiosk_url=mall_url(mall, kiosk=True),
        edit_form=edit_form or MallEditForm(obj=mall), counter_form=counter_form or CounterForm(),
        manager_form=manager_form or ManagerForm(), managers=services.managers(mall))

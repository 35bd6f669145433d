"""A user's own page (``/account``: password, API tokens) and the same for any user, for platform
admins (``/admin/users``: tokens, deactivation)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.access import require_platform_admin
from skm.platform.accounts.models import User
from skm.platform.accounts.password_links import request_reset
from skm.platform.accounts.services import (
    change_password,
    find_token,
    live_tokens,
    memberships_of,
    revoke_token,
    set_active,
)
from skm.platform.auth.forms import ChangePasswordForm
from skm.platform.inputs.errors import InputError

bp = Blueprint("account", __name__, url_prefix="/account")
admin_bp = Blueprint("admin_users", __name__, url_prefix="/admin/users")


@bp.before_request
@login_required
def _signed_in_only():
    return None


@admin_bp.before_request
@login_required
def _platform_admins_only():
    require_platform_admin()


@bp.get("/")
def show():
    return _own_page(ChangePasswordForm(formdata=None))


@bp.post("/password")
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current_password.data, form.new_password.data)
        except InputError as exc:
            db.session.rollback()
            getattr(form, exc.field).errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("Kata sandi diganti."), "success")
            return redirect(url_for(".show"))
    return _own_page(form, 400)


@bp.post("/tokens/<int:token_id>/revoke")
def revoke(token_id: int):
    _revoke(current_user, token_id)
    return redirect(url_for(".show"))


def _own_page(form: ChangePasswordForm, status: int = 200):
    return render_template("platform/account/show.html", user=current_user, form=form, tokens=live_tokens(current_user),
                           memberships=memberships_of(current_user), action_form=FlaskForm()), status


@admin_bp.get("/")
def list_users():
    query = request.args.get("q", "").strip().lower()
    statement = select(User).order_by(User.email).limit(200)
    if query:
        statement = statement.where(User.email.contains(query, autoescape=True))
    return render_template("platform/account/users.html", users=db.session.scalars(statement).all(), query=query)


@admin_bp.get("/<int:user_id>")
def user(user_id: int):
    target = _user_or_404(user_id)
    return render_template("platform/account/user.html", user=target, tokens=live_tokens(target),
                           memberships=memberships_of(target), action_form=FlaskForm())


@admin_bp.post("/<int:user_id>/tokens/<int:token_id>/revoke")
def revoke_for(user_id: int, token_id: int):
    _revoke(_user_or_404(user_id), token_id)
    return redirect(url_for(".user", user_id=user_id))


@admin_bp.post("/<int:user_id>/<any(deactivate, reactivate):change>")
def change_active(user_id: int, change: str):
    target = _user_or_404(user_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        set_active(target, change == "reactivate")
    except InputError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("Pengguna diaktifkan kembali.") if change == "reactivate" else _("Pengguna dinonaktifkan."), "success")
    return redirect(url_for(".user", user_id=user_id))


@admin_bp.post("/<int:user_id>/reset-link")
def send_reset_link(user_id: int):
    """Instead of setting someone's password: email them a reset link (the same as "Lupa kata sandi?")."""
    target = _user_or_404(user_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    request_reset(target.email)
    db.session.commit()
    flash(_("Tautan atur ulang kata sandi dikirim."), "success")
    return redirect(url_for(".user", user_id=user_id))


def _revoke(owner: User, token_id: int) -> None:
    row = find_token(owner, token_id)
    if row is None or not FlaskForm().validate_on_submit():
        abort(404 if row is None else 400)
    revoke_token(row)
    db.session.commit()
    flash(_("Token dicabut."), "success")


def _user_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)

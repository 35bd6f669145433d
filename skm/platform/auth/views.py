"""Login and logout for staff and platform admins (Flask-Login sessions), and password links."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from skm.extensions import db, limiter, login_manager
from skm.platform.accounts.models import User
from skm.platform.accounts.password_links import request_reset, user_for_token
from skm.platform.accounts.services import authenticate, memberships_of
from skm.platform.accounts.services import set_password as change_password
from skm.platform.api import is_api_request
from skm.platform.audit import record
from skm.platform.auth.forms import ForgotPasswordForm, LoginForm, SetPasswordForm
from skm.platform.inputs.errors import InputError
from skm.platform.malls.services import managed_malls
from skm.platform.web.sessions import touch_session

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    """The session's user, or None once deactivated (the session then ends on this request).

    None for an API request too: the API authenticates by bearer token only (api.bearer_user).
    """
    if is_api_request():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.is_active else None


login_manager.login_view = "auth.login"
login_manager.login_message = None


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


def _asked_address() -> str:
    return "reset:" + request.form.get("email", "").strip().lower()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            touch_session()
            record("auth.signed_in", actor=user)
            db.session.commit()
            return redirect(_safe_next() or url_for("auth.home"))
        db.session.commit()  # the failed attempt's audit entry
        flash(_("Email atau kata sandi salah."), "error")
    return render_template("platform/auth/login.html", form=form), 200 if request.method == "GET" else 400


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("auth.login"))


@bp.get("/")
@login_required
def home():
    """Where a user lands: the central admin, their only tenant, or a tenant picker."""
    memberships = memberships_of(current_user)
    if current_user.is_platform_admin:
        return redirect(url_for("oversight.dashboard"))
    if len(memberships) == 1:
        return redirect(url_for("tenants.dashboard.dashboard", tenant=memberships[0].tenant.slug))
    if not memberships and (malls := managed_malls(current_user)):
        return redirect(url_for("malls.results", slug=malls[0].slug))  # a mall manager
    return render_template("platform/auth/pick_tenant.html", memberships=memberships)


def _safe_next() -> str | None:
    """A same-site path from ``?next=`` (never a full URL: no open redirect)."""
    target = request.args.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/password/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def set_password(token: str):
    """Set a password from an emailed single-use link, then log in."""
    user = user_for_token(token)
    if user is None:
        return render_template("platform/auth/link_invalid.html"), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            change_password(user, form.password.data)
        except InputError as exc:
            form.password.errors.append(exc.message)
        else:
            record("password.reset", actor=user, target=user)
            login_user(user)
            touch_session()
            db.session.commit()
            return redirect(url_for("auth.home"))
    status = 400 if form.errors else 200
    return render_template("platform/auth/set_password.html", form=form, user=user), status


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
@limiter.limit(_reset_limit, methods=["POST"], key_func=_asked_address)
def forgot_password():
    """"Lupa kata sandi?": email a reset link; the answer is the same whether or not the address exists."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_reset(form.email.data)
        db.session.commit()
        return render_template("platform/auth/reset_sent.html")
    status = 400 if form.errors else 200
    return render_template("platform/auth/forgot_password.html", form=form), status

"""The tenant's home page."""

from flask import Blueprint, g, render_template

from skm.platform.access import require

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@require("view")
def dashboard():
    return render_template("tenants/dashboard/index.html", tenant=g.tenant)

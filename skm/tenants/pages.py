"""Small helpers shared by the staff pages: tenant-scoped loading and the page blueprint."""

from __future__ import annotations

from flask import Blueprint, abort

from skm.extensions import db
from skm.platform.accounts.access import can
from skm.tenants import display


def get_or_404(model, object_id: int):
    """The active tenant's ``model`` row; the tenant guard hides every other tenant's rows."""
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    return found


def page_blueprint(name: str, import_name: str, url_prefix: str | None = None) -> Blueprint:
    """A staff-page blueprint: templates get ``can_edit`` and the number/date filters."""
    bp = Blueprint(name, import_name, url_prefix=url_prefix)
    bp.context_processor(lambda: {"can_edit": can("edit")})
    display.register(bp)
    return bp

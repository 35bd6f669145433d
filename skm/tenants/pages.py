"""Small helpers shared by the staff pages: tenant-scoped loading and form errors."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_wtf import FlaskForm

from skm.extensions import db
from skm.platform.access import can
from skm.platform.input_errors import InputError
from skm.tenants import display


def get_or_404(model, object_id: int):
    """The active tenant's ``model`` row; the tenant guard hides every other tenant's rows."""
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    return found


def attach_error(form: FlaskForm, exc: InputError) -> None:
    """Show a service's InputError next to its field, or above the form when no field matches."""
    field = getattr(form, exc.field, None)
    if field is not None and hasattr(field, "errors") and not callable(field.errors):
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)


def page_blueprint(name: str, import_name: str, url_prefix: str | None = None) -> Blueprint:
    """A staff-page blueprint: templates get ``can_edit`` and the number/date filters."""
    bp = Blueprint(name, import_name, url_prefix=url_prefix)
    bp.context_processor(lambda: {"can_edit": can("edit")})
    display.register(bp)
    return bp

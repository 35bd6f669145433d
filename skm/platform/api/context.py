"""Helpers every API resource shares: authentication and the tenant in the URL."""

from __future__ import annotations

from flask import g
from flask_login import current_user
from flask_smorest import abort
from sqlalchemy import func, select

from skm.extensions import db
from skm.platform.access import can, enter_tenant
from skm.platform.api import API_PREFIX
from skm.platform.api.blueprint import Blueprint
from skm.platform.input_errors import InputError


def require_api_user() -> None:
    if not current_user.is_authenticated:
        abort(401, message="A valid bearer token is required.")


def require_api_platform_admin() -> None:
    require_api_user()
    if not current_user.is_platform_admin:
        abort(403, message="Only platform admins may do this.")


def require_capability(capability: str) -> None:
    if not can(capability):
        abort(403, message=f"Your role ({g.role}) may not do this.")


def tenant_blueprint(name: str, import_name: str, path: str, description: str) -> Blueprint:
    """A smorest blueprint under ``/api/v1/tenants/<tenant>/<path>`` that resolves the tenant.

    Unauthenticated: 401. Unknown tenant or not a member: 404 (the same for both).
    """
    blp = Blueprint(name, import_name, url_prefix=f"{API_PREFIX}/tenants/<tenant>/{path}".rstrip("/"),
                    description=description)

    @blp.url_value_preprocessor
    def _pull_tenant(endpoint, values) -> None:
        slug = values.pop("tenant")
        require_api_user()
        enter_tenant(slug)

    return blp


def abort_input(exc: InputError):
    """Answer an :class:`InputError` as a 409/422 naming the field, in flask-smorest's shape.

    A dotted field (``counters.0.survey_id``) nests as marshmallow nests a list entry's errors.
    """
    errors: dict = {exc.field.rsplit(".", 1)[-1]: [exc.message]}
    for part in reversed(exc.field.split(".")[:-1]):
        errors = {part: errors}
    abort(exc.status, message=exc.message, errors={"json": errors})


def commit_change(change, *args, capability: str | None = "edit"):
    """Run a write service for a user with ``capability`` (in the URL's tenant; None: the caller
    authorised), commit, and return its result.

    An :class:`InputError` rolls back and answers 409/422 naming the field; nothing is stored.
    """
    if capability is not None:
        require_capability(capability)
    try:
        result = change(*args)
    except InputError as exc:
        db.session.rollback()
        abort_input(exc)
    db.session.commit()
    return result


def paginated(statement, pagination_parameters) -> list:
    """One page of ``statement``'s rows; the total goes to flask-smorest's pagination header."""
    count = select(func.count()).select_from(statement.order_by(None).subquery())
    pagination_parameters.item_count = db.session.scalar(count)
    page = statement.offset(pagination_parameters.first_item).limit(pagination_parameters.page_size)
    return list(db.session.scalars(page))

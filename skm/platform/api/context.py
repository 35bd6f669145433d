"""Helpers every API resource shares: authentication and the tenant in the URL."""

from __future__ import annotations

from functools import wraps

from flask import g
from flask_login import current_user
from flask_smorest import abort
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from skm.extensions import db
from skm.platform.accounts.access import can, enter_tenant
from skm.platform.api import API_PREFIX, authenticates_itself
from skm.platform.api.blueprint import Blueprint
from skm.platform.inputs.errors import InputError


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
        if authenticates_itself(endpoint):
            return  # the view gets the slug as ``tenant`` and calls enter_api_tenant when it needs to
        slug = values.pop("tenant")
        require_api_user()
        enter_tenant(slug)

    return blp


def enter_api_tenant(slug: str) -> None:
    """For a self-authenticating view: authenticate the bearer token and enter the URL's tenant (``g.tenant``).

    What the request hooks do for every other view: 401, 404 or 403 when refused. Checked once
    per request: a second call does nothing.
    """
    if g.get("api_tenant_checked"):
        return
    g.api_tenant_checked = True
    require_api_user()
    enter_tenant(slug)


def self_authenticating(method):
    """Mark a MethodView method of a tenant blueprint that checks the bearer token itself.

    The tenant blueprint's hook then neither asks for the user (whose token Flask-Login looks up
    only when ``current_user`` is first used) nor enters the tenant: the method gets
    the tenant's slug as ``tenant`` and may authenticate and act in one statement; on every other
    path it calls :func:`enter_api_tenant` first. An error answered before that (flask-smorest's
    400 or 422 for the body it parses first) still comes after the token's and tenant's 401, 404
    or 403, as for every other resource.
    """

    @wraps(method)
    def checked(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except HTTPException:
            enter_api_tenant(kwargs["tenant"])
            raise

    checked.authenticates_itself = True
    return checked


def abort_input(exc: InputError):
    """Answer an :class:`InputError` as a 409/422 naming the field, in flask-smorest's shape.

    A dotted field (``counters.0.survey_id``) nests as marshmallow nests a list entry's errors.
    """
    errors: dict = {exc.field.rsplit(".", 1)[-1]: [exc.message]}
    for part in reversed(exc.field.split(".")[:-1]):
        errors = {part: errors}
    abort(exc.status, message=exc.message, errors={"json": errors})


def commit_change(change, *args, capability: str = "edit"):
    """:func:`committed` for a user with ``capability`` in the URL's tenant (403 otherwise)."""
    require_capability(capability)
    return committed(change, *args)


def committed(change, *args):
    """Run a write service, commit, and return its result.

    An :class:`InputError` rolls back and answers 409/422 naming the field; nothing is stored.
    """
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

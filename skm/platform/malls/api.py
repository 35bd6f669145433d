"""/api/v1/malls: service malls (platform admins) and their combined results (also mall managers).

A mall that is not the user's answers 404, like another tenant's URL.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort
from marshmallow import Schema, ValidationError, fields, validate

from skm.extensions import db
from skm.platform.api import API_PREFIX
from skm.platform.api.context import abort_input, require_api_platform_admin, require_api_user
from skm.platform.input_errors import InputError
from skm.platform.malls import services
from skm.platform.malls.models import Mall
from skm.platform.malls.results import current_period, mall_results
from skm.platform.malls.urls import counter_url, mall_url
from skm.tenants.results.periods import Period

blp = Blueprint("malls_api", __name__, url_prefix=f"{API_PREFIX}/malls",
                description="Service malls (Mal Pelayanan Publik)")


@blp.before_request
def _authenticated() -> None:
    """401 before anything else, a malformed body included."""
    require_api_user()


class PeriodField(fields.String):
    """A period code (``2026``, ``2026-S1``, ``2026-Q4``) loaded as a :class:`Period`."""

    def _deserialize(self, value, attr, data, **kwargs) -> Period:
        try:
            return Period.parse(super()._deserialize(value, attr, data, **kwargs))
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class CounterInSchema(Schema):
    tenant = fields.String(required=True, validate=validate.Length(min=1, max=40))
    survey_id = fields.Integer(allow_none=True, load_default=None)
    label = fields.String(allow_none=True, validate=validate.Length(max=120))


class CounterSchema(Schema):
    id = fields.Integer()
    tenant = fields.String(attribute="tenant.slug")
    tenant_name = fields.String(attribute="tenant.name")
    survey_id = fields.Integer(allow_none=True)
    label = fields.String(allow_none=True)
    url = fields.Function(counter_url)


class MallSchema(Schema):
    slug = fields.String()
    name = fields.String()
    address = fields.String(allow_none=True)
    url = fields.Function(mall_url)
    counters = fields.List(fields.Nested(CounterSchema))


class MallCreateSchema(Schema):
    slug = fields.String(required=True, validate=validate.Length(min=1, max=40))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    address = fields.String(allow_none=True, validate=validate.Length(max=300))
    counters = fields.List(fields.Nested(CounterInSchema), load_default=list)


class MallUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    address = fields.String(allow_none=True, validate=validate.Length(max=300))
    counters = fields.List(fields.Nested(CounterInSchema))


class ManagerCreateSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    name = fields.String(validate=validate.Length(max=200))
    password = fields.String(load_only=True, validate=validate.Length(max=200))


class ManagerSchema(Schema):
    email = fields.String(attribute="user.email")
    name = fields.String(attribute="user.name")


class ResultsQuerySchema(Schema):
    period = PeriodField()


@blp.route("")
class Malls(MethodView):
    @blp.response(200, MallSchema(many=True))
    def get(self):
        """Every mall (platform admins) or the malls the user manages."""
        return services.managed_malls(current_user)

    @blp.arguments(MallCreateSchema)
    @blp.response(201, MallSchema)
    def post(self, data):
        """Create a mall with its counters; a counter without ``survey_id`` follows its agency's open survey."""
        require_api_platform_admin()
        return _commit(services.create_mall, data["slug"], data["name"], data.get("address"), data["counters"])


@blp.route("/<slug>")
class MallBySlug(MethodView):
    @blp.response(200, MallSchema)
    def get(self, slug):
        """The mall and its counters (platform admins and the mall's managers)."""
        return _visible_mall(slug)

    @blp.arguments(MallUpdateSchema)
    @blp.response(200, MallSchema)
    def patch(self, data, slug):
        """Rename, move, or replace the counters (a counter kept as it was keeps its id and link)."""
        require_api_platform_admin()
        mall = _visible_mall(slug)
        return _commit(_update, mall, data)


@blp.route("/<slug>/managers")
class MallManagers(MethodView):
    @blp.response(200, ManagerSchema(many=True))
    def get(self, slug):
        require_api_platform_admin()
        return services.managers(_visible_mall(slug))

    @blp.arguments(ManagerCreateSchema)
    @blp.response(201, ManagerSchema)
    def post(self, data, slug):
        """Make a user the mall's manager (a new user is emailed a link to set a password)."""
        require_api_platform_admin()
        mall = _visible_mall(slug)
        return _commit(services.add_manager, mall, data["email"], data.get("name", ""), data.get("password"))


@blp.route("/<slug>/results")
class MallResults(MethodView):
    @blp.arguments(ResultsQuerySchema, location="query")
    def get(self, args, slug):
        """Each agency's result over the answers given at the mall in ``period`` (default: this quarter),
        and the mall's combined result, pooled over respondents on the nine standard elements."""
        mall = _visible_mall(slug)
        return mall_results(mall, args.get("period") or current_period(mall)).to_document(mall)


def _visible_mall(slug: str) -> Mall:
    mall = services.find_mall(slug)
    if mall is None or not services.may_view(current_user, mall):
        abort(404, message="No such mall.")
    return mall


def _update(mall: Mall, data: dict) -> Mall:
    services.update_mall(mall, name=data.get("name"), address=data.get("address"))
    if "counters" in data:
        services.replace_counters(mall, data["counters"])
    return mall


def _commit(change, *args):
    try:
        result = change(*args)
    except InputError as exc:
        db.session.rollback()
        abort_input(exc)
    db.session.commit()
    return result

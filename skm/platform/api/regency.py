"""/api/v1/regency/results: every tenant's result and the combined one (platform admins)."""

from flask.views import MethodView
from marshmallow import fields, validate

from skm.platform.api import API_PREFIX
from skm.platform.api.blueprint import Blueprint
from skm.platform.api.context import require_api_platform_admin
from skm.platform.api.inputs import InputSchema
from skm.tenants.results.regency import AGGREGATIONS, mean_of_units, pooled, unit_results
from skm.tenants.results.schemas import RegencyResultsSchema

blp = Blueprint("regency_api", __name__, url_prefix=f"{API_PREFIX}/regency", description="Regency-wide results")


class RegencyQuerySchema(InputSchema):
    method = fields.String(load_default="pooled", validate=validate.OneOf(AGGREGATIONS))


@blp.route("/results")
class RegencyResults(MethodView):
    @blp.arguments(RegencyQuerySchema, location="query")
    @blp.alt_response(200, schema=RegencyResultsSchema, success=True)
    def get(self, args):
        """Each agency's latest survey result; ``combined`` is respondent-pooled, or with
        ``method=mean`` the mean of the agencies' IKMs. ``combined.method`` always says which."""
        require_api_platform_admin()
        units = unit_results()
        results = [u.result for u in units if u.result is not None]
        if args["method"] == "pooled":
            combined = {"method": "pooled", **pooled(results).to_document()}
        else:
            combined = {"method": "mean", **mean_of_units(results)}
        return {
            "tenants": [{"slug": u.tenant.slug, "name": u.tenant.name,
                         "survey": None if u.survey is None else {"id": u.survey.id, "title": u.survey.title},
                         "result": None if u.result is None else u.result.to_document()} for u in units],
            "combined": combined,
        }

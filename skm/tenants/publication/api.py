"""Publishing (tenant admins) and the public, login-free JSON of published results."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import abort

from skm.platform.api import API_PREFIX
from skm.platform.api.blueprint import Blueprint
from skm.platform.api.context import commit_change, tenant_blueprint
from skm.tenants.publication import services
from skm.tenants.publication.public import public_tenant, published_by_agency
from skm.tenants.publication.schemas import PublicAgencySchema, PublicSurveySchema
from skm.tenants.surveys.api import load_survey
from skm.tenants.surveys.schemas import SurveySchema

blp = tenant_blueprint("publication_api", __name__, "surveys", "Publishing a survey's results")
public_blp = Blueprint("public_api", __name__, url_prefix=f"{API_PREFIX}/public",
                       description="Published results (no login): for the regency's open-data portal")


@blp.route("/<int:survey_id>/publish")
class Publication(MethodView):
    @blp.response(200, SurveySchema)
    @blp.alt_response(409, description="A draft survey cannot be published")
    def post(self, survey_id: int):
        """Publish the survey's results on the public pages (tenant admins)."""
        return commit_change(services.publish, load_survey(survey_id), capability="publish")

    @blp.response(200, SurveySchema)
    def delete(self, survey_id: int):
        """Withdraw the results: the public pages answer 404 from the next request on."""
        return commit_change(services.withdraw, load_survey(survey_id), capability="publish")


@public_blp.route("/tenants")
class PublicAgencies(MethodView):
    @public_blp.response(200, PublicAgencySchema(many=True))
    def get(self):
        """Every agency with published results, and each of its published surveys' IKM."""
        return [_agency_document(tenant, shown) for tenant, shown in published_by_agency()]


@public_blp.route("/tenants/<slug>")
class PublicAgency(MethodView):
    @public_blp.response(200, PublicAgencySchema)
    def get(self, slug: str):
        with public_tenant(slug) as tenant:
            shown = services.trend() if tenant else []
            if not shown:
                abort(404, message="No such agency with published results.")
            return _agency_document(tenant, shown)


def _agency_document(tenant, shown) -> dict:
    return {"slug": tenant.slug, "name": tenant.name,
            "surveys": [services.trend_entry(survey, result) for survey, result in shown]}


@public_blp.route("/tenants/<slug>/surveys/<code>")
class PublicSurvey(MethodView):
    @public_blp.response(200, PublicSurveySchema)
    def get(self, slug: str, code: str):
        """A published survey's results; groups of fewer than 5 respondents are left out."""
        with public_tenant(slug) as tenant:
            survey = services.find_published(code) if tenant else None
            if survey is None:
                abort(404, message="No such published survey.")
            return services.public_results(survey).to_document()

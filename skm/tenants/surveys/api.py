"""/api/v1/tenants/<slug>/surveys: create, read, edit, open and close surveys."""

from flask.views import MethodView
from flask_smorest import abort
from sqlalchemy import select

from skm.platform.api.context import commit_change, paginated, require_capability, tenant_blueprint
from skm.tenants.surveys import services
from skm.tenants.surveys.models import Survey
from skm.tenants.surveys.schemas import SurveyCreateSchema, SurveySchema, SurveyUpdateSchema

blp = tenant_blueprint("surveys_api", __name__, "surveys", "Surveys and their lifecycle")


def load_survey(survey_id: int) -> Survey:
    """The active tenant's survey or a JSON 404 (another tenant's id is 404 as well)."""
    survey = services.find_survey(survey_id)
    if survey is None:
        abort(404, message="No such survey.")
    return survey


@blp.route("")
class Surveys(MethodView):
    @blp.response(200, SurveySchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        require_capability("view")
        return paginated(select(Survey).order_by(Survey.id.desc()), pagination_parameters)

    @blp.arguments(SurveyCreateSchema)
    @blp.response(201, SurveySchema)
    def post(self, data):
        """Create a draft survey."""
        return commit_change(services.create_survey, data)


@blp.route("/<int:survey_id>")
class SurveyById(MethodView):
    @blp.response(200, SurveySchema)
    def get(self, survey_id):
        require_capability("view")
        return load_survey(survey_id)

    @blp.arguments(SurveyUpdateSchema)
    @blp.response(200, SurveySchema)
    def patch(self, data, survey_id):
        return commit_change(services.update_survey, load_survey(survey_id), data)


@blp.route("/<int:survey_id>/<any(open, close):action>")
class SurveyStatus(MethodView):
    @blp.response(200, SurveySchema)
    def post(self, survey_id, action):
        """Open a draft survey, or close an open one; other moves answer 409."""
        status = {"open": "open", "close": "closed"}[action]
        return commit_change(services.change_status, load_survey(survey_id), status)

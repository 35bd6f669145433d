"""/api/v1/tenants/<slug>/surveys/<id>/followups: the survey's follow-up plan (Rencana Tindak Lanjut)."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import abort

from skm.platform.api.context import commit_change, require_capability, tenant_blueprint
from skm.tenants.followups import services
from skm.tenants.followups.schemas import FollowUpCreateSchema, FollowUpSchema, FollowUpUpdateSchema
from skm.tenants.surveys.api import load_survey

blp = tenant_blueprint("followups_api", __name__, "surveys", "The follow-up plan of a survey")


@blp.route("/<int:survey_id>/followups")
class FollowUps(MethodView):
    @blp.response(200, FollowUpSchema(many=True))
    def get(self, survey_id: int):
        """Every item, by due date; ``overdue`` is true past ``due_on`` while not done."""
        require_capability("view")
        return services.followups_of(load_survey(survey_id))

    @blp.arguments(FollowUpCreateSchema)
    @blp.response(201, FollowUpSchema)
    def post(self, data, survey_id: int):
        survey = load_survey(survey_id)
        return commit_change(services.add_followup, survey, data)


@blp.route("/<int:survey_id>/followups/<int:followup_id>")
class FollowUpById(MethodView):
    @blp.response(200, FollowUpSchema)
    def get(self, survey_id: int, followup_id: int):
        require_capability("view")
        return _item_or_404(load_survey(survey_id), followup_id)

    @blp.arguments(FollowUpUpdateSchema)
    @blp.response(200, FollowUpSchema)
    def patch(self, data, survey_id: int, followup_id: int):
        """Change an item; ``done`` needs ``evidence`` (in this request or already stored)."""
        survey = load_survey(survey_id)
        item = _item_or_404(survey, followup_id)
        return commit_change(services.update_followup, item, survey, data)


def _item_or_404(survey, followup_id: int):
    item = services.find_followup(survey, followup_id)
    if item is None:
        abort(404, message="No such follow-up item.")
    return item

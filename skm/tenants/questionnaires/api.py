"""/api/v1/tenants/<slug>/questionnaires: the standard questionnaire, copies, element edits, weights.

A change to a frozen (answered) version creates the next version; the answer is that version.
"""

from flask.views import MethodView
from flask_smorest import abort
from sqlalchemy import select

from skm.extensions import db
from skm.platform.api.context import commit_change, require_capability, tenant_blueprint
from skm.tenants.questionnaires import services
from skm.tenants.questionnaires.models import Questionnaire
from skm.tenants.questionnaires.schemas import (
    ElementCreateSchema,
    ElementUpdateSchema,
    QuestionnaireCopySchema,
    QuestionnaireSchema,
    WeightsSchema,
)

blp = tenant_blueprint("questionnaires_api", __name__, "questionnaires", "Questionnaires and their elements")


def load_questionnaire(questionnaire_id: int) -> Questionnaire:
    questionnaire = db.session.get(Questionnaire, questionnaire_id)
    if questionnaire is None:
        abort(404, message="No such questionnaire.")
    return questionnaire


@blp.route("")
class Questionnaires(MethodView):
    @blp.response(200, QuestionnaireSchema(many=True))
    def get(self):
        require_capability("view")
        return db.session.scalars(select(Questionnaire).order_by(Questionnaire.id)).all()

    @blp.arguments(QuestionnaireCopySchema)
    @blp.response(201, QuestionnaireSchema)
    def post(self, data):
        """Copy a questionnaire (e.g. the standard one) to customise it."""
        source = load_questionnaire(data["copy_of"])
        return commit_change(services.copy_questionnaire, source, data["title"])


@blp.route("/<int:questionnaire_id>")
class QuestionnaireById(MethodView):
    @blp.response(200, QuestionnaireSchema)
    def get(self, questionnaire_id):
        require_capability("view")
        return load_questionnaire(questionnaire_id)


@blp.route("/<int:questionnaire_id>/elements")
class Elements(MethodView):
    @blp.arguments(ElementCreateSchema)
    @blp.response(201, QuestionnaireSchema)
    def post(self, data, questionnaire_id):
        """Add an element; answers the questionnaire version that now has it."""
        return commit_change(services.add_element, load_questionnaire(questionnaire_id), data)


@blp.route("/<int:questionnaire_id>/elements/<code>")
class ElementByCode(MethodView):
    @blp.arguments(ElementUpdateSchema)
    @blp.response(200, QuestionnaireSchema)
    def patch(self, data, questionnaire_id, code):
        """Change an element's texts or its not-applicable option (labels and scores stay fixed)."""
        return commit_change(services.update_element, load_questionnaire(questionnaire_id), code, data)


@blp.route("/<int:questionnaire_id>/weights")
class Weights(MethodView):
    @blp.arguments(WeightsSchema)
    @blp.response(200, QuestionnaireSchema)
    def put(self, data, questionnaire_id):
        """Set exact weights per element ("1/9", "0.2"…) summing to 1, or null for equal weights."""
        return commit_change(services.set_weights, load_questionnaire(questionnaire_id), data["weights"])

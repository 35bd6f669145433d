"""/api/v1/tenants/<slug>/surveys/<id>/comments: residents' comments for staff."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import abort

from skm.platform.api.context import commit_change, require_capability, tenant_blueprint
from skm.tenants.comments import services
from skm.tenants.comments.schemas import CommentQuerySchema, CommentSchema, CommentUpdateSchema
from skm.tenants.surveys.api import load_survey

blp = tenant_blueprint("comments_api", __name__, "surveys", "Residents' comments on a survey")


@blp.route("/<int:survey_id>/comments")
class Comments(MethodView):
    @blp.arguments(CommentQuerySchema, location="query")
    @blp.response(200, CommentSchema(many=True))
    @blp.paginate()
    def get(self, args, survey_id: int, pagination_parameters):
        """Newest first; search with ``q``, filter by ``status``, ``tag`` and ``public``."""
        require_capability("view")
        chosen = services.CommentFilter(text=args.get("q"), status=args.get("status"), tag=args.get("tag"),
                                        public=args.get("public"))
        survey = load_survey(survey_id)
        pagination_parameters.item_count = services.count_comments(survey, chosen)
        return services.comments_of(survey, chosen, pagination_parameters.page_size,
                                    pagination_parameters.first_item)


@blp.route("/<int:survey_id>/comments/<int:comment_id>")
class CommentById(MethodView):
    @blp.arguments(CommentUpdateSchema)
    @blp.response(200, CommentSchema)
    def patch(self, data, survey_id: int, comment_id: int):
        """Tag a comment, mark it handled, or approve it for the public page."""
        found = commit_change(services.review_comment, load_survey(survey_id), comment_id, data)
        if found is None:
            abort(404, message="No such comment.")
        return found

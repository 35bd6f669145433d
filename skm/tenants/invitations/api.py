"""/api/v1/tenants/<slug>/surveys/<id>/invitations: upload contacts, send, list statuses.

The POST body is a JSON list validated row by row (not by a schema for the whole list), so one
bad row is reported with its index (its position in the posted list, from 0) and reason instead of
refusing the batch.
"""

from flask import current_app, g, request
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from skm.extensions import db
from skm.platform.api.context import commit_change, require_capability, tenant_blueprint
from skm.platform.api.inputs import InputSchema
from skm.tenants.invitations.campaigns import add_contacts, send_invitations, send_pending, status_counts
from skm.tenants.invitations.contacts import LANGUAGES, validate_contacts
from skm.tenants.invitations.models import INVITATION_CHANNELS, INVITATION_STATUSES
from skm.tenants.invitations.queries import invitation_page, load_survey, service_type_lookup

blp = tenant_blueprint("invitations_api", __name__, "surveys/<int:survey_id>/invitations",
                       "Invitations: contacts invited to a survey by email, SMS or WhatsApp")


class InvitationSchema(Schema):
    id = fields.Integer()
    name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    channel = fields.String(validate=validate.OneOf(INVITATION_CHANNELS))
    language = fields.String(validate=validate.OneOf(LANGUAGES))
    status = fields.String(validate=validate.OneOf(INVITATION_STATUSES))
    failure_reason = fields.String(allow_none=True)
    attempts = fields.Integer()
    reminders_sent = fields.Integer()
    sent_at = fields.DateTime(allow_none=True)
    last_sent_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)


class RejectedContactSchema(Schema):
    index = fields.Integer(metadata={"description": "Position of the contact in the posted list, counted from 0"})
    reason = fields.String()


class CampaignResultSchema(Schema):
    accepted = fields.Integer()
    merged = fields.Integer()
    invited = fields.Integer()
    rejected = fields.List(fields.Nested(RejectedContactSchema))
    counts = fields.Dict()


class SendResultSchema(Schema):
    queued = fields.Integer()
    counts = fields.Dict()


class SendArgsSchema(InputSchema):
    send = fields.Boolean(load_default=True)


def _survey(survey_id: int):
    survey = load_survey(survey_id)
    if survey is None:
        abort(404)
    return survey


@blp.route("")
class Invitations(MethodView):
    @blp.response(200, InvitationSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters, survey_id):
        """Each invitation's status (links are never shown)."""
        require_capability("view")
        rows, total = invitation_page(_survey(survey_id), pagination_parameters.first_item,
                                      pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return rows

    @blp.arguments(SendArgsSchema, location="query")
    @blp.response(200, CampaignResultSchema)
    def post(self, args, survey_id):
        """Invite a list of ``{email?, phone?, name?, service_type?, language?}``; ``?send=false`` only stores."""
        require_capability("edit")
        survey = _survey(survey_id)
        rows, most = request.get_json(silent=True), current_app.config["SKM_CONTACT_ROWS_MAX"]
        if not isinstance(rows, list) or len(rows) > most:
            message = f"Send a JSON list of at most {most} contacts."
            abort(422, message=message, errors={"json": {"_schema": [message]}})
        result = add_contacts(g.tenant, survey, validate_contacts(rows, service_type_lookup(survey)))
        if args["send"]:
            send_invitations(g.tenant, survey, result.new_ids)
        db.session.commit()
        return {**result.as_dict(), "counts": status_counts(survey)}


@blp.route("/send")
class SendPending(MethodView):
    @blp.response(200, SendResultSchema)
    def post(self, survey_id):
        """Send every pending invitation of the survey (409 while the survey takes no answers)."""
        survey = _survey(survey_id)
        queued = commit_change(send_pending, g.tenant, survey)
        return {"queued": queued, "counts": status_counts(survey)}

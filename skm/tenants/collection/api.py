"""Ticket links for queue-ticket printers: POST …/surveys/<id>/tickets mints up to 5,000 at once."""

from __future__ import annotations

import csv
import io

from flask import Response, current_app, g
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from skm.platform.api.context import require_capability, tenant_blueprint
from skm.platform.api.inputs import InputSchema
from skm.tenants.collection.services import survey_or_404, ticket_url
from skm.tenants.respond.tickets import MAX_TICKETS_PER_CALL, mint_tickets, ticket_keys

blp = tenant_blueprint("tickets", __name__, "surveys", "Per-visit ticket links for queue-ticket printers.")


class TicketRequestSchema(InputSchema):
    count = fields.Integer(required=True, validate=validate.Range(1, MAX_TICKETS_PER_CALL))
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))


class TicketSchema(Schema):
    ticket_id = fields.String()
    url = fields.String()


class TicketBatchSchema(Schema):
    survey_id = fields.Integer()
    key_id = fields.String()
    tickets = fields.List(fields.Nested(TicketSchema))


@blp.route("/<int:survey_id>/tickets")
class Tickets(MethodView):
    @blp.arguments(TicketRequestSchema)
    @blp.response(201, TicketBatchSchema)
    @blp.doc(responses={"201": {"description": "The tickets; with format=csv, a CSV with columns ticket_id,url",
                                "content": {"application/json": {"schema": TicketBatchSchema},
                                            "text/csv": {"schema": {"type": "string"}}}}})
    def post(self, data, survey_id):
        """Mint single-use ticket links (nothing is stored; each ticket accepts one response)."""
        require_capability("edit")
        survey = survey_or_404(survey_id)
        if survey.status == "closed":
            abort(409, message="This survey is closed.", errors={"json": {"survey": ["This survey is closed."]}})
        keys = ticket_keys(current_app.config)
        tickets = [{"ticket_id": ticket_id, "url": ticket_url(g.tenant, survey, ticket)}
                   for ticket_id, ticket in mint_tickets(keys, g.tenant.id, survey.id, data["count"])]
        if data["format"] == "csv":
            return _csv(tickets)
        return {"survey_id": survey.id, "key_id": keys[0][0], "tickets": tickets}


def _csv(tickets: list[dict]) -> Response:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=("ticket_id", "url"), lineterminator="\n")
    writer.writeheader()
    writer.writerows(tickets)
    return Response(buffer.getvalue(), status=201, mimetype="text/csv")

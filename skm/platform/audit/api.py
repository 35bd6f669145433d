"""GET /api/v1/audit (platform admins) and /api/v1/tenants/<slug>/audit (tenant admins).

Read-only by construction: no other method is routed, so PUT/PATCH/DELETE answer 405.
"""

from __future__ import annotations

from flask import current_app, g
from flask.views import MethodView
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from skm.platform.api import API_PREFIX
from skm.platform.api.blueprint import Blueprint
from skm.platform.api.context import paginated, require_api_platform_admin, require_capability, tenant_blueprint
from skm.platform.api.inputs import InputSchema
from skm.platform.audit.catalogue import ACTIONS, FAMILIES
from skm.platform.audit.export import csv_response
from skm.platform.audit.queries import EARLIEST, LATEST, AuditFilter, all_entries, tenant_entries, to_document
from skm.platform.data.tenancy import platform_scope

blp = Blueprint("audit_api", __name__, url_prefix=f"{API_PREFIX}/audit", description="The audit trail (platform)")
tenant_blp = tenant_blueprint("tenant_audit_api", __name__, "audit", "A tenant's audit trail")


class AuditQuerySchema(InputSchema):
    action = fields.String(validate=validate.OneOf((*ACTIONS, *FAMILIES)),
                           metadata={"description": "a code (survey.opened) or a family (survey)"})
    actor = fields.String(validate=validate.Length(min=1, max=254), metadata={"description": "the actor's email"})
    start = fields.Date(data_key="from", validate=validate.Range(EARLIEST, LATEST),
                        metadata={"description": "first day, inclusive (YYYY-MM-DD)"})
    end = fields.Date(data_key="to", validate=validate.Range(EARLIEST, LATEST),
                      metadata={"description": "last day, inclusive (YYYY-MM-DD)"})
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError("Must not be before 'from'.", "to")


class TargetSchema(Schema):
    type = fields.String()
    id = fields.Integer()


class AuditEntrySchema(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    actor = fields.String(allow_none=True, metadata={"description": "email; for a failed sign-in the address tried"})
    actor_id = fields.Integer(allow_none=True)
    action = fields.String(validate=validate.OneOf(tuple(ACTIONS)))
    tenant = fields.String(allow_none=True, metadata={"description": "slug; null for platform-wide entries"})
    target = fields.Nested(TargetSchema, allow_none=True)
    ip = fields.String(allow_none=True)
    user_agent = fields.String(allow_none=True)
    detail = fields.Dict(metadata={"description": "what changed (before/after for settings and roles)"})


#: the 200 answer's two forms: a page of entries, or with ``format=csv`` every matching entry as one CSV file
CSV_DOC = {"200": {"description": "The entries, newest first; with format=csv, a CSV file of every matching entry "
                                  "(columns at, actor, action, tenant, target, ip, user_agent, detail)",
                   "content": {"application/json": {"schema": AuditEntrySchema(many=True)},
                               "text/csv": {"schema": {"type": "string"}}}}}


def _answer(statement, tenant_id: int | None, filters: AuditFilter, fmt: str, pagination_parameters):
    if fmt == "csv":
        pagination_parameters.item_count = 0  # one file, not a page
        return csv_response(statement, tenant_id, filters)
    return [to_document(entry) for entry in paginated(statement, pagination_parameters)]


def _filters(args: dict, timezone: str) -> AuditFilter:
    return AuditFilter(args.get("action"), args.get("actor"), args.get("start"), args.get("end"), timezone)


@blp.route("")
class AuditLog(MethodView):
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditEntrySchema(many=True))
    @blp.doc(responses=CSV_DOC)
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Every entry, newest first; platform-wide ones (sign-ins, tokens, tenants) included."""
        require_api_platform_admin()
        filters = _filters(args, current_app.config["BABEL_DEFAULT_TIMEZONE"])
        with platform_scope("audit log (platform admin, API)"):
            return _answer(all_entries(filters), None, filters, args["format"], pagination_parameters)


@tenant_blp.route("")
class TenantAuditLog(MethodView):
    @tenant_blp.arguments(AuditQuerySchema, location="query")
    @tenant_blp.response(200, AuditEntrySchema(many=True))
    @tenant_blp.doc(responses=CSV_DOC)
    @tenant_blp.paginate()
    def get(self, args, pagination_parameters):
        """The tenant's entries, newest first (tenant admins)."""
        require_capability("audit")
        filters = _filters(args, g.tenant.timezone)
        return _answer(tenant_entries(g.tenant.id, filters), g.tenant.id, filters, args["format"],
                       pagination_parameters)

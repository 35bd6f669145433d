"""/api/v1/tenants/<slug>/surveys/<id>/responses: one response (as a kiosk would), or a paper import."""

from flask import g, request
from flask.views import MethodView
from flask_smorest import abort
from flask_smorest.error_handler import ErrorSchema
from marshmallow import Schema, fields, validate

from skm.extensions import db
from skm.platform.api.context import require_capability, tenant_blueprint
from skm.platform.api.inputs import InputSchema
from skm.tenants.responses.importing import import_paper_file
from skm.tenants.responses.profile import CHOICES, COMMENT_MAX
from skm.tenants.responses.services import ResponseInvalid, Submission, submit_response
from skm.tenants.surveys.api import load_survey

blp = tenant_blueprint("responses_api", __name__, "surveys", "Responses: one at a time or a paper import")


def _profile_code(field: str) -> fields.String:
    """A profile code; the document lists the codes, and the service also takes their labels.

    Checked by the response service (as for the forms and the paper import), so that every
    problem of a response comes back at once, named by its field.
    """
    return fields.String(allow_none=True, metadata={
        "enum": [*CHOICES[field], None],
        "description": "A code, or its Indonesian or English label in any case (wirausaha, Self-employed)."})


class ProfileSchema(InputSchema):
    gender = _profile_code("gender")
    age = fields.Integer(allow_none=True)
    education = _profile_code("education")
    occupation = _profile_code("occupation")


class ResponseCreateSchema(InputSchema):
    answers = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True), required=True)
    service_type = fields.String(allow_none=True)
    profile = fields.Nested(ProfileSchema)
    comment = fields.String(allow_none=True, validate=validate.Length(max=COMMENT_MAX))


class ResponseCreatedSchema(Schema):
    id = fields.Integer()
    submitted_on = fields.Date()


class RowProblemSchema(Schema):
    row = fields.Integer(metadata={"description": "Row in the file, header counted; 0 for the whole file"})
    column = fields.String(allow_none=True)
    reason = fields.String()


class ImportResultSchema(Schema):
    imported = fields.Integer()
    rejected = fields.List(fields.Nested(RowProblemSchema))


class ImportRefusedSchema(ErrorSchema):
    """The error shape; when the file was read, also its problems (and nothing was imported)."""

    imported = fields.Integer()
    rejected = fields.List(fields.Nested(RowProblemSchema))


def _service_type_id(survey, name: str | None):
    """The survey's service type with this name (or id), else the raw value for validation to reject."""
    if not name:
        return None
    for service_type in survey.service_types:
        if name.strip().casefold() in (service_type.name.casefold(), str(service_type.id)):
            return service_type.id
    return name


@blp.route("/<int:survey_id>/responses")
class Responses(MethodView):
    @blp.arguments(ResponseCreateSchema)
    @blp.response(201, ResponseCreatedSchema)
    def post(self, data, survey_id):
        """Store one response; errors name the element or profile field."""
        require_capability("edit")
        survey = load_survey(survey_id)
        profile = data.get("profile") or {}
        service_type_id = _service_type_id(survey, data.get("service_type"))
        submission = Submission(answers=data["answers"], service_type_id=service_type_id,
                                comment=data.get("comment"), **profile)
        try:
            response = submit_response(survey, g.tenant, submission, channel="api")
        except ResponseInvalid as exc:
            db.session.rollback()
            abort(exc.status, message="The response was not stored.", errors={"json": exc.errors})
        db.session.commit()
        return response


@blp.route("/<int:survey_id>/responses/import")
class ResponseImport(MethodView):
    @blp.response(200, ImportResultSchema)
    @blp.alt_response(422, schema=ImportRefusedSchema, description="No file, or rejected rows: nothing was imported")
    def post(self, survey_id):
        """Import paper questionnaires (multipart field ``file``: CSV or XLSX); all or nothing."""
        require_capability("edit")
        survey = load_survey(survey_id)
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            abort(422, message="Send the CSV or XLSX file as the multipart field 'file'.",
                  errors={"files": {"file": ["Missing file."]}})
        result = import_paper_file(survey, g.tenant, upload.stream, upload.filename)
        rejected = [{"row": e.row, "column": e.column, "reason": e.message} for e in result.rejected]
        if rejected:
            db.session.rollback()
            return {"code": 422, "status": "Unprocessable Entity", "imported": 0, "rejected": rejected,
                    "message": f"{len(rejected)} problem(s) found; nothing was imported."}, 422
        db.session.commit()
        return {"imported": result.imported, "rejected": []}

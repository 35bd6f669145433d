"""/api/v1/tenants/<slug>/surveys/<id>/responses: one response (as a kiosk would), or a paper import.

A kiosk app or another system POSTs responses one after the other, so that POST authenticates
itself (see context.self_authenticating) and, when everything is in order, stores the response in
one statement (:func:`_stored_at_once`). Through the general path, kept for every other case, a
response cost about ten round trips (the token, the tenant, the role, the survey and its
questionnaire, elements and service types, the INSERT, the freeze, the commit, the row read
back) and about five times the instructions of a bare INSERT view (bench/respond_instructions.py --api).
"""

from flask import g
from flask.views import MethodView
from flask_smorest import abort
from flask_smorest.error_handler import ErrorSchema
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from skm.extensions import db
from skm.platform.api import bearer_token
from skm.platform.api.context import enter_api_tenant, require_capability, self_authenticating, tenant_blueprint
from skm.platform.api.inputs import InputSchema
from skm.platform.data.tenancy import tenant_scope
from skm.platform.inputs.uploads import read_upload, upload_limit
from skm.tenants.respond.definitions import api_definition
from skm.tenants.responses import services
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


def _submission(survey, data: dict) -> Submission:
    """The Submission of a body that ResponseCreateSchema loaded, for ``survey`` (a row or a cached definition)."""
    profile = data.get("profile") or {}
    return Submission(answers=data["answers"], service_type_id=_service_type_id(survey, data.get("service_type")),
                      comment=data.get("comment"), **profile)


def _stored_at_once(slug: str, survey_id: int, data: dict) -> dict | None:
    """Store the response in one statement that also checks the bearer token; None to take the general path.

    The survey comes from the per-process cache of form definitions (as for resident links) and
    the answers are validated against it as strictly as on the general path (the same validate).
    The INSERT then stores the row only while the token is valid, its user enabled and a member who
    may edit, the survey open and its tenant active (store_if_open), so a revoked token or a
    disabled user is refused on the very next request. Anything else (no token, a refused one, an
    invalid answer, an unknown survey, a questionnaire not frozen yet) returns None, and the general
    path answers as it always did (401, 403, 404, 409, 422), after the token and tenant checks.
    """
    token = bearer_token()
    found = api_definition(slug, survey_id) if token is not None else None
    if found is None:
        return None
    tenant, survey = found
    if not survey.questionnaire.is_frozen:  # the general path freezes it with the first answer
        return None
    try:
        values = services.validate(survey, _submission(survey, data))
    except ResponseInvalid:
        return None
    submitted_on = services.local_today(tenant)
    with tenant_scope(tenant.id):  # the URL's tenant: row security stores nothing for another's survey
        stored = services.store_if_open(survey, values, channel="api", submitted_on=submitted_on,
                                        submission_key=None, token=token)
    return None if stored is None else {"id": stored, "submitted_on": submitted_on}


@blp.route("/<int:survey_id>/responses")
class Responses(MethodView):
    @self_authenticating
    @blp.arguments(ResponseCreateSchema)
    @blp.response(201, ResponseCreatedSchema)
    def post(self, data, tenant, survey_id):
        """Store one response; errors name the element or profile field."""
        if (stored := _stored_at_once(tenant, survey_id, data)) is not None:
            return stored
        enter_api_tenant(tenant)
        require_capability("edit")
        survey = load_survey(survey_id)
        try:
            response = submit_response(survey, g.tenant, _submission(survey, data), channel="api")
        except ResponseInvalid as exc:
            db.session.rollback()
            abort(exc.status, message="The response was not stored.", errors={"json": exc.errors})
        db.session.commit()
        return response


class ImportUploadSchema(Schema):
    file = Upload(metadata={"description": "CSV or XLSX laid out as for `skm ikm`; at most SKM_IMPORT_UPLOAD_MB "
                                           "(10 MB) and SKM_IMPORT_ROWS_MAX (100,000) rows."})


@blp.route("/<int:survey_id>/responses/import")
class ResponseImport(MethodView):
    @upload_limit("file", "SKM_IMPORT_UPLOAD_BYTES")
    @blp.arguments(ImportUploadSchema, location="files")
    @blp.response(200, ImportResultSchema)
    @blp.alt_response(422, schema=ImportRefusedSchema, description="No file, or rejected rows: nothing was imported")
    @blp.alt_response(413, schema=ErrorSchema, description="The file is over its size limit: nothing was imported")
    def post(self, files, survey_id):
        """Import paper questionnaires (multipart field ``file``: CSV or XLSX); all or nothing."""
        require_capability("edit")
        survey = load_survey(survey_id)
        upload = files.get("file")
        if upload is None or not upload.filename:
            abort(422, message="Send the CSV or XLSX file as the multipart field 'file'.",
                  errors={"files": {"file": ["Missing file."]}})
        result = import_paper_file(survey, g.tenant, read_upload(upload), upload.filename)
        rejected = [{"row": e.row, "column": e.column, "reason": e.message} for e in result.rejected]
        if rejected:
            db.session.rollback()
            return {"code": 422, "status": "Unprocessable Entity", "imported": 0, "rejected": rejected,
                    "message": f"{len(rejected)} problem(s) found; nothing was imported."}, 422
        db.session.commit()
        return {"imported": result.imported, "rejected": []}

"""The API's blueprint: flask-smorest's, with pagination bounded and its header documented as sent."""

from __future__ import annotations

from functools import cache

import flask_smorest
from marshmallow import Schema
from webargs.flaskparser import FlaskParser

from skm.platform.api.inputs import InputSchema, in_english

#: the X-Pagination header as flask-smorest sends it: a JSON text, not a header-encoded object
PAGINATION_HEADER = {
    "description": "Pagination metadata, as JSON",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PaginationMetadata"}}},
}


@cache
def _bounded(schema: type[Schema]) -> type[Schema]:
    """flask-smorest's pagination arguments with :class:`InputSchema`'s bounds (one class per ``paginate()``).

    An unbounded ``page`` becomes an OFFSET past PostgreSQL's ``bigint``: a 500 instead of a 422.
    """
    return type(schema.__name__, (InputSchema, schema), {})


class _PaginationParser(FlaskParser):
    """Parses ``page``/``page_size`` with the bounded schema (flask-smorest builds the unbounded one)."""

    def parse(self, argmap, *args, **kwargs):
        return super().parse(_bounded(argmap), *args, **kwargs)


class _ArgumentsParser(FlaskParser):
    """flask-smorest's parser, its 422 messages in English (see :func:`~skm.platform.api.inputs.in_english`)."""

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        error.messages = in_english(error.messages)
        super().handle_error(error, req, schema, error_status_code=error_status_code, error_headers=error_headers)


class Blueprint(flask_smorest.Blueprint):
    """Every API blueprint's class (``tenant_blueprint`` makes the tenant-scoped ones)."""

    ARGUMENTS_PARSER = _ArgumentsParser()
    PAGINATION_ARGUMENTS_PARSER = _PaginationParser()

    def _prepare_pagination_doc(self, doc, doc_info, *, spec, **kwargs):
        """Document the bounded schema the parser uses (``page``'s maximum included)."""
        if pagination := doc_info.get("pagination"):
            parameters = pagination["parameters"]
            doc_info = {**doc_info, "pagination": {**pagination, "parameters": {
                **parameters, "schema": _bounded(parameters["schema"])}}}
        return super()._prepare_pagination_doc(doc, doc_info, spec=spec, **kwargs)

    def _document_pagination_metadata(self, spec, resp_doc):
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = PAGINATION_HEADER

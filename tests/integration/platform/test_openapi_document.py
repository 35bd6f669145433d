"""The OpenAPI document says what the API accepts and sends (issue 14, items 3 and 9).

The answers themselves are checked against the document by the schemathesis run in
test_openapi_fuzz.py; these tests pin what a reader of the document relies on.
"""

import pytest

from skm.platform.data.db_types import INT32_MAX

#: fields whose values come from a fixed list: the document must list it
ENUMERATED = {"status", "role", "channel", "format", "language", "weights", "timezone", "gender", "education",
              "occupation", "method", "by", "age_band", "mutu", "kinerja", "profile_fields", "action"}
#: the error shape, whose ``status`` is the HTTP reason phrase
ERROR_SHAPES = {"Error", "ImportRefused"}
RESULTS = "/api/v1/tenants/{tenant}/surveys/{survey_id}/results"


@pytest.fixture(scope="module")
def spec(app):
    return app.test_client().get("/api/v1/openapi.json").get_json()


def _properties(spec):
    for name, schema in spec["components"]["schemas"].items():
        if name in ERROR_SHAPES:
            continue
        for prop, definition in schema.get("properties", {}).items():
            yield f"{name}.{prop}", prop, definition.get("items", definition)


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                parameters = item.get("parameters", []) + operation.get("parameters", [])
                yield f"{method.upper()} {path}", parameters, operation


def _parameters(spec):
    for label, parameters, _operation in _operations(spec):
        for parameter in parameters:
            yield f"{label} {parameter['name']}", parameter["name"], parameter["schema"]


def test_every_enumerated_field_lists_its_values(spec):
    found = [(where, schema) for where, name, schema in [*_properties(spec), *_parameters(spec)]
             if name in ENUMERATED and schema.get("type") != "object"  # Weights.weights maps codes to weights
             and not where.startswith("FollowUp")]  # a follow-up item's action is its free-text programme
    assert len(found) > 30
    assert [where for where, schema in found if "enum" not in schema] == []
    occupation = spec["components"]["schemas"]["Profile"]["properties"]["occupation"]
    assert "WIRAUSAHA" in occupation["enum"] and "label" in occupation["description"]


def test_every_integer_input_is_bounded_to_postgresql_integer(spec):
    integers = [(where, schema) for where, _name, schema in _parameters(spec) if schema.get("type") == "integer"]
    integers += [(where, schema) for where, _name, schema in _properties(spec)
                 if schema.get("type") == "integer" and where.split(".")[0] in _request_schemas(spec)]
    assert len(integers) > 10
    assert [where for where, schema in integers if schema.get("maximum", INT32_MAX + 1) > INT32_MAX] == []


def _request_schemas(spec) -> set[str]:
    """The component names of the JSON request bodies, and the schemas nested in them."""
    names = {media["schema"]["$ref"].rsplit("/", 1)[1] for _label, _parameters, operation in _operations(spec)
             for media in operation.get("requestBody", {}).get("content", {}).values()}
    return names | {"Profile"}


@pytest.mark.parametrize(("path", "schema"), [(RESULTS, "SurveyResult"), (f"{RESULTS}/breakdown", "Breakdown"),
                                              (f"{RESULTS}/periods", "Periods"),
                                              ("/api/v1/regency/results", "RegencyResults")])
def test_result_bodies_are_documented(spec, path, schema):
    body = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert body == {"$ref": f"#/components/schemas/{schema}"}


def test_import_refusal_tickets_csv_and_pagination_are_documented_as_sent(spec):
    paths = spec["paths"]
    refused = paths[f"{RESULTS.rsplit('/', 1)[0]}/responses/import"]["post"]["responses"]["422"]
    shape = spec["components"]["schemas"][refused["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
    assert {"code", "status", "message", "errors", "imported", "rejected"} <= set(shape["properties"])
    tickets = paths[f"{RESULTS.rsplit('/', 1)[0]}/tickets"]["post"]["responses"]["201"]["content"]
    assert set(tickets) == {"application/json", "text/csv"}
    header = paths["/api/v1/tenants"]["get"]["responses"]["200"]["headers"]["X-Pagination"]
    assert "schema" not in header and "application/json" in header["content"]

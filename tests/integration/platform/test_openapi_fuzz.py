"""A bounded, fixed-seed property-based run over the whole OpenAPI document (schemathesis).

Every operation (but the token endpoints) gets generated requests, NUL characters and huge
integers included, as a tenant admin and as a platform admin. No answer may be a 500, and every
answer must match the document: its status, media type, headers and body.
"""

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fixtures.skm_fixtures import FIXTURE_A_ROWS

EXAMPLES = 12  # per operation and user: about 800 requests in all
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


@pytest.fixture
def world(client, make_tenant, make_user, bearer):
    """rsud with an open, answered survey; pdam to suspend and rename (so rsud keeps working)."""
    admin = bearer(make_user("admin@rsud.id", tenant=make_tenant("rsud", "RSUD"), role="admin"))
    make_tenant("pdam")
    qid = client.get("/api/v1/tenants/rsud/questionnaires", headers=admin).get_json()[0]["id"]
    body = {"title": "SKM", "questionnaire_id": qid, "starts_on": "2026-01-01", "ends_on": "2026-12-31",
            "service_types": ["IGD"]}
    survey = client.post("/api/v1/tenants/rsud/surveys", json=body, headers=admin).get_json()
    base = f"/api/v1/tenants/rsud/surveys/{survey['id']}"
    client.post(f"{base}/open", headers=admin)
    for row in FIXTURE_A_ROWS:
        client.post(f"{base}/responses", json={"answers": row, "profile": {"gender": "P"}}, headers=admin)
    client.post(f"{base}/invitations?send=false", json=[{"email": "warga@contoh.id"}], headers=admin)
    report = client.post(f"{base}/reports", json={"format": "csv"}, headers=admin).get_json()
    central = bearer(make_user("pusat@kotimkab.go.id", platform_admin=True))
    path = {"tenant": "rsud", "slug": "pdam", "survey_id": survey["id"], "questionnaire_id": qid,
            "report_id": report["id"]}
    return {"users": {"tenant admin": admin, "platform admin": central}, "path": path}


def test_no_answer_is_a_500_or_differs_from_the_document(app, world):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: Counter = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/api/v1/auth"):
            continue  # revoking the token or tripping the login throttle would end the run
        for who, headers in world["users"].items():
            _explore(operation, headers, world["path"], lambda text, who=who: failures.update([f"{who}: {text}"]))
    assert not failures, "\n".join(f"{count} x {text}" for text, count in failures.most_common())


def _explore(operation, headers, path, fail):
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    def run(case):
        for name in set(case.path_parameters or {}) & set(path):
            case.path_parameters[name] = path[name]
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except (AssertionError, FailureGroup) as exc:  # the first lines name the failed check
            fail(f"{operation.label}: {' '.join(str(exc).split())[:400]}")

    run()

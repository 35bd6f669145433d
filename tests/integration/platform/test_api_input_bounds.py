"""Input PostgreSQL cannot hold (integers past ``integer``, NUL characters) is a 422 naming the field.

Each case here answered 500 (a database error) before: issue 14, item 9.
"""

import io

import pytest
from sqlalchemy import func, select

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope
from skm.tenants.invitations.models import Invitation
from skm.tenants.surveys.models import Survey
from tests.conftest import INSPECTING

TOO_BIG = 2**31


@pytest.fixture
def admin(make_tenant, make_user, bearer):
    return bearer(make_user("admin@rsud.id", tenant=make_tenant("rsud"), role="admin"))


@pytest.fixture
def central(make_user, bearer):
    return bearer(make_user("pusat@kotimkab.go.id", platform_admin=True))


def _standard_id(client, headers):
    return client.get("/api/v1/tenants/rsud/questionnaires", headers=headers).get_json()[0]["id"]


def _survey_body(client, headers, **extra):
    return {"title": "SKM 2026", "questionnaire_id": _standard_id(client, headers), "starts_on": "2026-01-01",
            "ends_on": "2026-12-31", **extra}


def _survey(client, headers, **extra):
    created = client.post("/api/v1/tenants/rsud/surveys", json=_survey_body(client, headers, **extra), headers=headers)
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def _refused(response, field, location="json"):
    assert response.status_code == 422, response.get_data(as_text=True)
    assert field in response.get_json()["errors"][location], response.get_json()


def _count(model) -> int:
    with platform_scope(INSPECTING):
        return db.session.scalar(select(func.count()).select_from(model).execution_options(**ALL_TENANTS))


def test_integers_past_postgresql_integer_are_422_naming_the_field(client, admin):
    copy = client.post("/api/v1/tenants/rsud/questionnaires", json={"copy_of": TOO_BIG, "title": "x"}, headers=admin)
    _refused(copy, "copy_of")
    body = _survey_body(client, admin, population=TOO_BIG)
    _refused(client.post("/api/v1/tenants/rsud/surveys", json=body, headers=admin), "population")
    survey = _survey(client, admin)
    patch = client.patch(f"/api/v1/tenants/rsud/surveys/{survey['id']}", json={"population": TOO_BIG}, headers=admin)
    _refused(patch, "population")
    assert client.patch(f"/api/v1/tenants/rsud/surveys/{survey['id']}", json={"population": TOO_BIG - 1},
                        headers=admin).get_json()["population"] == TOO_BIG - 1


def test_page_numbers_past_the_range_are_422_naming_page(client, admin, central):
    _refused(client.get("/api/v1/tenants?page=10000000000000000000", headers=central), "page", "query")
    survey = _survey(client, admin)
    url = f"/api/v1/tenants/rsud/surveys/{survey['id']}/invitations?page=10000000000000000000"
    _refused(client.get(url, headers=admin), "page", "query")
    _refused(client.get(f"/api/v1/tenants/rsud/surveys?page={TOO_BIG}", headers=admin), "page", "query")
    last = client.get(f"/api/v1/tenants/rsud/surveys?page={TOO_BIG - 1}", headers=admin)
    assert last.status_code == 200 and last.get_json() == []


def test_path_ids_past_the_range_are_404(client, admin):
    survey = _survey(client, admin)
    for path in ("surveys/99999999999", "surveys/99999999999/results", f"surveys/{survey['id']}/reports/23946630928",
                 f"surveys/{survey['id']}/reports/23946630928/file", "questionnaires/2147483648"):
        response = client.get(f"/api/v1/tenants/rsud/{path}", headers=admin)
        assert response.status_code == 404 and response.get_json()["code"] == 404, path


def test_nul_characters_are_422_naming_the_field_and_nothing_is_stored(client, admin, central):
    _refused(client.post("/api/v1/tenants", json={"slug": "nul", "name": "Dinas\x00"}, headers=central), "name")
    assert _count(Tenant) == 1
    _refused(client.post("/api/v1/tenants/rsud/surveys", json=_survey_body(client, admin, title="t\x00x"),
                         headers=admin), "title")
    service_types = _survey_body(client, admin, service_types=["IGD", "Rawat\x00Inap"])
    response = client.post("/api/v1/tenants/rsud/surveys", json=service_types, headers=admin)
    _refused(response, "service_types")
    assert _count(Survey) == 0
    _refused(client.post("/api/v1/auth/token", json={"email": "a\x00@b.id", "password": "x"}), "email")


def test_nul_in_a_path_segment_is_404(client, admin):
    assert client.get("/api/v1/tenants/rs%00ud/surveys", headers=admin).status_code == 404


def test_nul_in_an_invited_contact_or_an_imported_comment_is_refused_by_row(client, admin):
    survey = _survey(client, admin)
    base = f"/api/v1/tenants/rsud/surveys/{survey['id']}"
    invited = client.post(f"{base}/invitations?send=false", headers=admin,
                          json=[{"email": "warga@contoh.id", "name": "Bu\x00di"}, {"email": "lain@contoh.id"}])
    assert invited.status_code == 200
    assert invited.get_json()["accepted"] == 1 and [r["index"] for r in invited.get_json()["rejected"]] == [0]
    assert _count(Invitation) == 1
    client.post(f"{base}/open", headers=admin)
    paper = io.BytesIO(b"U1,U2,U3,U4,U5,U6,U7,U8,U9,comment\n4,4,4,4,4,4,4,4,4,bagus\x00sekali\n")
    imported = client.post(f"{base}/responses/import", data={"file": (paper, "kertas.csv")}, headers=admin)
    assert imported.status_code == 422
    assert [(r["row"], r["column"]) for r in imported.get_json()["rejected"]] == [(2, "comment")]

"""/api/v1/malls: creating malls with counters checked against their agencies, and the mall's results."""

from __future__ import annotations

from datetime import date

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.platform.malls.services import add_manager, create_mall
from tests.factories import insert_rows
from tests.respond_support import open_survey

ALL_FOURS = {f"U{i}": 4 for i in range(1, 10)}
ALL_TWOS = {f"U{i}": 2 for i in range(1, 10)}


def test_platform_admin_creates_a_mall_whose_counters_follow_the_open_survey(client, make_tenant, make_user, bearer):
    pdam = make_tenant("pdam", "Perumda Air Minum Tirta Mentaya")
    survey = open_survey(pdam)
    admin = bearer(make_user("pusat@kotim.id", platform_admin=True))
    created = client.post("/api/v1/malls", headers=admin, json={
        "slug": "mpp", "name": "MPP Kotim", "counters": [{"tenant": "pdam", "label": "Loket 4"}]})
    assert created.status_code == 201, created.json
    [counter] = created.json["counters"]
    assert (counter["tenant"], counter["survey_id"], counter["label"]) == ("pdam", None, "Loket 4")
    assert created.json["url"].endswith("/m/mpp") and counter["url"].endswith(f"/m/mpp/{counter['id']}")
    assert client.get("/api/v1/malls/mpp", headers=admin).json["name"] == "MPP Kotim"
    page = client.get(f"/m/mpp/{counter['id']}")
    assert page.status_code == 200 and survey.title in page.get_data(as_text=True)
    again = client.post("/api/v1/malls", headers=admin, json={"slug": "mpp", "name": "X"})
    assert again.status_code == 409 and "slug" in again.json["errors"]["json"]


def test_a_counter_naming_another_agencys_survey_or_no_agency_is_refused(client, make_tenant, make_user, bearer):
    make_tenant("pdam")
    foreign = open_survey(make_tenant("rsud"))
    admin = bearer(make_user("pusat@kotim.id", platform_admin=True))
    wrong_survey = client.post("/api/v1/malls", headers=admin, json={
        "slug": "mpp", "name": "MPP", "counters": [{"tenant": "rsud"}, {"tenant": "pdam", "survey_id": foreign.id}]})
    assert wrong_survey.status_code == 422
    assert wrong_survey.json["errors"]["json"] == {"counters": {"1": {"survey_id": [
        "Instansi ini tidak punya survei dengan ID ini."]}}}
    no_agency = client.post("/api/v1/malls", headers=admin, json={
        "slug": "mpp", "name": "MPP", "counters": [{"tenant": "dinas-hilang"}]})
    assert no_agency.status_code == 422 and "tenant" in no_agency.json["errors"]["json"]["counters"]["0"]
    assert client.get("/api/v1/malls/mpp", headers=admin).status_code == 404  # nothing stored


def test_only_platform_admins_create_malls(client, make_tenant, make_user, bearer):
    tenant = make_tenant("pdam")
    staff = bearer(make_user("staf@pdam.id", tenant=tenant, role="admin"))
    assert client.post("/api/v1/malls", headers=staff, json={"slug": "mpp", "name": "MPP"}).status_code == 403
    assert client.post("/api/v1/malls", json={"slug": "mpp", "name": "MPP"}).status_code == 401


def _answers_at_and_beside_the_mall(mpp):
    with tenant_scope(mpp.dukcapil.id):
        insert_rows(mpp.dukcapil_survey, [ALL_FOURS] * 3, mpp.dukcapil.id, mall_id=mpp.mall.id,
                    submitted_on=date(2026, 11, 2))
        insert_rows(mpp.dukcapil_survey, [ALL_TWOS] * 5, mpp.dukcapil.id, submitted_on=date(2026, 11, 2))
        insert_rows(mpp.dukcapil_survey, [ALL_TWOS], mpp.dukcapil.id, mall_id=mpp.mall.id,
                    submitted_on=date(2026, 8, 1))  # an earlier quarter
    with tenant_scope(mpp.pdam.id):
        insert_rows(mpp.pdam_survey, [ALL_TWOS], mpp.pdam.id, mall_id=mpp.mall.id, submitted_on=date(2026, 10, 9))
    db.session.commit()


def test_mall_results_count_only_answers_given_at_the_mall(client, mpp, make_user, bearer):
    _answers_at_and_beside_the_mall(mpp)
    manager = make_user("kepala@mpp.id")
    add_manager(mpp.mall, "kepala@mpp.id")
    db.session.commit()
    found = client.get("/api/v1/malls/mpp-kotim/results?period=2026-Q4", headers=bearer(manager))
    assert found.status_code == 200, found.json
    tenants = {t["slug"]: t for t in found.json["tenants"]}
    assert (tenants["disdukcapil"]["respondents"], tenants["pdam"]["respondents"]) == (3, 1)
    assert tenants["disdukcapil"]["result"]["ikm_display"] == "100.00"
    assert tenants["pdam"]["result"]["ikm_display"] == "50.00"
    combined = found.json["combined"]
    assert (combined["respondents"], combined["ikm_display"], combined["method"]) == (4, "87.50", "pooled")
    q3 = client.get("/api/v1/malls/mpp-kotim/results?period=2026-Q3", headers=bearer(manager)).json
    assert [t["respondents"] for t in q3["tenants"]] == [1, 0] and q3["tenants"][1]["result"] is None


def test_a_bad_period_is_a_422_naming_it(client, mpp, make_user, bearer):
    admin = bearer(make_user("pusat@kotim.id", platform_admin=True))
    bad = client.get("/api/v1/malls/mpp-kotim/results?period=2026-Q5", headers=admin)
    assert bad.status_code == 422 and "period" in bad.json["errors"]["query"]
    default = client.get("/api/v1/malls/mpp-kotim/results", headers=admin)
    assert default.status_code == 200 and "-Q" in default.json["period"]


def test_a_mall_manager_sees_the_mall_and_nothing_inside_its_agencies(app, client, mpp, make_user, bearer):
    from tests.conftest import login

    manager = make_user("kepala@mpp.id")
    add_manager(mpp.mall, "kepala@mpp.id")
    db.session.commit()
    headers = bearer(manager)
    assert client.get("/api/v1/malls/mpp-kotim", headers=headers).status_code == 200
    assert [m["slug"] for m in client.get("/api/v1/malls", headers=headers).json] == ["mpp-kotim"]
    for url in ("/api/v1/tenants/disdukcapil", "/api/v1/tenants/disdukcapil/surveys",
                f"/api/v1/tenants/pdam/surveys/{mpp.pdam_survey.id}/results"):
        assert client.get(url, headers=headers).status_code == 404, url
    browser = app.test_client()
    login(browser, "kepala@mpp.id")
    assert browser.get("/t/disdukcapil/").status_code == 404
    assert client.patch("/api/v1/malls/mpp-kotim", headers=headers, json={"name": "X"}).status_code == 403
    assert client.post("/api/v1/malls/mpp-kotim/managers", headers=headers,
                       json={"email": "teman@mpp.id"}).status_code == 403


def test_an_agency_member_or_another_malls_manager_gets_404(client, mpp, make_user, bearer):
    other_mall = create_mall("mpp-lain", "MPP Lain")
    db.session.commit()
    member = bearer(make_user("staf@dukcapil.id", tenant=mpp.dukcapil, role="admin"))
    other_manager = make_user("kepala@lain.id")
    add_manager(other_mall, "kepala@lain.id")
    db.session.commit()
    for headers in (member, bearer(other_manager)):
        for url in ("/api/v1/malls/mpp-kotim", "/api/v1/malls/mpp-kotim/results"):
            assert client.get(url, headers=headers).status_code == 404, url


def test_patch_replaces_counters_and_keeps_the_unchanged_ones(client, mpp, make_user, bearer):
    admin = bearer(make_user("pusat@kotim.id", platform_admin=True))
    before = {c["tenant"]: c["id"] for c in client.get("/api/v1/malls/mpp-kotim", headers=admin).json["counters"]}
    changed = client.patch("/api/v1/malls/mpp-kotim", headers=admin, json={
        "address": "Jl. Baru", "counters": [{"tenant": "disdukcapil", "label": "Loket 2"}]})
    assert changed.status_code == 200, changed.json
    [counter] = changed.json["counters"]
    assert (counter["id"], counter["label"], changed.json["address"]) == (before["disdukcapil"], "Loket 2", "Jl. Baru")


def test_the_openapi_document_describes_the_mall_api(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/malls", "/api/v1/malls/{slug}", "/api/v1/malls/{slug}/results",
            "/api/v1/malls/{slug}/managers"} <= set(paths)

"""The survey method through the API: questionnaires, surveys, responses, imports, results."""

import io
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from skm.extensions import db
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope
from skm.tenants.responses.models import Response
from tests.conftest import INSPECTING
from tests.fixtures.skm_fixtures import FIXTURE_A_ROWS, FIXTURE_B_ROWS, FIXTURE_C_ROWS


@pytest.fixture
def staff(make_tenant, make_user, bearer):
    tenant = make_tenant("rsud", "RSUD dr. Murjani Sampit")
    return bearer(make_user("staf@rsud.id", tenant=tenant, role="staff"))


def _standard_id(client, headers, slug="rsud"):
    return client.get(f"/api/v1/tenants/{slug}/questionnaires", headers=headers).get_json()[0]["id"]


def _open_survey(client, headers, slug="rsud", **extra):
    body = {"title": "SKM 2026", "questionnaire_id": _standard_id(client, headers, slug), "starts_on": "2026-01-01",
            "ends_on": "2026-12-31", "service_types": ["Rawat Jalan", "IGD"], **extra}
    created = client.post(f"/api/v1/tenants/{slug}/surveys", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    survey = created.get_json()
    assert client.post(f"/api/v1/tenants/{slug}/surveys/{survey['id']}/open", headers=headers).status_code == 200
    return survey


def _post_rows(client, headers, survey_id, rows, slug="rsud"):
    for row in rows:
        answers = {code: "na" if score is None else score for code, score in row.items()}
        response = client.post(f"/api/v1/tenants/{slug}/surveys/{survey_id}/responses", json={"answers": answers},
                               headers=headers)
        assert response.status_code == 201, response.get_json()


def _results(client, headers, survey_id, query="", slug="rsud"):
    response = client.get(f"/api/v1/tenants/{slug}/surveys/{survey_id}/results{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_standard_questionnaire_has_u1_to_u9(client, staff):
    questionnaire = client.get("/api/v1/tenants/rsud/questionnaires", headers=staff).get_json()[0]
    assert questionnaire["is_standard"]
    assert [e["code"] for e in questionnaire["elements"]] == [f"U{i}" for i in range(1, 10)]
    assert questionnaire["elements"][0]["options_id"] == ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]


@pytest.mark.parametrize(("rows", "display", "mutu"), [(FIXTURE_A_ROWS, "82.50", "B"), (FIXTURE_B_ROWS, "88.33", "A")])
def test_fixtures_through_the_api(client, staff, rows, display, mutu):
    survey = _open_survey(client, staff)
    _post_rows(client, staff, survey["id"], rows)
    document = _results(client, staff, survey["id"])
    assert (document["ikm_display"], document["mutu"], document["weights"]) == (display, mutu, "exact")
    assert document["respondents"] == len(rows)
    assert [e["code"] for e in document["elements"]] == [f"U{i}" for i in range(1, 10)]


def test_fixture_a_document_is_exact(client, staff):
    survey = _open_survey(client, staff)
    _post_rows(client, staff, survey["id"], FIXTURE_A_ROWS)
    document = _results(client, staff, survey["id"])
    assert document["ikm"] == 297 / 90
    assert document["ikm_converted"] == 82.5
    assert document["kinerja"] == "Baik"
    assert document["elements"][0] == {"code": "U1", "name": "Persyaratan", "n": 10, "sum": 34, "nrr": 3.4,
                                       "nrr_weighted": 3.4 / 9, "mutu": "B"}
    assert document["lowest_elements"] == ["U3", "U8", "U9"]


def test_legacy_weights_survey(client, staff):
    survey = _open_survey(client, staff, weights="legacy-0.111")
    _post_rows(client, staff, survey["id"], FIXTURE_B_ROWS)
    document = _results(client, staff, survey["id"])
    assert (document["ikm_display"], document["mutu"], document["weights"]) == ("88.25", "B", "legacy-0.111")


def test_sample_target_flag(client, staff):
    survey = _open_survey(client, staff, population=500)
    _post_rows(client, staff, survey["id"], FIXTURE_A_ROWS)
    assert _results(client, staff, survey["id"])["sample"] == {"population": 500, "target": 217, "below_target": True}


def test_filters_breakdown_and_periods(client, staff):
    survey = _open_survey(client, staff)
    base = f"/api/v1/tenants/rsud/surveys/{survey['id']}/responses"
    for row in FIXTURE_A_ROWS:
        client.post(base, json={"answers": row, "service_type": "Rawat Jalan", "profile": {"gender": "P"}},
                    headers=staff)
    for row in FIXTURE_B_ROWS:
        client.post(base, json={"answers": row, "service_type": "IGD", "profile": {"gender": "L"}}, headers=staff)
    assert _results(client, staff, survey["id"], "?service_type=IGD")["ikm_display"] == "88.33"
    assert _results(client, staff, survey["id"], "?gender=P")["ikm_display"] == "82.50"
    bad = client.get(f"/api/v1/tenants/rsud/surveys/{survey['id']}/results?service_type=Farmasi", headers=staff)
    assert bad.status_code == 422 and "service_type" in bad.get_json()["errors"]["query"]
    breakdown = client.get(f"/api/v1/tenants/rsud/surveys/{survey['id']}/results/breakdown?by=service_type",
                           headers=staff).get_json()
    assert {g["value"]: g["result"]["ikm_display"] for g in breakdown["groups"]} == {"IGD": "88.33",
                                                                                   "Rawat Jalan": "82.50"}
    periods = client.get(f"/api/v1/tenants/rsud/surveys/{survey['id']}/results/periods?by=quarter",
                         headers=staff).get_json()["periods"]
    assert [p["period"] for p in periods] == ["TW 1 2026", "TW 2 2026", "TW 3 2026", "TW 4 2026"]


def test_bad_answers_are_refused_naming_the_field(client, staff):
    survey = _open_survey(client, staff)
    url = f"/api/v1/tenants/rsud/surveys/{survey['id']}/responses"
    full = {f"U{i}": 3 for i in range(1, 10)}
    cases = [({**full, "U3": 5}, "U3"), ({**full, "U3": 0}, "U3"), ({**full, "U99": 4}, "U99"),
             ({k: v for k, v in full.items() if k != "U4"}, "U4"), ({**full, "U4": "na"}, "U4"),
             ({**full, "U1": True}, "U1")]
    for answers, field in cases:
        response = client.post(url, json={"answers": answers}, headers=staff)
        assert response.status_code == 422, answers
        assert field in response.get_json()["errors"]["json"], response.get_json()
    long_comment = client.post(url, json={"answers": full, "comment": "x" * 5001}, headers=staff)
    assert long_comment.status_code == 422 and "comment" in long_comment.get_json()["errors"]["json"]
    bad_profile = client.post(url, json={"answers": full, "profile": {"gender": "X", "age": 7}}, headers=staff)
    assert set(bad_profile.get_json()["errors"]["json"]) == {"gender", "age"}
    with platform_scope(INSPECTING):
        assert db.session.scalar(select(func.count()).select_from(Response).execution_options(**ALL_TENANTS)) == 0


def test_closed_survey_refuses_answers_and_bad_moves(client, staff):
    survey = _open_survey(client, staff)
    base = f"/api/v1/tenants/rsud/surveys/{survey['id']}"
    assert client.post(f"{base}/close", headers=staff).get_json()["status"] == "closed"
    response = client.post(f"{base}/responses", json={"answers": {f"U{i}": 3 for i in range(1, 10)}}, headers=staff)
    assert response.status_code == 409
    again = client.post(f"{base}/open", headers=staff)
    assert again.status_code == 409 and "status" in again.get_json()["errors"]["json"]


def test_survey_bad_input(client, staff):
    qid = _standard_id(client, staff)
    good = {"title": "X", "questionnaire_id": qid, "starts_on": "2026-01-01", "ends_on": "2026-12-31"}
    cases = [({**good, "ends_on": "2025-12-31"}, "ends_on"), ({**good, "title": ""}, "title"),
             ({**good, "questionnaire_id": 999999}, "questionnaire_id"), ({**good, "weights": "0.11"}, "weights"),
             ({**good, "starts_on": "kemarin"}, "starts_on"), ({**good, "extra": 1}, "extra")]
    for body, field in cases:
        response = client.post("/api/v1/tenants/rsud/surveys", json=body, headers=staff)
        assert response.status_code == 422, body
        assert field in response.get_json()["errors"]["json"], response.get_json()


def test_frozen_questionnaire_edit_creates_a_new_version(client, staff):
    qid = _standard_id(client, staff)
    refused = client.patch(f"/api/v1/tenants/rsud/questionnaires/{qid}/elements/U4",
                           json={"allow_not_applicable": True}, headers=staff)
    assert refused.status_code == 422  # the standard questionnaire itself never changes
    copy = client.post("/api/v1/tenants/rsud/questionnaires", json={"copy_of": qid, "title": "Kuesioner RSUD"},
                       headers=staff).get_json()
    survey = _open_survey(client, staff)
    client.patch(f"/api/v1/tenants/rsud/surveys/{survey['id']}", json={}, headers=staff)
    edited = client.patch(f"/api/v1/tenants/rsud/questionnaires/{copy['id']}/elements/U4",
                          json={"allow_not_applicable": True, "question_id": "Biaya (peserta BPJS boleh lewati)?"},
                          headers=staff).get_json()
    assert edited["id"] == copy["id"] and edited["version"] == 1  # not answered yet: edited in place
    draft = client.post("/api/v1/tenants/rsud/surveys", json={
        "title": "RSUD", "questionnaire_id": copy["id"], "starts_on": "2026-01-01", "ends_on": "2026-06-30"},
        headers=staff).get_json()
    client.post(f"/api/v1/tenants/rsud/surveys/{draft['id']}/open", headers=staff)
    _post_rows(client, staff, draft["id"], FIXTURE_C_ROWS)  # R2 skips U4, now allowed as not applicable
    changed = client.patch(f"/api/v1/tenants/rsud/questionnaires/{copy['id']}/elements/U1",
                           json={"question_id": "Persyaratan jelas?"}, headers=staff).get_json()
    assert changed["version"] == 2 and changed["id"] != copy["id"]
    assert _results(client, staff, draft["id"])["ikm_display"] == "79.17"  # still version 1's answers


def test_weights_must_sum_to_one(client, staff):
    qid = _standard_id(client, staff)
    copy = client.post("/api/v1/tenants/rsud/questionnaires", json={"copy_of": qid, "title": "Berbobot"},
                       headers=staff).get_json()
    url = f"/api/v1/tenants/rsud/questionnaires/{copy['id']}/weights"
    bad = client.put(url, json={"weights": {f"U{i}": "1/10" for i in range(1, 10)}}, headers=staff)
    assert bad.status_code == 422 and "weights" in bad.get_json()["errors"]["json"]
    weights = {**{f"U{i}": "1/10" for i in range(1, 9)}, "U9": "1/5"}
    good = client.put(url, json={"weights": weights}, headers=staff)
    assert good.status_code == 200 and good.get_json()["elements"][8]["weight"] == "1/5"


def _csv(rows, header="U1,U2,U3,U4,U5,U6,U7,U8,U9,gender"):
    body = "\n".join(",".join("" if v is None else str(v) for v in row) for row in rows)
    return io.BytesIO(f"{header}\n{body}\n".encode())


def test_paper_import_all_or_nothing(client, staff):
    survey = _open_survey(client, staff)
    url = f"/api/v1/tenants/rsud/surveys/{survey['id']}/responses/import"
    bad = client.post(url, data={"file": (_csv([[4] * 9 + ["P"], [5] * 9 + ["P"]]), "kertas.csv")}, headers=staff)
    assert bad.status_code == 422
    assert {(r["row"], r["column"]) for r in bad.get_json()["rejected"]} >= {(3, "U1"), (3, "U9")}
    bad_profile = client.post(url, data={"file": (_csv([[4] * 9 + ["P"], [3] * 9 + ["Z"]]), "kertas.csv")},
                              headers=staff)
    assert [(r["row"], r["column"]) for r in bad_profile.get_json()["rejected"]] == [(3, "gender")]
    assert _results(client, staff, survey["id"])["respondents"] == 0
    rows = [[row[f"U{i}"] for i in range(1, 10)] + ["L"] for row in FIXTURE_C_ROWS]
    good = client.post(url, data={"file": (_csv(rows), "kertas.csv")}, headers=staff)
    assert good.get_json() == {"imported": 4, "rejected": []}
    assert _results(client, staff, survey["id"])["ikm_display"] == "79.17"


def test_viewer_cannot_write(client, make_tenant, make_user, bearer, staff):
    from skm.platform.agencies.services import find_tenant

    viewer = bearer(make_user("lihat@rsud.id", tenant=find_tenant("rsud"), role="viewer"))
    survey = _open_survey(client, staff)
    assert client.post(f"/api/v1/tenants/rsud/surveys/{survey['id']}/close", headers=viewer).status_code == 403
    assert client.post(f"/api/v1/tenants/rsud/surveys/{survey['id']}/responses", json={"answers": {}},
                       headers=viewer).status_code == 403
    assert client.get(f"/api/v1/tenants/rsud/surveys/{survey['id']}/results", headers=viewer).status_code == 200


def test_another_tenants_survey_is_404(client, staff, make_tenant, make_user, bearer):
    survey = _open_survey(client, staff)
    other = bearer(make_user("staf@pdam.id", tenant=make_tenant("pdam"), role="admin"))
    for path in ("", "/results", "/open"):
        method = client.post if path == "/open" else client.get
        assert method(f"/api/v1/tenants/pdam/surveys/{survey['id']}{path}", headers=other).status_code == 404
    assert client.post(f"/api/v1/tenants/pdam/surveys/{survey['id']}/responses", headers=other,
                       json={"answers": {"U1": 4}}).status_code == 404


def test_regency_results(client, make_tenant, make_user, bearer):
    admins = {}
    for slug in ("dpmptsp", "pdam"):
        admins[slug] = bearer(make_user(f"admin@{slug}.id", tenant=make_tenant(slug), role="admin"))
    a = _open_survey(client, admins["dpmptsp"], "dpmptsp")
    _post_rows(client, admins["dpmptsp"], a["id"], FIXTURE_A_ROWS, "dpmptsp")
    b = _open_survey(client, admins["pdam"], "pdam")
    _post_rows(client, admins["pdam"], b["id"], FIXTURE_B_ROWS + FIXTURE_A_ROWS, "pdam")
    central = bearer(make_user("pusat@kotimkab.go.id", platform_admin=True))
    document = client.get("/api/v1/regency/results", headers=central).get_json()
    assert {t["slug"]: t["result"]["ikm_display"] for t in document["tenants"]} == {"dpmptsp": "82.50",
                                                                                  "pdam": "85.42"}
    assert document["combined"]["method"] == "pooled"
    assert document["combined"]["respondents"] == 30
    assert document["combined"]["ikm_display"] == "84.44"  # (297*2 + 318) / 270 * 25
    mean = client.get("/api/v1/regency/results?method=mean", headers=central).get_json()["combined"]
    assert mean == {"method": "mean", "ikm_converted": float((Fraction(165, 2) + Fraction(1025, 12)) / 2),
                    "ikm_display": "83.96",
                    "mutu": "B", "kinerja": "Baik", "units": 2}
    assert client.get("/api/v1/regency/results", headers=admins["pdam"]).status_code == 403

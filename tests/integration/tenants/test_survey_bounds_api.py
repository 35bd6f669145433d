"""Surveys whose results could not be computed are refused; what one results request computes is bounded.

Issue 14, item 9: a legacy-0.111 survey on unequally weighted elements and a survey ending on
9999-12-31 were accepted and their results answered 500; a survey spanning centuries made one
request compute 12 MB of periods.
"""

import pytest

from tests.fixtures.skm_fixtures import FIXTURE_A_ROWS

UNEQUAL = {**{f"U{i}": "1/10" for i in range(1, 9)}, "U9": "1/5"}


@pytest.fixture
def staff(make_tenant, make_user, bearer):
    return bearer(make_user("staf@rsud.id", tenant=make_tenant("rsud"), role="staff"))


def _standard_id(client, headers):
    return client.get("/api/v1/tenants/rsud/questionnaires", headers=headers).get_json()[0]["id"]


def _copy(client, headers, weights=None):
    copy = client.post("/api/v1/tenants/rsud/questionnaires", json={"copy_of": _standard_id(client, headers),
                                                                     "title": "Salinan"}, headers=headers).get_json()
    if weights:
        response = client.put(f"/api/v1/tenants/rsud/questionnaires/{copy['id']}/weights", json={"weights": weights},
                              headers=headers)
        assert response.status_code == 200, response.get_json()
    return copy["id"]


def _create(client, headers, **body):
    body = {"title": "SKM", "starts_on": "2026-01-01", "ends_on": "2026-12-31", **body}
    body.setdefault("questionnaire_id", _standard_id(client, headers))
    return client.post("/api/v1/tenants/rsud/surveys", json=body, headers=headers)


def _refused(response, field, status=422):
    assert response.status_code == status, response.get_json()
    assert field in response.get_json()["errors"]["json"], response.get_json()


def test_legacy_weights_are_refused_on_a_questionnaire_they_do_not_fit(client, staff):
    unequal = _copy(client, staff, UNEQUAL)
    _refused(_create(client, staff, questionnaire_id=unequal, weights="legacy-0.111"), "weights")
    survey = _create(client, staff, questionnaire_id=unequal).get_json()
    url = f"/api/v1/tenants/rsud/surveys/{survey['id']}"
    _refused(client.patch(url, json={"weights": "legacy-0.111"}, headers=staff), "weights")
    legacy = _create(client, staff, weights="legacy-0.111").get_json()  # the standard questionnaire fits
    moved = client.patch(f"/api/v1/tenants/rsud/surveys/{legacy['id']}", json={"questionnaire_id": unequal},
                         headers=staff)
    _refused(moved, "weights")
    assert client.get(url, headers=staff).get_json()["weights"] == "exact"
    results = client.get(f"/api/v1/tenants/rsud/surveys/{legacy['id']}/results/periods", headers=staff)
    assert results.status_code == 200 and results.get_json()["periods"][0]["result"]["weights"] == "legacy-0.111"


def test_a_questionnaire_a_legacy_survey_uses_keeps_nine_equal_elements(client, staff):
    equal = _copy(client, staff)
    assert _create(client, staff, questionnaire_id=equal, weights="legacy-0.111").status_code == 201
    url = f"/api/v1/tenants/rsud/questionnaires/{equal}"
    _refused(client.put(f"{url}/weights", json={"weights": UNEQUAL}, headers=staff), "weights", 409)
    element = {"code": "U10", "name_id": "Parkir", "question_id": "Parkir?", "options_id": ["a", "b", "c", "d"]}
    _refused(client.post(f"{url}/elements", json=element, headers=staff), "code", 409)
    assert len(client.get(url, headers=staff).get_json()["elements"]) == 9


@pytest.mark.parametrize(("field", "day"), [("ends_on", "9999-12-31"), ("starts_on", "0154-07-17"),
                                             ("ends_on", "2101-01-01"), ("starts_on", "1999-12-31")])
def test_survey_days_are_bounded(client, staff, field, day):
    _refused(_create(client, staff, **{field: day}), field)
    survey = _create(client, staff).get_json()
    _refused(client.patch(f"/api/v1/tenants/rsud/surveys/{survey['id']}", json={field: day}, headers=staff), field)


def test_periods_are_bounded_and_follow_the_window_asked_for(client, staff):
    survey = _create(client, staff, starts_on="2000-01-01", ends_on="2100-12-31").get_json()
    base = f"/api/v1/tenants/rsud/surveys/{survey['id']}"
    client.post(f"{base}/open", headers=staff)
    for row in FIXTURE_A_ROWS:
        client.post(f"{base}/responses", json={"answers": row}, headers=staff)
    too_many = client.get(f"{base}/results/periods?by=quarter", headers=staff)
    assert too_many.status_code == 422 and "by" in too_many.get_json()["errors"]["query"]
    assert len(client.get(f"{base}/results/periods?by=year", headers=staff).get_json()["periods"]) == 101
    window = client.get(f"{base}/results/periods?by=quarter&from=2026-05-01&to=2026-12-31", headers=staff)
    periods = window.get_json()["periods"]
    assert [(p["period"], p["from"], p["to"]) for p in periods] == [
        ("TW 2 2026", "2026-05-01", "2026-06-30"), ("TW 3 2026", "2026-07-01", "2026-09-30"),
        ("TW 4 2026", "2026-10-01", "2026-12-31")]
    year = client.get(f"{base}/results/periods?by=semester&year=2026", headers=staff).get_json()["periods"]
    assert [(p["from"], p["to"]) for p in year] == [("2026-01-01", "2026-06-30"), ("2026-07-01", "2026-12-31")]
    assert sum(p["result"]["respondents"] for p in year) == len(FIXTURE_A_ROWS)

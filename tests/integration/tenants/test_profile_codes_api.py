"""A profile value given as its code or its Indonesian or English label, in any case, is that code.

Issue 14, item 3: ``"occupation": "Wirausaha"`` was refused with ``Choose one of: PNS, …, WIRAUSAHA``.
"""

import io

import pytest

FULL = {f"U{i}": 3 for i in range(1, 10)}


@pytest.fixture
def survey(client, make_tenant, make_user, bearer):
    headers = bearer(make_user("staf@rsud.id", tenant=make_tenant("rsud"), role="staff"))
    qid = client.get("/api/v1/tenants/rsud/questionnaires", headers=headers).get_json()[0]["id"]
    body = {"title": "SKM", "questionnaire_id": qid, "starts_on": "2026-01-01", "ends_on": "2026-12-31"}
    created = client.post("/api/v1/tenants/rsud/surveys", json=body, headers=headers).get_json()
    base = f"/api/v1/tenants/rsud/surveys/{created['id']}"
    client.post(f"{base}/open", headers=headers)
    return base, headers


def _breakdown(client, base, headers, by):
    groups = client.get(f"{base}/results/breakdown?by={by}", headers=headers).get_json()["groups"]
    return {group["value"]: group["result"]["respondents"] for group in groups}


def test_labels_in_any_case_are_stored_as_codes(client, survey):
    base, headers = survey
    profiles = [{"occupation": "wirausaha", "gender": "Perempuan", "education": "senior high school"},
                {"occupation": "Self-employed", "gender": "female", "education": "SMA/SMK/sederajat"},
                {"occupation": "WIRAUSAHA", "gender": "p", "education": "sma"}]
    for profile in profiles:
        response = client.post(f"{base}/responses", json={"answers": FULL, "profile": profile}, headers=headers)
        assert response.status_code == 201, response.get_json()
    assert _breakdown(client, base, headers, "occupation") == {"WIRAUSAHA": 3}
    assert _breakdown(client, base, headers, "gender") == {"P": 3}
    assert _breakdown(client, base, headers, "education") == {"SMA": 3}


def test_unknown_values_are_refused_naming_the_field(client, survey):
    base, headers = survey
    refused = client.post(f"{base}/responses", json={"answers": FULL, "profile": {"occupation": "astronaut"}},
                          headers=headers)
    assert refused.status_code == 422
    assert "WIRAUSAHA" in refused.get_json()["errors"]["json"]["occupation"][0]
    bad_filter = client.get(f"{base}/results?occupation=astronaut", headers=headers)
    assert bad_filter.status_code == 422 and "occupation" in bad_filter.get_json()["errors"]["query"]


def test_result_filters_take_labels_too(client, survey):
    base, headers = survey
    client.post(f"{base}/responses", json={"answers": FULL, "profile": {"occupation": "PNS"}}, headers=headers)
    client.post(f"{base}/responses", json={"answers": FULL, "profile": {"occupation": "IRT"}}, headers=headers)
    for value in ("PNS", "pns", "PNS/ASN", "civil servant"):
        assert client.get(f"{base}/results?occupation={value}", headers=headers).get_json()["respondents"] == 1


def test_paper_imports_take_labels_too(client, survey):
    base, headers = survey
    paper = io.BytesIO(b"U1,U2,U3,U4,U5,U6,U7,U8,U9,gender,occupation\n"
                       b"4,4,4,4,4,4,4,4,4,Laki-laki,petani/nelayan/buruh\n3,3,3,3,3,3,3,3,3,male,Farmer/fisher/labourer\n")
    imported = client.post(f"{base}/responses/import", data={"file": (paper, "kertas.csv")}, headers=headers)
    assert imported.get_json() == {"imported": 2, "rejected": []}
    assert _breakdown(client, base, headers, "gender") == {"L": 2}
    assert _breakdown(client, base, headers, "occupation") == {"PETANI": 2}

"""Publishing results, the public pages, the follow-up register and comment triage."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from tests.factories import insert_rows, make_survey

ALL_FOURS = {f"U{i}": 4 for i in range(1, 10)}


@pytest.fixture
def agency(make_tenant, make_user, bearer):
    """Tenant ``pdam``: an admin, a staff member, and an open survey with 6 answers (4 with comments)."""
    tenant = make_tenant("pdam", "PDAM Tirta Mentaya")
    headers = {role: bearer(make_user(f"{role}@pdam.id", tenant=tenant, role=role)) for role in ("admin", "staff")}
    with tenant_scope(tenant.id):
        survey = make_survey("SKM 2026", service_types=("Sambungan Baru", "Pengaduan"))
        ids = {st.name: st.id for st in survey.service_types}
        big, small = ids["Sambungan Baru"], ids["Pengaduan"]
        comments = ["Air sering mati, hubungi saya di 0812 3456 7890", "Petugas ramah sekali.",
                    "Tagihan naik tanpa pemberitahuan, email saya budi@mail.id", "Antrian loket lama."]
        for i in range(6):
            insert_rows(survey, [ALL_FOURS if i % 2 else {**ALL_FOURS, "U3": 2}], tenant.id,
                        service_type_id=big if i < 5 else small, comment=comments[i] if i < 4 else None,
                        submitted_on=date(2026, 3, 1 + i))
        db.session.commit()
        return tenant, survey.id, survey.public_code, headers


def _api(survey_id: int, path: str = "") -> str:
    return f"/api/v1/tenants/pdam/surveys/{survey_id}{path}"


def test_only_admins_publish_and_the_public_sees_aggregates_at_once(client, agency):
    _, survey_id, code, headers = agency
    assert client.get(f"/p/pdam/{code}").status_code == 404  # not published yet
    assert client.get(f"/api/v1/public/tenants/pdam/surveys/{code}").status_code == 404
    assert client.post(_api(survey_id, "/publish"), headers=headers["staff"]).status_code == 403
    published = client.post(_api(survey_id, "/publish"), headers=headers["admin"])
    assert published.status_code == 200 and published.get_json()["published_at"]

    page = client.get(f"/p/pdam/{code}")
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    assert page.headers["Cache-Control"] == "public, no-cache" and page.headers["ETag"]
    html = page.get_data(as_text=True)
    assert "SKM 2026" in html
    # one respondent at Pengaduan: hidden, and so Sambungan Baru's five too (6 − 5 would reveal the one)
    assert "<td>Pengaduan</td>" not in html and "<td>Sambungan Baru</td>" not in html
    again = client.get(f"/p/pdam/{code}", headers={"If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304

    document = client.get(f"/api/v1/public/tenants/pdam/surveys/{code}").get_json()
    assert document["respondents"] == 6 and document["ikm_display"] == "97.22"
    assert document["breakdowns"]["service_type"] == []
    assert document["comments"] == []  # none approved
    assert "Petugas ramah" not in html
    assert "PDAM Tirta Mentaya" in client.get("/p/").get_data(as_text=True)
    agencies = client.get("/api/v1/public/tenants").get_json()
    assert agencies == [{"slug": "pdam", "name": "PDAM Tirta Mentaya", "surveys": [
        {"code": code, "title": "SKM 2026", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
         "ikm_display": "97.22", "mutu": "A"}]}]
    assert client.get("/api/v1/public/tenants/pdam").get_json() == agencies[0]

    assert client.delete(_api(survey_id, "/publish"), headers=headers["admin"]).status_code == 200
    withdrawn = client.get(f"/p/pdam/{code}", headers={"If-None-Match": page.headers["ETag"]})
    assert withdrawn.status_code == 404  # at once, and a cached copy is not revalidated
    assert client.get(f"/api/v1/public/tenants/pdam/surveys/{code}").status_code == 404
    assert client.get("/p/pdam").status_code == 404
    assert client.get("/api/v1/public/tenants").get_json() == []
    assert client.get("/api/v1/public/tenants/pdam").status_code == 404


def test_a_draft_cannot_be_published_and_small_surveys_show_no_figures(client, agency):
    tenant, _, _, headers = agency
    with tenant_scope(tenant.id):
        draft = make_survey("Draf", status="draft")
        tiny = make_survey("Kecil")
        insert_rows(tiny, [ALL_FOURS] * 4, tenant.id)
        db.session.commit()
        draft_id, tiny_id, tiny_code = draft.id, tiny.id, tiny.public_code
    assert client.post(_api(draft_id, "/publish"), headers=headers["admin"]).status_code == 409
    assert client.post(_api(tiny_id, "/publish"), headers=headers["admin"]).status_code == 200
    document = client.get(f"/api/v1/public/tenants/pdam/surveys/{tiny_code}").get_json()
    assert document["suppressed"] is True and "ikm_display" not in document and document["respondents"] == 4
    assert "kurang dari 5 responden" in client.get(f"/p/pdam/{tiny_code}").get_data(as_text=True)


def test_comments_are_masked_triaged_and_published_only_once_approved(client, agency):
    _, survey_id, code, headers = agency
    listing = client.get(_api(survey_id, "/comments"), headers=headers["staff"])
    assert listing.status_code == 200 and len(listing.get_json()) == 4
    texts = {c["text"] for c in listing.get_json()}
    assert "Air sering mati, hubungi saya di [nomor disamarkan]" in texts
    assert "Tagihan naik tanpa pemberitahuan, email saya [email disamarkan]" in texts
    first = listing.get_json()[0]
    assert set(first) == {"id", "text", "answered_on", "service_type", "grades", "tags", "status", "public"}
    assert first["answered_on"] == "2026-03-04" and first["grades"]["U3"] == 4  # newest first

    friendly = next(c for c in listing.get_json() if c["text"].startswith("Petugas"))
    patched = client.patch(_api(survey_id, f"/comments/{friendly['id']}"), headers=headers["staff"],
                           json={"tags": ["Petugas", "U7"], "status": "handled", "public": True})
    assert patched.status_code == 200
    assert patched.get_json() | {"text": None} == {**friendly, "tags": ["petugas", "u7"], "status": "handled",
                                                   "public": True, "text": None}
    assert [c["id"] for c in client.get(_api(survey_id, "/comments?tag=petugas"),
                                        headers=headers["staff"]).get_json()] == [friendly["id"]]
    assert len(client.get(_api(survey_id, "/comments?status=new"), headers=headers["staff"]).get_json()) == 3
    assert [c["text"] for c in client.get(_api(survey_id, "/comments?q=LOKET"),
                                          headers=headers["staff"]).get_json()] == ["Antrian loket lama."]
    assert client.patch(_api(survey_id, "/comments/999999"), headers=headers["staff"],
                        json={"public": True}).status_code == 404
    bad = client.patch(_api(survey_id, f"/comments/{friendly['id']}"), headers=headers["staff"],
                       json={"status": "archived"})
    assert bad.status_code == 422 and "status" in bad.get_json()["errors"]["json"]

    client.post(_api(survey_id, "/publish"), headers=headers["admin"])
    public = client.get(f"/api/v1/public/tenants/pdam/surveys/{code}").get_json()
    assert public["comments"] == [{"answered_on": "2026-03-02", "text": "Petugas ramah sekali."}]
    assert "Air sering mati" not in client.get(f"/p/pdam/{code}").get_data(as_text=True)


def test_follow_up_items_move_to_done_only_with_evidence_and_show_overdue(make_app, agency):
    _, survey_id, code, headers = agency
    client = make_app(SKM_CLOCK=lambda: datetime(2026, 7, 1, 3, 0, tzinfo=UTC)).test_client()
    item = {"element": "u3", "title": "Percepat sambungan baru", "action": "Tambah tim lapangan",
            "owner": "Bagian Teknik", "due_on": "2026-06-30"}
    created = client.post(_api(survey_id, "/followups"), headers=headers["staff"], json=item)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["element"] == "U3" and body["status"] == "planned" and body["overdue"] is True
    url = _api(survey_id, f"/followups/{body['id']}")
    assert client.patch(url, headers=headers["staff"], json={"status": "in_progress"}).get_json()["overdue"]
    refused = client.patch(url, headers=headers["staff"], json={"status": "done"})
    assert refused.status_code == 422 and "evidence" in refused.get_json()["errors"]["json"]
    done = client.patch(url, headers=headers["staff"], json={"status": "done", "evidence": "SK Direktur 12/2026"})
    assert done.get_json()["status"] == "done" and done.get_json()["overdue"] is False
    for bad in ({"element": "U42"}, {"due_on": "kemarin"}, {"title": ""}, {"comment_id": 987654}):
        answer = client.post(_api(survey_id, "/followups"), headers=headers["staff"], json={**item, **bad})
        assert answer.status_code == 422 and set(answer.get_json()["errors"]["json"]) == set(bad), bad
    client.post(_api(survey_id, "/publish"), headers=headers["admin"])
    public = client.get(f"/api/v1/public/tenants/pdam/surveys/{code}").get_json()
    assert public["followups"][0]["title"] == "Percepat sambungan baru" and public["followups"][0]["status"] == "done"


def test_another_tenants_survey_and_items_are_404(client, agency, make_tenant, make_user, bearer):
    _, survey_id, _, _ = agency
    outsider = bearer(make_user("admin@rsud.id", tenant=make_tenant("rsud"), role="admin"))
    for method, path in (("post", "/publish"), ("get", "/followups"), ("get", "/comments")):
        url = f"/api/v1/tenants/rsud/surveys/{survey_id}{path}"
        assert getattr(client, method)(url, headers=outsider).status_code == 404, path


def _logged_in(app, email: str):
    from tests.conftest import login

    client = app.test_client()
    login(client, email)
    return client


def test_staff_pages_triage_comments_and_keep_the_plan(app, agency):
    _, survey_id, code, _ = agency
    staff = _logged_in(app, "staff@pdam.id")
    assert "Tagihan" not in staff.get(f"/t/pdam/surveys/{survey_id}/comments?q=mail.id").get_data(as_text=True)
    assert "Air sering" not in staff.get(f"/t/pdam/surveys/{survey_id}/comments?q=3456").get_data(as_text=True)
    page = staff.get(f"/t/pdam/surveys/{survey_id}/comments?q=tagihan&page=99999999999999999999").get_data(
        as_text=True)
    assert "[email disamarkan]" in page and "budi@mail.id" not in page and "Petugas ramah" not in page
    comment_id = int(page.split('id="comment-')[1].split('"')[0])
    saved = staff.post(f"/t/pdam/surveys/{survey_id}/comments/{comment_id}",
                       data={"tags": "tarif, U4", "handled": "1", "public": "1"})
    assert saved.status_code == 302
    handled = staff.get(f"/t/pdam/surveys/{survey_id}/comments?status=handled&tag=tarif").get_data(as_text=True)
    assert f'id="comment-{comment_id}"' in handled and "disetujui untuk publik" in handled

    form = staff.get(f"/t/pdam/surveys/{survey_id}/followups?comment={comment_id}").get_data(as_text=True)
    assert "Tagihan naik tanpa pemberitahuan" in form and f'value="{comment_id}"' in form
    added = staff.post(f"/t/pdam/surveys/{survey_id}/followups", data={
        "comment_id": str(comment_id), "element": "U4", "title": "Sosialisasi tarif baru",
        "action": "Surat ke pelanggan", "owner": "Humas", "due_on": "2026-01-31"})
    assert added.status_code == 302
    listing = staff.get(f"/t/pdam/surveys/{survey_id}/followups").get_data(as_text=True)
    assert "Sosialisasi tarif baru" in listing and "terlambat" in listing
    item_id = int(listing.split('id="item-')[1].split('"')[0])
    refused = staff.post(f"/t/pdam/surveys/{survey_id}/followups/{item_id}", data={"status": "done"},
                         follow_redirects=True)
    assert "harus disertai bukti" in refused.get_data(as_text=True)
    bad = staff.post(f"/t/pdam/surveys/{survey_id}/followups", data={"title": "", "due_on": "kemarin"})
    assert bad.status_code == 400
    junk = staff.post(f"/t/pdam/surveys/{survey_id}/followups?comment=abc", data={
        "comment_id": "abc", "title": "X", "action": "Y", "owner": "Z", "due_on": "2026-02-01"})
    assert junk.status_code == 302  # a junk hidden comment id counts as none
    away = staff.post(f"/t/pdam/surveys/{survey_id}/comments/{comment_id}", data={"next": "//evil.example/x"})
    assert away.headers["Location"].startswith(f"/t/pdam/surveys/{survey_id}/comments")


def test_only_the_agencys_admin_publishes_from_the_survey_page(app, agency):
    _, survey_id, code, _ = agency
    staff, admin = _logged_in(app, "staff@pdam.id"), _logged_in(app, "admin@pdam.id")
    assert "Publikasikan hasil" not in staff.get(f"/t/pdam/surveys/{survey_id}").get_data(as_text=True)
    assert staff.post(f"/t/pdam/surveys/{survey_id}/publish").status_code == 403
    assert admin.post(f"/t/pdam/surveys/{survey_id}/publish").status_code == 302
    page = admin.get(f"/t/pdam/surveys/{survey_id}").get_data(as_text=True)
    assert f"/p/pdam/{code}" in page and "Tarik publikasi" in page
    assert app.test_client().get(f"/p/pdam/{code}").status_code == 200
    admin.post(f"/t/pdam/surveys/{survey_id}/withdraw")
    assert app.test_client().get(f"/p/pdam/{code}").status_code == 404


def test_small_groups_stay_hidden_even_by_subtraction():
    from types import SimpleNamespace

    from skm.tenants.publication.services import ServiceGroup, publishable_groups

    def groups(*sizes):
        return [ServiceGroup(f"L{i}", SimpleNamespace(respondents=n)) for i, n in enumerate(sizes)]

    assert [g.name for g in publishable_groups(10, groups(5, 5))] == ["L0", "L1"]
    assert [g.name for g in publishable_groups(11, groups(6, 5))] == ["L0", "L1"]  # nothing left to reveal
    assert [g.name for g in publishable_groups(13, groups(6, 5, 2))] == ["L0"]  # without L1 the rest is 7
    assert [g.name for g in publishable_groups(8, groups(5, 3))] == []


def test_an_element_answered_by_fewer_than_five_shows_no_figures(client, agency):
    tenant, _, _, headers = agency
    with tenant_scope(tenant.id):
        survey = make_survey("SKM BPJS")
        insert_rows(survey, [{**ALL_FOURS, "U4": None}] * 4 + [ALL_FOURS] * 3, tenant.id)
        db.session.commit()
        survey_id, code = survey.id, survey.public_code
    client.post(_api(survey_id, "/publish"), headers=headers["admin"])
    elements = {e["code"]: e for e in client.get(f"/api/v1/public/tenants/pdam/surveys/{code}").get_json()["elements"]}
    assert elements["U4"] == {"code": "U4", "name": "Biaya/Tarif", "n": None, "sum": None, "nrr": None,
                              "nrr_weighted": None, "mutu": None, "suppressed": True}
    assert elements["U1"]["n"] == 7
    assert "kurang dari 5 jawaban" in client.get(f"/p/pdam/{code}").get_data(as_text=True)

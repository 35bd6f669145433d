"""A campaign through a real Celery worker to a real SMTP sink and a loopback SMS gateway."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import UTC, datetime

from openpyxl import Workbook
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.services import find_user
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.invitations.models import Invitation
from skm.workers.tasks.messages import sweep
from tests.conftest import login
from tests.integration.messaging.conftest import Clock, wait_until


def _contacts() -> tuple[list[dict], dict[int, str]]:
    rows = [{"email": f"warga{i}@mail.id", "name": f"Warga {i}", "service_type": "Loket"} for i in range(240)]
    rows += [{"phone": f"0812{i:08d}"[:13], "language": "en"} for i in range(40)]
    bad = {len(rows): "email", len(rows) + 1: "telepon", len(rows) + 2: "wajib", len(rows) + 3: "layanan",
           len(rows) + 4: "Bahasa"}
    rows += [{"email": "bukan-email"}, {"phone": "12"}, {"name": "tanpa kontak"},
             {"email": "x@mail.id", "service_type": "Tidak Ada"}, {"email": "y@mail.id", "language": "jv"}]
    rows += [{"email": "WARGA7@mail.id"}, {"phone": "+62 812 0000 0003"}]  # duplicates, merged
    return rows, bad


def test_a_campaign_reaches_every_contact_once(mapp, worker, sink, gateway, campaign, bearer):
    tenant, survey_id = campaign
    app = mapp()
    headers = bearer(find_user("staf@dpmptsp.id"))
    rows, bad = _contacts()
    answer = app.test_client().post(f"/api/v1/tenants/dpmptsp/surveys/{survey_id}/invitations", json=rows,
                                    headers=headers)
    assert answer.status_code == 200, answer.json
    assert answer.json["invited"] == 280 and answer.json["merged"] == 2
    rejected = {r["index"]: r["reason"] for r in answer.json["rejected"]}
    assert set(rejected) == set(bad)
    for index, word in bad.items():
        assert word.lower() in rejected[index].lower(), rejected[index]

    wait_until(lambda: len(sink.recipients()) == 240 and len(gateway.requests) == 40, timeout=60)
    wait_until(lambda: _statuses(tenant) == {"sent": 280}, timeout=20)
    assert set(sink.recipients().values()) == {1}
    assert sorted(r["body"]["to"] for r in gateway.requests) == sorted({f"+62812{i:08d}"[:14] for i in range(40)})
    assert all(r["headers"]["Authorization"] == "Bearer gw-token" for r in gateway.requests)

    listing = app.test_client().get(f"/api/v1/tenants/dpmptsp/surveys/{survey_id}/invitations?page_size=100",
                                    headers=headers)
    assert listing.status_code == 200 and len(listing.json) == 100
    assert '"total": 280' in listing.headers["X-Pagination"]
    assert {row["status"] for row in listing.json} == {"sent"}
    assert "token" not in listing.get_data(as_text=True)


def test_an_email_has_both_parts_sender_name_and_a_working_link(mapp, worker, sink, campaign, bearer):
    tenant, survey_id = campaign
    app = mapp()
    app.test_client().post(f"/api/v1/tenants/dpmptsp/surveys/{survey_id}/invitations",
                           json=[{"email": "ani@mail.id", "name": "Ani"}], headers=bearer(find_user("staf@dpmptsp.id")))
    message = wait_until(lambda: sink.messages and sink.messages[0])
    assert message["From"].startswith('"DPMPTSP Kotawaringin Timur"') or message["From"].startswith("DPMPTSP")
    assert message["List-Unsubscribe"].startswith("<http://skm.test/u/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<skm-\d+-\d+-invitation@kotim\.go\.id>", message["Message-ID"])
    types = [part.get_content_type() for part in message.walk()]
    assert "text/plain" in types and "text/html" in types
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "Yth. Ani" in text
    token = re.search(r"http://skm\.test/r/([A-Za-z0-9_-]+)", text).group(1)
    assert len(token) >= 43  # 256 bits
    with tenant_scope(tenant.id):
        stored = db.session.scalar(select(Invitation.token_hash))
    assert stored == hashlib.sha256(token.encode()).hexdigest()


def test_store_only_then_send_pending(mapp, worker, sink, campaign, bearer):
    tenant, survey_id = campaign
    app = mapp()
    headers = bearer(find_user("staf@dpmptsp.id"))
    url = f"/api/v1/tenants/dpmptsp/surveys/{survey_id}/invitations"
    stored = app.test_client().post(f"{url}?send=false", json=[{"email": f"w{i}@mail.id"} for i in range(5)],
                                    headers=headers)
    assert stored.json["counts"]["pending"] == 5
    assert _statuses(tenant) == {"pending": 5}
    assert app.test_client().post(f"{url}/send", headers=headers).json["queued"] == 5
    wait_until(lambda: _statuses(tenant) == {"sent": 5})
    assert len(sink.messages) == 5


def test_a_survey_closed_after_the_campaign_was_stored_sends_nothing(mapp, sink, gateway, campaign, bearer):
    """"Send pending" is refused and the sweeper sends no link that would answer 410; the rows stay pending."""
    tenant, survey_id = campaign
    app = mapp(REDIS_URL=None, MESSAGE_SWEEP_GRACE_SECONDS=0)
    client, headers = app.test_client(), bearer(find_user("staf@dpmptsp.id"))
    url = f"/api/v1/tenants/dpmptsp/surveys/{survey_id}"
    client.post(f"{url}/invitations?send=false", json=[{"email": "ani@mail.id"}, {"phone": "081234567890"}],
                headers=headers)
    assert client.post(f"{url}/close", headers=headers).status_code == 200
    refused = client.post(f"{url}/invitations/send", headers=headers)
    assert refused.status_code == 409 and "tidak menerima jawaban" in refused.json["errors"]["json"]["survey"][0]
    staff = app.test_client()
    login(staff, "staf@dpmptsp.id")
    page = staff.post(f"/t/dpmptsp/surveys/{survey_id}/invitations/send", follow_redirects=True)
    assert "undangan tidak dikirim" in page.get_data(as_text=True)
    with tenant_scope(tenant.id):  # as a worker killed mid-batch leaves one
        stuck = db.session.scalars(select(Invitation).order_by(Invitation.id)).first()
        stuck.status, stuck.claimed_kind, stuck.claimed_at = "sending", "invitation", datetime(2026, 1, 1, tzinfo=UTC)
        db.session.commit()
    with app.app_context():
        assert sweep.apply().get() == 0
    assert sink.messages == [] and gateway.requests == []
    assert _statuses(tenant) == {"pending": 2}  # the stuck claim is given back, not left "sending"


def test_invitations_stop_once_the_period_ended_in_the_tenants_date(mapp, sink, campaign, bearer):
    tenant, survey_id = campaign
    clock = Clock(datetime(2026, 3, 6, 16, 30, tzinfo=UTC))  # Friday 23:30 WIB, the period's last day
    app = mapp(REDIS_URL=None, SKM_CLOCK=clock)
    client, headers = app.test_client(), bearer(find_user("staf@dpmptsp.id"))
    url = f"/api/v1/tenants/dpmptsp/surveys/{survey_id}"
    assert client.patch(url, json={"ends_on": "2026-03-06"}, headers=headers).status_code == 200
    client.post(f"{url}/invitations", json=[{"email": "ani@mail.id"}], headers=headers)
    clock.set(2026, 3, 6, 17, 30)  # Saturday 00:30 WIB (still Friday in UTC)
    client.post(f"{url}/invitations", json=[{"email": "budi@mail.id"}], headers=headers)
    assert [m["To"] for m in sink.messages] == ["ani@mail.id"]
    assert _statuses(tenant) == {"sent": 1, "pending": 1}


def test_staff_upload_a_csv_and_preview_messages(mapp, worker, sink, campaign):
    tenant, survey_id = campaign
    client = mapp().test_client()
    login(client, "staf@dpmptsp.id")
    csv = "nama;email;telepon;bahasa\nBudi;budi@mail.id;;id\nSiti;;081298765432;en\nRusak;bukan;;id\n"
    page = _upload(client, survey_id, csv.encode(), "kontak.csv", send_now="y")
    assert "Baris 4: Email tidak valid" in page  # spreadsheet row of the bad email
    wait_until(lambda: _statuses(tenant) == {"sent": 2})
    listing = client.get(f"/t/dpmptsp/surveys/{survey_id}/invitations/").get_data(as_text=True)
    assert "budi@mail.id" in listing and "+6281298765432" in listing
    preview = client.get(f"/t/dpmptsp/surveys/{survey_id}/invitations/preview")
    assert preview.status_code == 200
    body = preview.get_data(as_text=True)
    assert "Survei Kepuasan Masyarakat: DPMPTSP" in body and "STOP=opt out" in body
    assert "dikirim sebagai 1 SMS" in body


def test_a_csv_upload_names_the_sheet_row_despite_blank_lines(mapp, campaign):
    _tenant, survey_id = campaign
    client = mapp().test_client()
    login(client, "staf@dpmptsp.id")
    csv = b"\n;;\nnama;email;telepon\n\nBudi;budi@mail.id;\n\n;;\nRusak;bukan;\nSiti;;0812\n"
    page = _upload(client, survey_id, csv, "kontak.csv")
    assert "Baris 8: Email tidak valid" in page and "Baris 9: Nomor telepon tidak valid" in page


def test_an_xlsx_upload_names_the_sheet_row_despite_a_blank_row(mapp, campaign):
    _tenant, survey_id = campaign
    client = mapp().test_client()
    login(client, "staf@dpmptsp.id")
    book = Workbook()
    for row in (["nama", "email", "jenis_layanan"], ["Budi", "budi@mail.id", "Loket"], [],
                ["Rusak", "x@mail.id", "Kasir"]):
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    page = _upload(client, survey_id, data.getvalue(), "kontak.xlsx")
    assert "Baris 4: Jenis layanan tidak dikenal: Kasir" in page


def test_the_api_reports_rejections_by_their_index_in_the_list(mapp, campaign, bearer):
    _tenant, survey_id = campaign
    client = mapp().test_client()
    answer = client.post(f"/api/v1/tenants/dpmptsp/surveys/{survey_id}/invitations?send=false",
                         json=[{"email": "a@mail.id"}, {"name": "tanpa kontak"}, "bukan objek"],
                         headers=bearer(find_user("staf@dpmptsp.id")))
    assert answer.status_code == 200
    assert [sorted(r) for r in answer.json["rejected"]] == [["index", "reason"]] * 2
    assert [r["index"] for r in answer.json["rejected"]] == [1, 2]
    spec = client.get("/api/v1/openapi.json").json["components"]["schemas"]["RejectedContact"]
    assert "counted from 0" in spec["properties"]["index"]["description"]


def test_another_tenants_survey_is_404(mapp, campaign, make_tenant, make_user, bearer):
    _tenant, survey_id = campaign
    other = make_tenant("pdam")
    user = make_user("staf@pdam.id", tenant=other, role="staff")
    client = mapp().test_client()
    answer = client.post(f"/api/v1/tenants/pdam/surveys/{survey_id}/invitations", json=[{"email": "a@b.id"}],
                         headers=bearer(user))
    assert answer.status_code == 404
    assert client.get(f"/api/v1/tenants/pdam/surveys/{survey_id}/invitations", headers=bearer(user)).status_code == 404


def test_a_body_that_is_not_a_list_is_422(mapp, campaign, bearer):
    _tenant, survey_id = campaign
    answer = mapp().test_client().post(f"/api/v1/tenants/dpmptsp/surveys/{survey_id}/invitations",
                                       json={"email": "a@b.id"}, headers=bearer(find_user("staf@dpmptsp.id")))
    assert answer.status_code == 422 and "_schema" in answer.json["errors"]["json"]


def _upload(client, survey_id: int, content: bytes, filename: str, **form: str) -> str:
    """The staff page after uploading ``content`` as a contact file."""
    page = client.post(f"/t/dpmptsp/surveys/{survey_id}/invitations/",
                       data={"contacts": (io.BytesIO(content), filename), **form}, content_type="multipart/form-data")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _statuses(tenant) -> dict[str, int]:
    db.session.rollback()
    with tenant_scope(tenant.id):
        statuses = db.session.scalars(select(Invitation.status)).all()
    db.session.rollback()
    return {s: statuses.count(s) for s in set(statuses)}

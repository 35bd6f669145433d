"""GET|PATCH /api/v1/tenants/<slug>/settings and its logo: validation, roles, stored rows of any age."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select, update

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.audit import AuditEntry
from skm.platform.data.tenancy import tenant_scope
from tests.factories import image_bytes

URL = "/api/v1/tenants/dpmptsp/settings"
HEAD = {"head_name": "Ir. Budi Santoso, M.T.", "head_title": "Kepala Dinas Penanaman Modal dan PTSP",
        "head_nip": "19780512 200312 1 004", "report_place": "Sampit",
        "address_lines": ["Jl. Jenderal Sudirman Km 5,5 Sampit", "Telp. (0531) 21234"]}


def test_defaults_before_anything_is_set(client, agency):
    body = client.get(URL, headers=agency.admin).get_json()
    assert body["name"] == "Dinas Penanaman Modal dan PTSP" and body["head_nip"] is None and body["logo"] is None
    assert (body["reminder_first_after_days"], body["reminder_max"], body["reminder_interval_days"]) == (3, 2, 3)
    assert (body["send_from_hour"], body["send_until_hour"], body["default_channel"]) == (8, 20, "sms")


def test_patch_stores_where_the_readers_look_and_is_audited(client, agency):
    answer = client.patch(URL, json={**HEAD, "short_name": "DPMPTSP Kotim", "sms_sender_id": "KOTIMKAB"},
                          headers=agency.admin)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["head_nip"] == "197805122003121004"
    tenant = agency.stored()
    assert tenant.short_name == "DPMPTSP Kotim" and tenant.settings["city"] == "Sampit"
    assert tenant.settings["report"]["head_name"] == "Ir. Budi Santoso, M.T."
    with tenant_scope(agency.tenant_id):
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "tenant.settings_changed"))
    assert {"head_nip", "short_name", "sms_sender_id", "address_lines"} <= set(entry.detail["fields"])
    assert (entry.detail["before"]["short_name"], entry.detail["after"]["short_name"]) == (None, "DPMPTSP Kotim")


@pytest.mark.parametrize(("change", "field"), [
    ({"head_nip": "1978051220031210"}, "head_nip"),
    ({"head_nip": "197813122003121004"}, "head_nip"),  # no 13th month of birth
    ({"head_nip": "197805122003123004"}, "head_nip"),  # sex digit 3
    ({"sms_sender_id": "DINAS-KOTIM-PTSP"}, "sms_sender_id"),
    ({"sender_name": "Dinas\r\nBcc: x@y.id"}, "sender_name"),
    ({"default_channel": "fax"}, "default_channel"),
    ({"default_channel": "whatsapp"}, "default_channel"),  # WhatsApp is not set up
    ({"send_until_hour": 7}, "send_until_hour"),  # before the stored start (08:00)
    ({"reminder_max": 9}, "reminder_max"),
    ({"address_lines": ["a", "b", "c", "d", "e"]}, "address_lines"),
    ({"name": ""}, "name"),
    ({"logo": "/etc/passwd"}, "logo"),
])
def test_bad_values_answer_422_naming_the_field_and_change_nothing(client, agency, change, field):
    client.patch(URL, json={"head_name": "Budi"}, headers=agency.admin)
    before = agency.stored().settings
    answer = client.patch(URL, json={"report_place": "Sampit", **change}, headers=agency.admin)
    assert answer.status_code == 422
    messages = answer.get_json()["errors"]["json"][field]
    assert messages and all(isinstance(m, str) for m in messages)
    assert agency.stored().settings == before


def test_whatsapp_as_channel_once_it_is_set_up(client, agency):
    answer = client.patch(URL, json={"default_channel": "whatsapp", "whatsapp_phone_number_id": "1099"},
                          headers=agency.admin)
    assert answer.status_code == 200 and answer.get_json()["default_channel"] == "whatsapp"
    cleared = client.patch(URL, json={"whatsapp_phone_number_id": None}, headers=agency.admin)
    assert cleared.status_code == 422 and "default_channel" in cleared.get_json()["errors"]["json"]


def test_rows_stored_before_the_schema_read_as_before_and_keep_other_keys(client, agency):
    legacy = {"quiet_hours": [7, 19], "whatsapp_phone_number_id": "1099", "whatsapp_template_invitation": "lama",
              "city": "Sampit", "rate_limits": {"sms": 2}, "report": {"head_name": "Budi", "legal_basis": ["UU"]}}
    db.session.execute(update(Tenant).where(Tenant.id == agency.tenant_id).values(settings=legacy))
    db.session.commit()
    body = client.get(URL, headers=agency.admin).get_json()
    assert (body["send_from_hour"], body["send_until_hour"]) == (7, 19)
    assert (body["default_channel"], body["whatsapp_template"]) == ("whatsapp", "lama")
    assert (body["head_name"], body["report_place"]) == ("Budi", "Sampit")
    assert client.patch(URL, json={"head_title": "Kepala Dinas"}, headers=agency.admin).status_code == 200
    stored = agency.stored().settings
    assert stored["rate_limits"] == {"sms": 2} and stored["report"]["legal_basis"] == ["UU"]
    assert stored["reminders"]["send_from_hour"] == 7 and "quiet_hours" not in stored


def test_only_tenant_admins_change_settings(client, agency):
    assert client.get(URL, headers=agency.staff).status_code == 403
    assert client.patch(URL, json={"head_name": "X"}, headers=agency.staff).status_code == 403
    assert client.get(URL, headers=agency.central).status_code == 200
    assert client.patch(URL, json={"head_name": "X"}, headers=agency.central).status_code == 403
    assert client.put(f"{URL}/logo", data={"logo": (io.BytesIO(image_bytes()), "logo.png")},
                      headers=agency.central).status_code == 403
    assert agency.stored().settings == {}


def test_other_tenants_admins_get_404_and_change_nothing(client, agency, make_tenant, make_user, bearer):
    other = bearer(make_user("admin@pdam.id", tenant=make_tenant("pdam"), role="admin"))
    assert client.get(URL, headers=other).status_code == 404
    assert client.patch(URL, json={"head_name": "Penyusup"}, headers=other).status_code == 404
    assert client.delete(f"{URL}/logo", headers=other).status_code == 404
    assert agency.stored().settings == {}


def _upload(client, agency, content: bytes, name: str = "logo.png"):
    """PUT a logo as a browser would. The body is encoded here: for a large file the test client's own
    encoder spools to a temporary file that it never closes (an unraisable warning, an error here)."""
    boundary = "skm-logo-boundary"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="logo"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n")
    body = head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return client.put(f"{URL}/logo", data=body, headers=agency.admin,
                      content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize(("content", "reason"), [
    (b"%PDF-1.4 not an image at all", "bukan gambar"),
    (image_bytes(fmt="GIF"), "PNG atau JPEG"),
    (image_bytes(width=40, height=40), "40 × 40"),
    (image_bytes(width=2400, height=300), "2400 × 300"),
    (image_bytes()[:200], "bukan gambar"),  # truncated
])
def test_a_logo_that_is_not_a_fit_image_is_refused_and_nothing_stored(client, agency, storage_dir, content, reason):
    answer = _upload(client, agency, content)
    assert answer.status_code == 422
    assert reason in answer.get_json()["errors"]["json"]["logo"][0]
    assert agency.stored().settings == {} and not list(storage_dir.glob("*/settings/*"))


def test_logo_upload_replace_fetch_and_remove(client, agency, storage_dir):
    first = _upload(client, agency, image_bytes(300, 120), "../../etc/kop.png")
    assert first.status_code == 200, first.get_json()
    assert {k: first.get_json()[k] for k in ("content_type", "width", "height")} == {
        "content_type": "image/png", "width": 300, "height": 120}
    second = _upload(client, agency, image_bytes(150, 150, fmt="JPEG"), "logo.jpg")
    assert second.get_json()["content_type"] == "image/jpeg"
    files = list(storage_dir.glob("*/settings/*"))
    assert [f.suffix for f in files] == [".jpg"] and files[0].parent.parent.name == str(agency.tenant_id)
    with client.get(second.get_json()["url"], headers=agency.admin) as image:  # a file response: close it
        assert image.mimetype == "image/jpeg" and Image.open(io.BytesIO(image.data)).size == (150, 150)
    assert client.delete(f"{URL}/logo", headers=agency.admin).status_code == 204
    assert client.get(f"{URL}/logo", headers=agency.admin).status_code == 404
    assert not list(storage_dir.glob("*/settings/*"))


def test_openapi_documents_the_settings_with_their_codes(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operations = spec["paths"]["/api/v1/tenants/{tenant}/settings"]
    assert {"get", "patch"} <= set(operations)
    assert {"get", "put", "delete"} <= set(spec["paths"]["/api/v1/tenants/{tenant}/settings/logo"])
    fields = spec["components"]["schemas"]["AgencySettingsOut"]["properties"]
    assert fields["default_channel"]["enum"] == ["sms", "whatsapp"]
    assert {"head_nip", "address_lines", "report_place", "send_from_hour", "logo"} <= set(fields)
    upload = spec["paths"]["/api/v1/tenants/{tenant}/settings/logo"]["put"]["requestBody"]["content"]
    assert "multipart/form-data" in upload

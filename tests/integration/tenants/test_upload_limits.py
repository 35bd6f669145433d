"""Upload limits: a file over its size answers a readable 413 naming the limit, a list over its row cap a
clear refusal naming the cap, and in every case nothing is stored.

The limits are lowered for each test (``monkeypatch`` on the app's config) so that small bodies
trip them. Two roads lead to a 413: a body over the cap is refused by Werkzeug while the form is
parsed (before the view), a file just over its limit inside a body that fits by the view.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import threading

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.serving import make_server

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.tenants.invitations.models import Invitation
from skm.tenants.responses.models import Response
from tests.conftest import login

HEADER = "U1,U2,U3,U4,U5,U6,U7,U8,U9\n"
ROW = "4,3,3,4,3,3,4,3,3\n"
KB = 1024


@pytest.fixture
def limits(app, monkeypatch):
    """Each upload limited to 2 KB, 3 rows per file."""
    for key in ("SKM_CONTACT_UPLOAD_BYTES", "SKM_IMPORT_UPLOAD_BYTES", "SKM_LOGO_UPLOAD_BYTES"):
        monkeypatch.setitem(app.config, key, 2 * KB)
    monkeypatch.setitem(app.config, "SKM_CONTACT_ROWS_MAX", 3)
    monkeypatch.setitem(app.config, "SKM_IMPORT_ROWS_MAX", 3)


def _count(agency, model) -> int:
    with agency.scope():
        return db.session.scalar(select(func.count()).select_from(model))


def _post_file(client, url: str, field: str, content: bytes, name: str, **extra):
    return client.post(url, data={field: (io.BytesIO(content), name), **extra}, content_type="multipart/form-data",
                       headers={"Referer": f"http://localhost{url}"})


def _padded_csv(size: int) -> bytes:
    """A valid answer file of about ``size`` bytes (a long header column pads it)."""
    return (HEADER.rstrip() + ",note\n" + ROW.rstrip() + "," + "x" * size + "\n").encode()


@pytest.mark.parametrize("size", [3 * KB, 200 * KB], ids=["file-over-limit", "body-over-cap"])
def test_paper_import_over_its_size_is_a_413_page_naming_the_limit(agency, survey_id, limits, size):
    url = agency.url(f"/surveys/{survey_id}/import")
    answer = _post_file(agency.staff, url, "file", _padded_csv(size), "kertas.csv")
    assert answer.status_code == 413
    page = answer.get_data(as_text=True)
    assert "Berkas terlalu besar: maksimal 2 KB." in page
    assert f'href="http://localhost{url}"' in page  # back to the form
    assert _count(agency, Response) == 0


def test_the_413_page_speaks_english_when_the_ui_does(agency, survey_id, limits):
    agency.staff.get(agency.url("/surveys/?lang=en"))
    answer = _post_file(agency.staff, agency.url(f"/surveys/{survey_id}/import"), "file", _padded_csv(3 * KB),
                        "kertas.csv")
    assert answer.status_code == 413 and "File too large: at most 2 KB." in answer.get_data(as_text=True)


@pytest.mark.parametrize("size", [3 * KB, 200 * KB], ids=["file-over-limit", "body-over-cap"])
def test_paper_import_api_over_its_size_is_json_413_naming_field_and_limit(agency, survey_id, limits, bearer,
                                                                            make_user, size):
    admin = bearer(make_user("admin@dukcapil.id", tenant=agency.tenant, role="admin"))
    answer = agency.staff.post(f"/api/v1/tenants/{agency.slug}/surveys/{survey_id}/responses/import",
                               data={"file": (io.BytesIO(_padded_csv(size)), "kertas.csv")},
                               content_type="multipart/form-data", headers=admin)
    assert answer.status_code == 413
    assert answer.get_json() == {"code": 413, "status": "Request Entity Too Large",
                                 "message": "File too large: at most 2 KB.",
                                 "errors": {"files": {"file": ["File too large: at most 2 KB."]}}}
    assert _count(agency, Response) == 0


def test_a_file_within_the_limits_is_still_imported(agency, survey_id, limits):
    answer = _post_file(agency.staff, agency.url(f"/surveys/{survey_id}/import"), "file",
                        (HEADER + ROW * 3).encode(), "kertas.csv")
    assert answer.status_code == 302 and _count(agency, Response) == 3


def test_paper_import_over_the_row_cap_names_the_cap_and_imports_nothing(agency, survey_id, limits):
    answer = _post_file(agency.staff, agency.url(f"/surveys/{survey_id}/import"), "file",
                        (HEADER + ROW * 4).encode(), "kertas.csv")
    assert answer.status_code == 422
    assert "more than 3 rows of answers; split it into several files" in answer.get_data(as_text=True)
    assert _count(agency, Response) == 0


def _upload_contacts(agency, survey_id, count: int):
    rows = "".join(f"warga{i}@contoh.id\n" for i in range(count)).encode()
    return _post_file(agency.staff, agency.url(f"/surveys/{survey_id}/invitations/"), "contacts",
                      b"email\n" + rows, "kontak.csv", send_now="y")


def test_contact_list_over_its_size_is_a_413_and_invites_nobody(agency, survey_id, limits):
    answer = _upload_contacts(agency, survey_id, 200)
    assert answer.status_code == 413
    assert "Berkas terlalu besar: maksimal 2 KB." in answer.get_data(as_text=True)
    assert _count(agency, Invitation) == 0


def test_contact_list_over_the_row_cap_names_the_cap_and_invites_nobody(agency, survey_id, limits):
    answer = _upload_contacts(agency, survey_id, 4)
    assert answer.status_code == 400
    assert "Paling banyak 3 kontak per unggahan" in answer.get_data(as_text=True)
    assert _count(agency, Invitation) == 0


def test_contact_list_through_the_api_over_the_row_cap_is_refused(agency, survey_id, limits, bearer, make_user):
    staff = bearer(make_user("staf2@dukcapil.id", tenant=agency.tenant, role="staff"))
    answer = agency.staff.post(f"/api/v1/tenants/{agency.slug}/surveys/{survey_id}/invitations",
                               json=[{"email": f"warga{i}@contoh.id"} for i in range(4)], headers=staff)
    assert answer.status_code == 422
    assert answer.get_json()["message"] == "Send a JSON list of at most 3 contacts."
    assert _count(agency, Invitation) == 0


def _png(side: int) -> bytes:
    """A noisy PNG (compresses badly), so that its size in bytes grows with its side."""
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _logo_unchanged(agency) -> bool:
    db.session.expire_all()
    return db.session.get(Tenant, agency.tenant.id).settings == {}


def test_logo_over_its_size_is_refused_on_the_page_and_by_the_api(app, agency, limits, bearer, make_user):
    admin_user = make_user("admin@dukcapil.id", tenant=agency.tenant, role="admin")
    page_client = app.test_client()
    login(page_client, "admin@dukcapil.id")
    image = _png(100)
    assert len(image) > 2 * KB
    page = _post_file(page_client, agency.url("/settings/logo"), "logo", image, "logo.png", upload="y")
    assert page.status_code == 413 and "Berkas terlalu besar: maksimal 2 KB." in page.get_data(as_text=True)
    api = page_client.put(f"/api/v1/tenants/{agency.slug}/settings/logo", headers=bearer(admin_user),
                          data={"logo": (io.BytesIO(image), "logo.png")}, content_type="multipart/form-data")
    assert api.status_code == 413
    assert api.get_json()["errors"] == {"files": {"logo": ["File too large: at most 2 KB."]}}
    assert _logo_unchanged(agency)


# Werkzeug leaves the part it was spooling when it stopped to the garbage collector ("Unclosed file")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_chunked_body_without_a_length_gets_the_same_friendly_413(app, agency, survey_id, limits, bearer,
                                                                    make_user):
    """As a proxy may forward it: no Content-Length, the body in chunks; Werkzeug stops reading at the cap."""
    token = bearer(make_user("admin@dukcapil.id", tenant=agency.tenant, role="admin"))["Authorization"]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    boundary = "skm-chunked"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="kertas.csv"\r\n\r\n'.encode()
            + _padded_csv(200 * KB) + f"\r\n--{boundary}--\r\n".encode())
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("POST", f"/api/v1/tenants/{agency.slug}/surveys/{survey_id}/responses/import",
                           body=(body[i:i + 8 * KB] for i in range(0, len(body), 8 * KB)), encode_chunked=True,
                           headers={"Authorization": token, "Content-Type": f"multipart/form-data; boundary={boundary}",
                                    "Transfer-Encoding": "chunked"})
        answer = connection.getresponse()
        assert answer.status == 413
        assert json.loads(answer.read())["message"] == "File too large: at most 2 KB."
    finally:
        server.shutdown()
    assert _count(agency, Response) == 0

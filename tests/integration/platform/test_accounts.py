"""Staff who come and go: forgotten passwords, roles, deactivation, one's own account, idle sessions."""

from __future__ import annotations

import email
import email.policy
import re
import time

import pytest
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.models import User
from skm.platform.accounts.password_links import make_token
from skm.platform.accounts.services import find_user
from skm.platform.web.sessions import LAST_SEEN
from skm.workers.tasks.accounts import send_password_reset_task
from tests.conftest import OUTBOX, PASSWORD, login

NEW_PASSWORD = "Sandi-Baru-2026"


def _mails() -> list:
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in sorted((OUTBOX / "mail").glob("*.eml"))]


def _reset_path(user_email: str) -> str:
    """Run the queued mail task as the worker would and return the link's path."""
    send_password_reset_task.run(user_id=find_user(user_email).id)
    [message] = _mails()
    assert message["To"] == user_email and "Atur ulang kata sandi" in message["Subject"]
    return re.search(r"http://\S+(/password/\S+)", message.get_content()).group(1)


@pytest.fixture
def agency(make_tenant, make_user):
    tenant = make_tenant("alpha")
    make_user("admin@alpha.id", tenant=tenant, role="admin")
    make_user("staf@alpha.id", tenant=tenant, role="staff")
    return tenant


# ---- forgotten password ---------------------------------------------------------------------

def test_the_login_page_offers_a_forgotten_password_link(client):
    page = client.get("/login")
    assert 'href="/password/forgot"' in page.text and "Lupa kata sandi?" in page.text
    assert "Forgot your password?" in client.get("/login?lang=en").text


def test_the_reset_link_works_once(client, app, agency):
    asked = client.post("/password/forgot", data={"email": "Staf@Alpha.id"})
    assert asked.status_code == 200
    path = _reset_path("staf@alpha.id")
    done = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and client.get("/t/alpha/").status_code == 200  # signed in
    assert app.test_client().get(path).status_code == 410  # used
    assert login(app.test_client(), "staf@alpha.id", PASSWORD).status_code == 400
    assert login(app.test_client(), "staf@alpha.id", NEW_PASSWORD).status_code == 302


def test_the_reset_link_expires(client, agency, monkeypatch):
    user = db.session.scalar(select(User).where(User.email == "staf@alpha.id"))
    with monkeypatch.context() as clock:
        clock.setattr(time, "time", lambda real=time.time(): real - 61 * 60)  # signed 61 minutes ago
        path = f"/password/{make_token(user, 'reset')}"
    assert client.get(path).status_code == 410
    recent = f"/password/{make_token(user, 'reset')}"
    assert client.get(recent).status_code == 200


def test_unknown_addresses_get_the_same_answer_and_no_mail(client, agency):
    known = client.post("/password/forgot", data={"email": "staf@alpha.id"})
    unknown = client.post("/password/forgot", data={"email": "siapa@alpha.id"})
    assert (known.status_code, known.text) == (unknown.status_code, unknown.text)
    api_known = client.post("/api/v1/auth/password-reset", json={"email": "admin@alpha.id"})
    api_unknown = client.post("/api/v1/auth/password-reset", json={"email": "siapa@alpha.id"})
    assert api_known.status_code == api_unknown.status_code == 202
    assert api_known.get_json() == api_unknown.get_json()
    send_password_reset_task.run(user_id=find_user("staf@alpha.id").id)
    assert [m["To"] for m in _mails()] == ["staf@alpha.id"]


def test_reset_requests_are_rate_limited(client, agency):
    codes = [client.post("/password/forgot", data={"email": f"x{i}@alpha.id"}).status_code for i in range(6)]
    assert codes == [200] * 5 + [429]


def test_a_malformed_reset_request_is_a_form_error(client):
    answer = client.post("/password/forgot", data={"email": ""})
    assert answer.status_code == 400 and 'aria-invalid="true"' in answer.text
    api = client.post("/api/v1/auth/password-reset", json={"mail": "x@y.id"})
    assert api.status_code == 422 and "email" in api.get_json()["errors"]["json"]


# ---- deactivation and roles -----------------------------------------------------------------

def _uid(user_email: str) -> int:
    return find_user(user_email).id


def test_a_deactivated_users_token_and_session_stop_on_the_next_request(app, client, agency, bearer):
    admin = bearer(find_user("admin@alpha.id"))
    staff_token = bearer(find_user("staf@alpha.id"))
    staff_browser = app.test_client()
    login(staff_browser, "staf@alpha.id")
    assert client.get("/api/v1/tenants/alpha/surveys", headers=staff_token).status_code == 200
    assert staff_browser.get("/t/alpha/").status_code == 200
    answer = client.patch(f"/api/v1/tenants/alpha/users/{_uid('staf@alpha.id')}", json={"active": False},
                          headers=admin)
    assert answer.status_code == 200 and answer.get_json()["active"] is False
    assert client.get("/api/v1/tenants/alpha/surveys", headers=staff_token).status_code == 401
    assert staff_browser.get("/t/alpha/").status_code == 302  # back to the login page
    assert login(app.test_client(), "staf@alpha.id").status_code == 400
    client.patch(f"/api/v1/tenants/alpha/users/{_uid('staf@alpha.id')}", json={"active": True}, headers=admin)
    assert client.get("/api/v1/tenants/alpha/surveys", headers=staff_token).status_code == 401  # tokens revoked
    assert login(app.test_client(), "staf@alpha.id").status_code == 302


def test_the_last_admin_cannot_demote_or_deactivate_themselves(client, agency, bearer, make_user):
    admin = bearer(find_user("admin@alpha.id"))
    me = f"/api/v1/tenants/alpha/users/{_uid('admin@alpha.id')}"
    for change, field in (({"role": "staff"}, "role"), ({"active": False}, "active")):
        refused = client.patch(me, json=change, headers=admin)
        assert refused.status_code == 409 and field in refused.get_json()["errors"]["json"], change
    assert client.get(me, headers=admin).get_json() | {"id": 0} == {
        "id": 0, "email": "admin@alpha.id", "name": "admin", "role": "admin", "active": True, "has_password": True}
    make_user("wakil@alpha.id", tenant=agency, role="admin")
    assert client.patch(me, json={"role": "staff"}, headers=admin).get_json()["role"] == "staff"


def test_the_last_admin_guard_on_the_users_page(client, agency):
    login(client, "admin@alpha.id")
    refused = client.post(f"/t/alpha/users/{_uid('admin@alpha.id')}", data={"role": "viewer"})
    assert refused.status_code == 409
    assert "Instansi harus tetap punya setidaknya satu admin aktif." in refused.text
    changed = client.post(f"/t/alpha/users/{_uid('staf@alpha.id')}", data={"role": "viewer"})
    assert changed.status_code == 302
    page = client.get("/t/alpha/users/")
    assert "Nonaktifkan" in page.text
    assert client.post(f"/t/alpha/users/{_uid('staf@alpha.id')}", data={"active": "0"}).status_code == 302
    assert "Nonaktif" in client.get("/t/alpha/users/").text
    bad = client.post(f"/t/alpha/users/{_uid('staf@alpha.id')}", data={"role": "raja"})
    assert bad.status_code == 400


def test_bad_member_changes_are_422_and_change_nothing(client, agency, bearer):
    admin = bearer(find_user("admin@alpha.id"))
    path = f"/api/v1/tenants/alpha/users/{_uid('staf@alpha.id')}"
    assert client.patch(path, json={"role": "raja"}, headers=admin).status_code == 422
    assert client.patch(path, json={"active": "mungkin"}, headers=admin).status_code == 422
    assert client.get(path, headers=admin).get_json()["role"] == "staff"
    staff = bearer(find_user("staf@alpha.id"))
    assert client.patch(path, json={"role": "admin"}, headers=staff).status_code == 403


def test_only_a_platform_admin_deactivates_someone_who_works_for_two_agencies(
        client, agency, make_tenant, make_user, bearer):
    beta = make_tenant("beta")
    shared = make_user("bersama@kotim.id", tenant=agency, role="staff")
    from skm.platform.accounts.services import add_member
    from skm.platform.data.tenancy import tenant_scope

    with tenant_scope(beta.id):
        add_member(beta, shared, "viewer")
    db.session.commit()
    path = f"/api/v1/tenants/alpha/users/{shared.id}"
    refused = client.patch(path, json={"active": False}, headers=bearer(find_user("admin@alpha.id")))
    assert refused.status_code == 409 and "active" in refused.get_json()["errors"]["json"]
    platform = bearer(make_user("pusat@kotim.id", platform_admin=True))
    assert client.patch(f"/api/v1/users/{shared.id}", json={"active": False}, headers=platform).status_code == 200


# ---- one's own account ----------------------------------------------------------------------

def test_changing_ones_password_needs_the_current_one(client, agency, bearer):
    staff = bearer(find_user("staf@alpha.id"))
    wrong = client.post("/api/v1/users/me/password", headers=staff,
                        json={"current_password": "Tebakan-123", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 422 and "current_password" in wrong.get_json()["errors"]["json"]
    weak = client.post("/api/v1/users/me/password", headers=staff,
                       json={"current_password": PASSWORD, "new_password": "pendek"})
    assert weak.status_code == 422 and "new_password" in weak.get_json()["errors"]["json"]
    assert login(client, "staf@alpha.id").status_code == 302  # unchanged so far
    page = client.post("/account/password", data={"current_password": "Tebakan-123", "new_password": NEW_PASSWORD,
                                                  "confirm": NEW_PASSWORD})
    assert page.status_code == 400 and "Kata sandi saat ini salah." in page.text
    done = client.post("/account/password", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                                  "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert login(client.application.test_client(), "staf@alpha.id", NEW_PASSWORD).status_code == 302


def test_one_sees_and_revokes_ones_own_tokens(client, agency, bearer):
    first, second = bearer(find_user("staf@alpha.id")), bearer(find_user("staf@alpha.id"))
    listed = client.get("/api/v1/users/me/tokens", headers=first).get_json()
    assert len(listed) == 2 and "token" not in listed[0] and "token_hash" not in listed[0]
    revoked = client.delete(f"/api/v1/users/me/tokens/{listed[0]['id']}", headers=first)
    assert revoked.status_code == 204
    assert client.get("/api/v1/users/me", headers=second).status_code == 401  # the newest one: gone
    assert client.get("/api/v1/users/me", headers=first).get_json()["email"] == "staf@alpha.id"
    login(client, "staf@alpha.id")
    page = client.get("/account/")
    assert page.status_code == 200 and "Token API" in page.text and "Cabut" in page.text
    assert client.post(f"/account/tokens/{listed[1]['id']}/revoke").status_code == 302
    assert client.get("/api/v1/users/me", headers=first).status_code == 401


def test_someone_elses_account_is_404_but_a_platform_admin_may_act_on_it(client, agency, bearer, make_user):
    staff_id, admin = _uid("staf@alpha.id"), bearer(find_user("admin@alpha.id"))
    bearer(find_user("staf@alpha.id"))
    assert client.get(f"/api/v1/users/{staff_id}/tokens", headers=admin).status_code == 404
    platform = bearer(make_user("pusat@kotim.id", platform_admin=True))
    [token] = client.get(f"/api/v1/users/{staff_id}/tokens", headers=platform).get_json()
    assert client.delete(f"/api/v1/users/{staff_id}/tokens/{token['id']}", headers=platform).status_code == 204
    assert client.post(f"/api/v1/users/{staff_id}/password", headers=platform,
                       json={"current_password": "x", "new_password": NEW_PASSWORD}).status_code == 403
    login(client, "pusat@kotim.id")
    assert "staf@alpha.id" in client.get("/admin/users/?q=staf").text
    assert client.post(f"/admin/users/{staff_id}/reset-link").status_code == 302
    assert _reset_path("staf@alpha.id").startswith("/password/")
    assert client.post(f"/admin/users/{staff_id}/deactivate").status_code == 302
    assert "Nonaktif" in client.get(f"/admin/users/{staff_id}").text
    assert login(client.application.test_client(), "staf@alpha.id").status_code == 400


# ---- idle sessions --------------------------------------------------------------------------

def test_an_idle_session_ends(client, agency):
    login(client, "staf@alpha.id")
    assert client.get("/t/alpha/").status_code == 200
    with client.session_transaction() as session:
        session[LAST_SEEN] = int(time.time()) - 59 * 60  # 59 of the 60 minutes
    assert client.get("/t/alpha/").status_code == 200
    with client.session_transaction() as session:
        assert session[LAST_SEEN] > time.time() - 60  # the use was noted
        session[LAST_SEEN] = int(time.time()) - 61 * 60
    answer = client.get("/t/alpha/")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    assert client.get("/account/").status_code == 302  # signed out, not just refused once


def test_the_idle_time_is_configurable(make_app, agency):
    patient = make_app(SKM_SESSION_IDLE_MINUTES=240).test_client()
    login(patient, "staf@alpha.id")
    with patient.session_transaction() as session:
        session[LAST_SEEN] = int(time.time()) - 61 * 60
    assert patient.get("/t/alpha/").status_code == 200


def test_the_api_documents_the_new_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/audit", "/api/v1/tenants/{tenant}/audit", "/api/v1/tenants/{tenant}/users/{user_id}",
                 "/api/v1/users/{user_ref}/tokens", "/api/v1/users/{user_ref}/password",
                 "/api/v1/auth/password-reset"):
        assert path in paths, path

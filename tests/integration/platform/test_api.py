"""The API: tokens, tenants and users, and its error shape."""

from datetime import timedelta

from sqlalchemy import func, select

from skm.extensions import db
from skm.platform.accounts.models import ApiToken, User
from skm.platform.agencies.models import Tenant
from skm.platform.data.db_types import utcnow
from tests.conftest import PASSWORD


def _token(client, email, password=PASSWORD):
    response = client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def test_token_flow_and_tenant_creation(client, make_user):
    make_user("pusat@kotimkab.go.id", platform_admin=True)
    headers = _token(client, "pusat@kotimkab.go.id")
    created = client.post("/api/v1/tenants", json={"slug": "pdam", "name": "PDAM Tirta Mentaya"}, headers=headers)
    assert created.status_code == 201
    assert created.get_json()["slug"] == "pdam"
    listed = client.get("/api/v1/tenants", headers=headers)
    assert [t["slug"] for t in listed.get_json()] == ["pdam"]
    assert "X-Pagination" in listed.headers


def test_token_is_stored_hashed(client, make_user):
    make_user("a@kotim.id")
    headers = _token(client, "a@kotim.id")
    plain = headers["Authorization"].split()[1]
    stored = db.session.scalar(select(ApiToken.token_hash))
    assert plain not in stored and len(stored) == 64


def test_wrong_password_gets_401_json(client, make_user):
    make_user("a@kotim.id")
    response = client.post("/api/v1/auth/token", json={"email": "a@kotim.id", "password": "nope"})
    assert response.status_code == 401
    assert response.get_json()["code"] == 401


def test_token_endpoint_is_throttled(client, make_user):
    make_user("a@kotim.id")
    codes = [client.post("/api/v1/auth/token", json={"email": "a@kotim.id", "password": "x"}).status_code
             for _ in range(11)]
    assert codes[-1] == 429
    assert client.post("/api/v1/auth/token", json={"email": "a@kotim.id", "password": "x"}).is_json


def test_revoked_token_stops_working(client, make_user):
    make_user("pusat@kotimkab.go.id", platform_admin=True)
    headers = _token(client, "pusat@kotimkab.go.id")
    assert client.get("/api/v1/tenants", headers=headers).status_code == 200
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    assert client.get("/api/v1/tenants", headers=headers).status_code == 401


def test_expired_token_stops_working(client, make_user):
    make_user("pusat@kotimkab.go.id", platform_admin=True)
    headers = _token(client, "pusat@kotimkab.go.id")
    for row in db.session.scalars(select(ApiToken)):
        row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get("/api/v1/tenants", headers=headers)
    assert response.status_code == 401 and response.get_json()["status"] == "Unauthorized"


def test_disabled_user_token_stops_working(client, make_user):
    user = make_user("pusat@kotimkab.go.id", platform_admin=True)
    headers = _token(client, "pusat@kotimkab.go.id")
    db.session.get(User, user.id).is_enabled = False
    db.session.commit()
    assert client.get("/api/v1/tenants", headers=headers).status_code == 401


def test_session_cookie_does_not_authenticate_the_api(client, make_user):
    make_user("pusat@kotimkab.go.id", platform_admin=True)
    client.post("/login", data={"email": "pusat@kotimkab.go.id", "password": PASSWORD})
    assert client.get("/api/v1/tenants").status_code == 401


def test_bearer_token_not_session_cookie_names_the_api_user(client, make_user, bearer):
    """A staff cookie sent along neither authenticates the API nor comes back rewritten."""
    headers = bearer(make_user("staf@kotimkab.go.id"))
    make_user("pusat@kotimkab.go.id", platform_admin=True)
    client.post("/login", data={"email": "pusat@kotimkab.go.id", "password": PASSWORD})
    answer = client.get("/api/v1/tenants", headers={**headers, "User-Agent": "another browser"})
    assert answer.status_code == 403  # the token's user, not the session's platform admin
    assert "Set-Cookie" not in answer.headers


def test_bad_input_names_the_field_and_stores_nothing(client, make_user, bearer):
    headers = bearer(make_user("pusat@kotimkab.go.id", platform_admin=True))
    cases = [
        ({"slug": "../x", "name": "X"}, "slug", 422),
        ({"slug": "x" * 300, "name": "X"}, "slug", 422),
        ({"slug": "ok", "name": "X", "colour": "red"}, "colour", 422),
        ({"slug": "ok"}, "name", 422),
        ({"slug": "admin", "name": "X"}, "slug", 422),
    ]
    for body, field, status in cases:
        response = client.post("/api/v1/tenants", json=body, headers=headers)
        assert response.status_code == status, body
        assert field in response.get_json()["errors"]["json"], response.get_json()
    assert db.session.scalar(select(func.count()).select_from(Tenant)) == 0


def test_a_service_refusal_names_the_field_with_a_readable_message(client, make_user, bearer):
    headers = bearer(make_user("pusat@kotimkab.go.id", platform_admin=True))
    body = {"slug": "admin", "name": "X"}
    response = client.post("/api/v1/tenants", json=body, headers=headers)
    assert response.status_code == 422
    answer = response.get_json()
    assert answer["errors"]["json"] == {"slug": ["Kode ini dicadangkan; pilih kode lain."]}
    assert answer["message"] == "Kode ini dicadangkan; pilih kode lain."
    english = client.post("/api/v1/tenants?lang=en", json=body, headers=headers).get_json()
    assert english["errors"]["json"] == {"slug": ["This code is reserved; choose another."]}


def test_duplicate_slug_is_409(client, make_user, bearer, make_tenant):
    make_tenant("pdam")
    headers = bearer(make_user("pusat@kotimkab.go.id", platform_admin=True))
    response = client.post("/api/v1/tenants", json={"slug": "pdam", "name": "X"}, headers=headers)
    assert response.status_code == 409
    assert "slug" in response.get_json()["errors"]["json"]


def test_malformed_json_is_400_json(client, make_user, bearer):
    headers = bearer(make_user("pusat@kotimkab.go.id", platform_admin=True))
    response = client.post("/api/v1/tenants", data="{not json", headers=headers, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["code"] == 400


def test_unknown_api_url_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.get_json()["code"] == 404


def test_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/tenants" in spec["paths"]
    assert "/api/v1/tenants/{tenant}/users" in spec["paths"]


def test_only_platform_admins_create_tenants(client, make_tenant, make_user, bearer):
    headers = bearer(make_user("admin@pdam.id", tenant=make_tenant("pdam"), role="admin"))
    response = client.post("/api/v1/tenants", json={"slug": "baru", "name": "Baru"}, headers=headers)
    assert response.status_code == 403
    assert client.get("/api/v1/tenants", headers=headers).status_code == 403


def test_suspend_and_reactivate(client, make_tenant, make_user, bearer):
    tenant = make_tenant("pdam")
    staff = bearer(make_user("staf@pdam.id", tenant=tenant))
    admin = bearer(make_user("pusat@kotimkab.go.id", platform_admin=True))
    assert client.post("/api/v1/tenants/pdam/suspend", headers=admin).get_json()["status"] == "suspended"
    assert client.get("/api/v1/tenants/pdam/users", headers=staff).status_code == 403
    assert client.patch("/api/v1/tenants/pdam", json={"status": "active"}, headers=admin).status_code == 200
    assert client.get("/api/v1/tenants/pdam/users", headers=staff).status_code == 200


def test_users_roles(client, make_tenant, make_user, bearer):
    tenant = make_tenant("rsud")
    admin = bearer(make_user("admin@rsud.id", tenant=tenant, role="admin"))
    staff = bearer(make_user("staf@rsud.id", tenant=tenant, role="staff"))
    viewer = bearer(make_user("lihat@rsud.id", tenant=tenant, role="viewer"))
    body = {"email": "baru@rsud.id", "name": "Baru", "role": "viewer"}
    assert client.post("/api/v1/tenants/rsud/users", json=body, headers=staff).status_code == 403
    assert client.post("/api/v1/tenants/rsud/users", json=body, headers=viewer).status_code == 403
    created = client.post("/api/v1/tenants/rsud/users", json=body, headers=admin)
    assert created.status_code == 201
    assert created.get_json() == {"id": created.get_json()["id"], "email": "baru@rsud.id", "name": "Baru",
                                  "role": "viewer", "active": True, "has_password": False}
    assert len(client.get("/api/v1/tenants/rsud/users", headers=viewer).get_json()) == 4


def test_user_bad_input(client, make_tenant, make_user, bearer):
    admin = bearer(make_user("admin@rsud.id", tenant=make_tenant("rsud"), role="admin"))
    cases = [
        ({"email": "not-an-email", "name": "X", "role": "staff"}, "email", 422),
        ({"email": "x@rsud.id", "name": "X", "role": "boss"}, "role", 422),
        ({"email": "x@rsud.id", "name": "X", "role": "staff", "password": "short"}, "password", 422),
        ({"email": "admin@rsud.id", "name": "X", "role": "staff", "password": "Another-pass-1"}, "password", 422),
    ]
    for body, field, status in cases:
        response = client.post("/api/v1/tenants/rsud/users", json=body, headers=admin)
        assert response.status_code == status, (body, response.get_json())
        assert field in response.get_json()["errors"]["json"]
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_bad_user_email_is_explained_in_one_language(client, make_tenant, make_user, bearer):
    admin = bearer(make_user("admin@rsud.id", tenant=make_tenant("rsud"), role="admin"))
    body = {"email": "not-an-email", "name": "X", "role": "staff"}
    response = client.post("/api/v1/tenants/rsud/users", json=body, headers=admin)
    assert response.get_json()["errors"]["json"]["email"] == ["Email tidak valid: tidak ada tanda @"]

"""Logging in and out, CSRF, throttling, security headers and language."""

from tests.conftest import PASSWORD, login


def test_login_page_is_indonesian_by_default(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "Masuk ke SKM" in response.text
    assert 'lang="id"' in response.text


def test_login_page_in_english(client):
    response = client.get("/login?lang=en")
    assert "Sign in to SKM" in response.text
    assert client.get("/login").text.count("Sign in to SKM") == 1  # the choice sticks


def test_member_logs_in_and_lands_on_their_tenant(client, make_tenant, make_user):
    tenant = make_tenant("dpmptsp")
    make_user("staf@dpmptsp.go.id", tenant=tenant)
    response = login(client, "staf@dpmptsp.go.id")
    assert response.status_code == 302
    home = client.get(response.headers["Location"], follow_redirects=True)
    assert tenant.name in home.text


def test_wrong_password_is_refused_with_a_message(client, make_user):
    make_user("a@kotim.go.id")
    response = login(client, "a@kotim.go.id", "wrong-password-1")
    assert response.status_code == 400
    assert "Email atau kata sandi salah" in response.text
    assert client.get("/").status_code == 302  # still anonymous


def test_logout(client, make_user):
    make_user("a@kotim.go.id")
    login(client, "a@kotim.go.id")
    assert client.get("/", follow_redirects=False).status_code == 200
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_open_redirect_after_login_is_refused(client, make_user):
    make_user("a@kotim.go.id")
    response = client.post("/login?next=//evil.example/x", data={"email": "a@kotim.go.id", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_login_is_throttled(client, make_user):
    make_user("a@kotim.go.id")
    statuses = [login(client, "a@kotim.go.id", "wrong-password-1").status_code for _ in range(12)]
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]
    assert login(client, "a@kotim.go.id").status_code == 429  # even the right password waits


def test_csrf_is_enforced_on_forms(make_app):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    response = csrf_app.test_client().post("/login", data={"email": "a@b.id", "password": "x"})
    assert response.status_code == 400
    assert "Formulir sudah kedaluwarsa" in response.text


def test_security_headers(client, make_user):
    make_user("a@kotim.go.id")
    headers = login(client, "a@kotim.go.id").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_secure_cookies_behind_https(make_app):
    https_app = make_app(WTF_CSRF_ENABLED=True, SESSION_COOKIE_SECURE=True)
    cookie = https_app.test_client().get("/login").headers["Set-Cookie"]
    assert "Secure" in cookie


def test_a_rotated_secret_key_ends_old_sessions_unless_kept_as_a_fallback(make_app):
    app = make_app()
    client = app.test_client()
    client.get("/login?lang=en")  # the language choice lives in the signed session cookie
    assert "Sign in to SKM" in client.get("/login").text
    app.config["SECRET_KEY"] = "rotated-secret"
    assert "Masuk ke SKM" in client.get("/login").text  # the old signature no longer counts
    client.get("/login?lang=en")
    app.config.update(SECRET_KEY="newer-secret", SECRET_KEY_FALLBACKS=["rotated-secret"])
    assert "Sign in to SKM" in client.get("/login").text  # a fallback key still reads its sessions

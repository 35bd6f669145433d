"""The resident form's CSRF token and nonce, derived from one visit cookie (no Flask session)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.respond import visit_key
from skm.tenants.responses.models import Response
from tests.respond_support import ANSWERS, invite, open_survey


@pytest.fixture
def agency(make_tenant):
    tenant = make_tenant("pdam", "PDAM Tirta Mentaya")
    return tenant, open_survey(tenant)


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def _url(tenant, survey, suffix: str = "") -> str:
    return f"/s/{tenant.slug}/{survey.public_code}{suffix}"


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def _stored(tenant) -> list[Response]:
    db.session.expire_all()
    with tenant_scope(tenant.id):
        return db.session.scalars(select(Response)).all()


def _answer(client, url: str, **changes):
    """GET the form, then POST it with its own token and nonce (``changes`` override fields)."""
    html = client.get(url).get_data(as_text=True)
    data = {**ANSWERS, "csrf_token": _hidden(html, "csrf_token"), "nonce": _hidden(html, "nonce"), **changes}
    return client.post(url, data=data)


def test_a_post_without_a_valid_token_gets_its_answers_back_and_stores_nothing(csrf_app, agency):
    tenant, survey = agency
    client = csrf_app.test_client()
    page = client.post(_url(tenant, survey), data={**ANSWERS, "comment": "Antrean panjang", "nonce": "n" * 22})
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "Jawaban belum terkirim" in html
    assert 'name="U1" id="U1-2" value="2" checked' in html and "Antrean panjang" in html
    assert _stored(tenant) == []
    assert _hidden(html, "nonce") != "n" * 22  # this visit's own nonce, not one a forged post chose

    data = {**ANSWERS, "comment": "Antrean panjang", "csrf_token": _hidden(html, "csrf_token"),
            "nonce": _hidden(html, "nonce")}
    thanks = client.post(_url(tenant, survey), data=data)
    assert thanks.status_code == 200 and "Terima kasih" in thanks.get_data(as_text=True)
    assert [response.comment for response in _stored(tenant)] == ["Antrean panjang"]


def test_a_token_works_only_with_the_cookie_it_was_made_for(csrf_app, agency):
    tenant, survey = agency
    attacker, resident = csrf_app.test_client(), csrf_app.test_client()
    forged = _hidden(attacker.get(_url(tenant, survey)).get_data(as_text=True), "csrf_token")
    resident.get(_url(tenant, survey))  # the resident has a visit cookie of their own
    for token in (forged, "", "x" * 22, "é" * 22):
        refused = resident.post(_url(tenant, survey), data={**ANSWERS, "csrf_token": token, "nonce": "n" * 22})
        assert refused.status_code == 400, token
    assert _stored(tenant) == []


def test_tokens_made_under_a_retired_secret_key_still_count_while_it_is_a_fallback(make_app, agency):
    tenant, survey = agency
    for fallbacks, status in (["old-secret"], 200), ([], 400):
        key = f"{status}".ljust(22, "k")  # a visit of its own: its nonce is not stored yet
        with make_app(SECRET_KEY="old-secret").test_request_context():
            old_token = visit_key.csrf_token(key)
        client = make_app(WTF_CSRF_ENABLED=True, SECRET_KEY="new-secret", SECRET_KEY_FALLBACKS=fallbacks).test_client()
        client.set_cookie("skm-visit", key)
        posted = client.post(_url(tenant, survey), data={**ANSWERS, "csrf_token": old_token,
                                                         "nonce": visit_key.nonce(key, survey.id)})
        assert posted.status_code == status
    assert len(_stored(tenant)) == 1


def test_one_visit_keeps_its_nonce_so_a_resubmit_stores_once(csrf_app, agency):
    tenant, survey = agency
    client = csrf_app.test_client()
    nonces = {_hidden(client.get(_url(tenant, survey, query)).get_data(as_text=True), "nonce")
              for query in ("", "?lang=en", "")}
    assert len(nonces) == 1
    for _ in range(2):  # back, then submit the same answers again
        assert _answer(client, _url(tenant, survey)).status_code == 200
    assert len(_stored(tenant)) == 1
    other = csrf_app.test_client()
    assert _hidden(other.get(_url(tenant, survey)).get_data(as_text=True), "nonce") not in nonces


def test_the_kiosk_gives_the_next_resident_a_new_visit(csrf_app, agency):
    tenant, survey = agency
    tablet, url = csrf_app.test_client(), _url(tenant, survey, "/kiosk")
    html = tablet.get(url).get_data(as_text=True)
    posted = {**ANSWERS, "comment": "Petugas ramah", "csrf_token": _hidden(html, "csrf_token"),
              "nonce": _hidden(html, "nonce")}
    thanks = tablet.post(url, data=posted)
    assert thanks.status_code == 200 and "skm-visit=" in thanks.headers["Set-Cookie"]
    resent = tablet.post(url, data=posted)  # a reload of the thank-you page resends the old token
    assert resent.status_code == 200 and "Terima kasih" in resent.get_data(as_text=True)
    assert "Petugas ramah" not in resent.get_data(as_text=True)
    assert len(_stored(tenant)) == 1
    assert _hidden(tablet.get(url).get_data(as_text=True), "nonce") != posted["nonce"]
    assert _answer(tablet, _url(tenant, survey, "/kiosk")).status_code == 200
    assert len(_stored(tenant)) == 2


def test_resident_pages_set_one_visit_cookie_and_no_session(make_app, agency):
    tenant, survey = agency
    client = make_app().test_client()
    page = client.get(_url(tenant, survey, "?lang=en"))
    [cookie] = page.headers.getlist("Set-Cookie")
    assert cookie.startswith("skm-visit=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert f"Max-Age={visit_key.LIFETIME_SECONDS}" in cookie and "Path=/" in cookie
    assert '<html lang="en">' in page.get_data(as_text=True)
    assert "Set-Cookie" not in client.get(_url(tenant, survey)).headers  # the visit goes on; nothing to renew
    assert '<html lang="id">' in client.get(_url(tenant, survey)).get_data(as_text=True)  # language by URL alone

    secure = make_app(SESSION_COOKIE_SECURE=True).test_client()
    [cookie] = secure.get(_url(tenant, survey), base_url="https://localhost").headers.getlist("Set-Cookie")
    assert cookie.startswith("__Host-skm-visit=") and "Secure" in cookie and "Domain" not in cookie


def test_two_invitations_answered_on_one_phone_store_two_answers(csrf_app, agency):
    tenant, survey = agency
    phone = csrf_app.test_client()
    for email in ("ibu@mail.id", "bapak@mail.id"):
        assert _answer(phone, f"/r/{invite(tenant, survey, email=email)}").status_code == 200
    assert len(_stored(tenant)) == 2

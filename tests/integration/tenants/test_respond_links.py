"""Resident links over HTTP: invitation, open link, kiosk; validation, double submits, isolation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.invitations.models import Invitation
from skm.tenants.invitations.services import create_invitation
from skm.tenants.respond import page_cache
from skm.tenants.responses import answer_engine
from skm.tenants.responses.models import Response
from skm.tenants.surveys.models import Survey
from tests.respond_support import form, invite, open_survey


@pytest.fixture
def agency(make_tenant):
    tenant = make_tenant("dpmptsp", "DPMPTSP Kabupaten Kotawaringin Timur")
    return tenant, open_survey(tenant, service_types=("Izin Usaha", "PBG"))


def _responses(tenant) -> list[Response]:
    db.session.expire_all()
    with tenant_scope(tenant.id):
        return db.session.scalars(select(Response)).all()


def _open_url(tenant, survey, suffix: str = "") -> str:
    return f"/s/{tenant.slug}/{survey.public_code}{suffix}"


def test_invitation_link_shows_the_form_then_stores_one_anonymous_response(client, agency):
    tenant, survey = agency
    token = invite(tenant, survey)
    page = client.get(f"/r/{token}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "DPMPTSP Kabupaten Kotawaringin Timur" in html and "UU 27/2022" in html
    for code in ("U1", "U9"):
        assert f'name="{code}" id="{code}-4" value="4"' in html
    assert 'name="comment"' in html and 'name="csrf_token"' in html

    thanks = client.post(f"/r/{token}", data=form(comment="Pelayanan cepat"))
    assert thanks.status_code == 200 and "Terima kasih" in thanks.get_data(as_text=True)
    [response] = _responses(tenant)
    assert (response.channel, response.submitted_at, response.comment) == ("invitation", None, "Pelayanan cepat")
    assert not {"invitation_id", "email", "phone"} & set(Response.__table__.columns.keys())
    with tenant_scope(tenant.id):
        invitation = db.session.scalar(select(Invitation))
        assert invitation.status == "completed" and invitation.completed_at is not None

    again = client.get(f"/r/{token}")
    assert again.status_code == 410 and "sudah diisi" in again.get_data(as_text=True)
    resubmit = client.post(f"/r/{token}", data=form(nonce="m" * 22))
    assert resubmit.status_code == 410
    assert len(_responses(tenant)) == 1


def test_expired_unknown_and_malformed_invitation_links(client, agency):
    tenant, survey = agency
    token = invite(tenant, survey)
    assert client.get("/r/" + "A" * 43).status_code == 404
    for malformed in ("abc", "x" * 300, "%00", "..%2F..%2Fetc", "a b", "Ω" * 43):
        page = client.get(f"/r/{malformed}")
        assert page.status_code == 404, malformed
        assert "tidak ditemukan" in page.get_data(as_text=True)
    with tenant_scope(tenant.id):
        db.session.get(Survey, survey.id).ends_on = survey.starts_on
        db.session.commit()
    expired = client.get(f"/r/{token}")
    assert expired.status_code == 410 and "tidak berlaku" in expired.get_data(as_text=True)
    assert client.post(f"/r/{token}", data=form()).status_code == 410
    assert _responses(tenant) == []


def test_closed_and_draft_surveys_answer_friendly_pages(client, agency, make_tenant):
    tenant, survey = agency
    with tenant_scope(tenant.id):
        db.session.get(Survey, survey.id).move_to("closed")
        db.session.commit()
    closed = client.get(_open_url(tenant, survey))
    assert closed.status_code == 410 and "ditutup" in closed.get_data(as_text=True)
    draft = open_survey(tenant, status="draft")
    assert client.get(_open_url(tenant, draft)).status_code == 404


def test_open_link_stores_a_timed_response(client, agency):
    tenant, survey = agency
    assert client.get(_open_url(tenant, survey)).status_code == 200
    thanks = client.post(_open_url(tenant, survey), data=form(gender="P", age="34", education="S1"))
    assert thanks.status_code == 200
    [response] = _responses(tenant)
    assert response.channel == "open_link" and response.submitted_at is not None
    assert (response.gender, response.age, response.education, response.answered_count) == ("P", 34, "S1", 9)


def test_counter_qr_link_fixes_the_service_type(client, agency):
    tenant, survey = agency
    service = survey.service_types[1]
    page = client.get(_open_url(tenant, survey, f"?st={service.id}")).get_data(as_text=True)
    assert 'name="service_type"' not in page
    assert client.post(_open_url(tenant, survey, f"?st={service.id}"), data=form()).status_code == 200
    assert _responses(tenant)[0].service_type_id == service.id


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"U1": "5", "U2": "abc"}, "U1", "Jawaban ini tidak tersedia"),
    ({"U3": None}, "U3", "Mohon pilih salah satu jawaban"),
    ({"U4": "na"}, "U4", "Jawaban ini tidak tersedia"),
    ({"comment": "x" * 5001}, "comment", "Saran terlalu panjang (5001 karakter)"),
    ({"age": "7"}, "age", "Umur harus berupa angka"),
])
def test_invalid_answers_show_the_form_again_with_every_answer_kept(client, agency, changes, field, message):
    tenant, survey = agency
    page = client.post(_open_url(tenant, survey), data=form(gender="L", **changes))
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert f'<p class="error" id="{field}-error">{message}' in html
    assert 'id="U9-2" value="2" checked' in html and 'id="gender-L" value="L" checked' in html
    assert 'value="nnnnnnnnnnnnnnnnnnnnnn"' in html  # the same nonce: fixing and resubmitting stores one
    assert _responses(tenant) == []


def test_markup_in_a_comment_is_stored_as_text_and_shown_escaped(client, agency):
    tenant, survey = agency
    markup = '<script>alert("x")</script><b>bagus</b>'
    page = client.post(_open_url(tenant, survey), data=form(U1=None, comment=markup))
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "<script>alert" not in html and "&lt;script&gt;alert(" in html
    client.post(_open_url(tenant, survey), data=form(comment=markup))
    assert _responses(tenant)[0].comment == markup


def test_a_double_submit_stores_one_response(client, agency):
    tenant, survey = agency
    first = client.post(_open_url(tenant, survey), data=form(nonce="a" * 22))
    second = client.post(_open_url(tenant, survey), data=form(nonce="a" * 22))
    assert first.status_code == second.status_code == 200
    assert len(_responses(tenant)) == 1
    client.post(_open_url(tenant, survey), data=form(nonce="b" * 22))
    assert len(_responses(tenant)) == 2


def test_another_tenants_code_and_a_suspended_tenant_answer_404(client, agency, make_tenant):
    tenant, survey = agency
    other = make_tenant("pdam", "PDAM Tirta Mentaya")
    assert client.get(f"/s/{other.slug}/{survey.public_code}").status_code == 404
    assert client.post(f"/s/{other.slug}/{survey.public_code}", data=form()).status_code == 404
    assert client.get(f"/s/nope/{survey.public_code}").status_code == 404
    token = invite(tenant, survey)
    tenant.suspend()
    db.session.commit()
    assert client.get(_open_url(tenant, survey)).status_code == 404
    assert client.get(f"/r/{token}").status_code == 404
    assert _responses(tenant) == []


def test_english_texts_with_lang_en(client, agency):
    tenant, survey = agency
    html = client.get(_open_url(tenant, survey, "?lang=en")).get_data(as_text=True)
    assert '<html lang="en">' in html and "How well do the service requirements match" in html
    assert "Very appropriate" in html
    indonesian = client.get(_open_url(tenant, survey, "?lang=id")).get_data(as_text=True)
    assert "kesesuaian persyaratan pelayanan" in indonesian and "Sangat sesuai" in indonesian


def test_kiosk_forgets_each_resident(client, agency):
    tenant, survey = agency
    page = client.get(_open_url(tenant, survey, "/kiosk"))
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert 'class="kiosk"' in page.get_data(as_text=True)
    assert client.get(_open_url(tenant, survey, "?mode=kiosk")).headers["Cache-Control"] == "no-store"
    thanks = client.post(_open_url(tenant, survey, "/kiosk?lang=en"), data=form())
    assert thanks.status_code == 200 and thanks.headers["Cache-Control"] == "no-store"
    assert thanks.headers["Refresh"] == f"8; url=/s/{tenant.slug}/{survey.public_code}/kiosk?lang=id"
    assert _responses(tenant)[0].channel == "kiosk"


def test_open_links_are_rate_limited_with_the_form_back_and_its_answers(make_app, agency):
    tenant, survey = agency
    client = make_app(SKM_OPEN_LINK_RATE_LIMIT="2 per minute").test_client()
    for index in range(2):
        assert client.post(_open_url(tenant, survey), data=form(nonce=f"{index}" * 22)).status_code == 200
    limited = client.post(_open_url(tenant, survey, "/kiosk"), data=form(nonce="x" * 22))  # one limit for all links
    page = limited.get_data(as_text=True)
    assert limited.status_code == 429 and "Terlalu banyak jawaban dari jaringan ini" in page
    assert 'id="U1-2" value="2" checked' in page  # the answers are kept
    assert client.get(_open_url(tenant, survey)).status_code == 200  # the form itself is not counted
    assert len(_responses(tenant)) == 2


def test_an_answer_survives_its_database_connection_dropping_in_between(client, agency):
    """The answer engine lends connections without a ping: a dead one costs a retry, not the answer."""
    tenant, survey = agency
    for nonce in ("a" * 22, "b" * 22):  # the second runs on the answer engine (questionnaire frozen)
        assert client.post(_open_url(tenant, survey), data=form(nonce=nonce)).status_code == 200
    with client.application.app_context():
        pooled = db.engines[answer_engine.BIND].raw_connection()
        backend = pooled.driver_connection.info.backend_pid
        pooled.close()  # back to the pool, where the next answer finds it
    db.session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    thanks = client.post(_open_url(tenant, survey), data=form(nonce="c" * 22))
    assert thanks.status_code == 200 and "Terima kasih" in thanks.get_data(as_text=True)
    assert len(_responses(tenant)) == 3


def test_an_unreachable_rate_limit_store_never_costs_an_answer(make_app, agency):
    tenant, survey = agency
    app = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0", SKM_OPEN_LINK_RATE_LIMIT="1 per minute")
    client = app.test_client()
    for index in range(2):
        thanks = client.post(_open_url(tenant, survey), data=form(nonce=f"{index}" * 22))
        assert thanks.status_code == 200 and "Terima kasih" in thanks.get_data(as_text=True)
    assert len(_responses(tenant)) == 2


def test_the_form_page_is_light(client, agency):
    tenant, survey = agency
    html = client.get(_open_url(tenant, survey)).get_data()
    with client.get("/static/css/respond.css") as static:
        css = static.get_data()
    assert len(html) + len(css) < 50_000
    assert b"<script" not in html and b"http://" not in html.replace(b'xmlns="http://', b"")


def test_stored_count_is_exact_after_many_resubmits(client, agency):
    tenant, survey = agency
    for _ in range(3):
        client.post(_open_url(tenant, survey), data=form(nonce="z" * 22))
    with tenant_scope(tenant.id):
        assert db.session.scalar(select(func.count(Response.id))) == 1


def test_survey_period_not_started_is_not_open(client, agency):
    tenant, survey = agency
    with tenant_scope(tenant.id):
        row = db.session.get(Survey, survey.id)
        row.starts_on, row.ends_on = row.ends_on + timedelta(days=1), row.ends_on + timedelta(days=30)
        db.session.commit()
    assert client.get(_open_url(tenant, survey)).status_code == 404


def test_an_english_invitation_opens_in_english(client, agency):
    tenant, survey = agency
    with tenant_scope(tenant.id):
        _, token = create_invitation(survey, phone="+628121234567", language="en", channel="sms",
                                     service_type_id=survey.service_types[0].id)
        db.session.commit()
    first = client.get(f"/r/{token}")
    assert first.status_code == 302 and first.location.endswith(f"/r/{token}?lang=en")
    page = client.get(f"/r/{token}?lang=en").get_data(as_text=True)
    assert "How well do the service requirements match" in page and 'name="service_type"' not in page
    assert client.post(f"/r/{token}?lang=en", data=form()).status_code == 200
    assert _responses(tenant)[0].service_type_id == survey.service_types[0].id


@pytest.mark.parametrize("change, status, text", [("close", 410, "ditutup"), ("suspend", 404, "tidak ditemukan")])
def test_a_cached_form_refuses_answers_once_the_survey_closed_or_the_tenant_is_suspended(
        make_app, agency, change, status, text):
    tenant, survey = agency
    client = make_app(SKM_FORM_CACHE_SECONDS=60).test_client()
    assert client.get(_open_url(tenant, survey)).status_code == 200
    if change == "close":
        with tenant_scope(tenant.id):
            db.session.get(Survey, survey.id).move_to("closed")
    else:
        tenant.suspend()
    db.session.commit()
    assert client.get(_open_url(tenant, survey)).status_code == 200  # the form as cached a moment ago
    refused = client.post(_open_url(tenant, survey), data=form())
    assert refused.status_code == status and text in refused.get_data(as_text=True)
    assert _responses(tenant) == []
    assert client.get(_open_url(tenant, survey)).status_code == status  # the refusal read the link afresh


def test_the_first_open_link_answer_freezes_the_questionnaire(client, agency):
    tenant, survey = agency
    assert client.post(_open_url(tenant, survey), data=form()).status_code == 200
    db.session.expire_all()
    with tenant_scope(tenant.id):
        assert db.session.get(Survey, survey.id).questionnaire.is_frozen


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


def test_cached_pages_give_each_resident_their_own_token_nonce_and_language(make_app, agency):
    tenant, survey = agency
    app = make_app(SKM_FORM_CACHE_SECONDS=60, WTF_CSRF_ENABLED=True)
    first, second = app.test_client(), app.test_client()
    pages = [client.get(_open_url(tenant, survey)).get_data(as_text=True) for client in (first, second)]
    assert pages[0] != pages[1] and page_cache.NONCE_SLOT not in pages[0] and page_cache.CSRF_SLOT not in pages[1]
    assert _hidden(pages[0], "csrf_token") != _hidden(pages[1], "csrf_token")
    assert first.get(_open_url(tenant, survey)).headers["Cache-Control"] == "private"  # never from a shared cache
    assert _hidden(pages[0], "nonce") != _hidden(pages[1], "nonce")
    for client, page in ((first, pages[0]), (second, pages[1])):
        thanks = client.post(_open_url(tenant, survey), data=form(
            nonce=_hidden(page, "nonce"), csrf_token=_hidden(page, "csrf_token")))
        assert thanks.status_code == 200 and "Terima kasih!" in thanks.get_data(as_text=True)
    assert len(_responses(tenant)) == 2

    english = first.get(_open_url(tenant, survey, "?lang=en")).get_data(as_text=True)
    assert '<html lang="en">' in english and "How well do the service requirements match" in english
    thanks = first.post(_open_url(tenant, survey, "?lang=en"), data=form(
        nonce=_hidden(english, "nonce"), csrf_token=_hidden(english, "csrf_token")))
    assert "Thank you!" in thanks.get_data(as_text=True)
    kiosk = second.get(_open_url(tenant, survey, "/kiosk")).get_data(as_text=True)
    assert 'class="kiosk"' in kiosk and 'class="kiosk"' not in pages[0]


def test_cached_pages_are_bounded_whatever_the_query_string(make_app, agency):
    tenant, survey = agency
    app = make_app(SKM_FORM_CACHE_SECONDS=60)
    client = app.test_client()
    for index in range(page_cache.MAX_PAGES + 8):
        assert client.get(_open_url(tenant, survey, f"?junk={index}")).status_code == 200
    [(_expires, (_tenant, definition))] = app.extensions["skm_form_definitions"].values()
    assert len(definition.pages) == page_cache.MAX_PAGES


@pytest.mark.parametrize("proxies, limited", [(0, True), (1, False)])
def test_the_open_link_limit_counts_clients_behind_a_trusted_proxy_apart(make_app, agency, proxies, limited):
    tenant, survey = agency
    client = make_app(SKM_PROXY_COUNT=proxies, SKM_OPEN_LINK_RATE_LIMIT="1 per minute").test_client()
    for index, address in enumerate(("203.0.113.7", "198.51.100.9")):
        answer = client.post(_open_url(tenant, survey), data=form(nonce=f"{index}" * 22),
                             headers={"X-Forwarded-For": address})
        assert answer.status_code == (429 if limited and index else 200)
    assert len(_responses(tenant)) == (1 if limited else 2)

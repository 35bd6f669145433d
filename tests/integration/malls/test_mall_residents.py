"""Residents at a mall: one page listing its agencies, each agency's own form, answers noted with the mall."""

from __future__ import annotations

import re

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.questionnaires.models import Questionnaire
from tests.integration.malls.conftest import responses_of
from tests.respond_support import form


def test_mall_page_lists_each_agency_as_a_plain_link_in_both_languages(client, mpp):
    page = client.get("/m/mpp-kotim")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Mal Pelayanan Publik Kotawaringin Timur" in html and "Instansi mana yang melayani Anda?" in html
    assert "<script" not in html
    links = re.findall(r'<a href="(/m/mpp-kotim/\d+)\?lang=id">([^<]+)', html)
    assert [name for _, name in links] == ["Dinas Kependudukan dan Pencatatan Sipil", "Perumda Air Minum Tirta Mentaya"]
    assert "Loket 1 · KTP-el" in html
    english = client.get("/m/mpp-kotim?lang=en").get_data(as_text=True)
    assert "Which agency served you?" in english and "?lang=en" in english
    assert client.get("/m/nowhere").status_code == 404


def test_an_answer_through_the_mall_lands_in_that_agency_alone_and_notes_the_mall(client, mpp):
    url = f"/m/mpp-kotim/{mpp.counter_id(mpp.dukcapil)}"
    page = client.get(url)
    assert page.status_code == 200 and "Dinas Kependudukan dan Pencatatan Sipil" in page.get_data(as_text=True)
    thanks = client.post(url, data=form())
    assert thanks.status_code == 200 and "Terima kasih" in thanks.get_data(as_text=True)
    [stored] = responses_of(mpp.dukcapil)
    assert (stored.survey_id, stored.mall_id, stored.channel) == (mpp.dukcapil_survey.id, mpp.mall.id, "open_link")
    assert responses_of(mpp.pdam) == []
    direct = client.post(f"/s/pdam/{mpp.pdam_survey.public_code}", data=form(nonce="d" * 22))
    assert direct.status_code == 200
    assert [r.mall_id for r in responses_of(mpp.pdam)] == [None]


def test_the_mall_is_noted_also_when_the_answer_freezes_the_questionnaire(client, mpp):
    """The first answer to an unfrozen questionnaire goes through the ORM session, not the answer engine."""
    with tenant_scope(mpp.pdam.id):
        assert not db.session.get(Questionnaire, mpp.pdam_survey.questionnaire_id).is_frozen
    client.post(f"/m/mpp-kotim/{mpp.counter_id(mpp.pdam)}", data=form())
    client.post(f"/m/mpp-kotim/{mpp.counter_id(mpp.pdam)}", data=form(nonce="e" * 22))
    assert [r.mall_id for r in responses_of(mpp.pdam)] == [mpp.mall.id, mpp.mall.id]


def test_a_counter_of_another_mall_or_an_unknown_counter_stores_nothing(client, mpp, make_tenant):
    from skm.platform.malls.services import create_mall

    other = make_tenant("rsud")
    create_mall("mpp-lain", "MPP Lain", counters=[{"tenant": "rsud"}])
    db.session.commit()
    foreign_counter = next(c.id for c in db.session.merge(mpp.mall).counters)
    assert client.post(f"/m/mpp-lain/{foreign_counter}", data=form()).status_code == 404
    assert client.post("/m/mpp-kotim/999999", data=form()).status_code == 404
    assert responses_of(mpp.dukcapil) == [] and responses_of(other) == []


def test_mall_kiosk_comes_back_to_the_list_after_each_answer(client, mpp):
    listing = client.get("/m/mpp-kotim/kiosk").get_data(as_text=True)
    counter = mpp.counter_id(mpp.pdam)
    assert f'href="/m/mpp-kotim/{counter}/kiosk?lang=id"' in listing
    thanks = client.post(f"/m/mpp-kotim/{counter}/kiosk", data=form())
    assert thanks.status_code == 200
    assert thanks.headers["Refresh"].endswith("url=/m/mpp-kotim/kiosk?lang=id")
    assert 'href="/m/mpp-kotim/kiosk?lang=id"' in thanks.get_data(as_text=True)
    [stored] = responses_of(mpp.pdam)
    assert (stored.channel, stored.mall_id) == ("kiosk", mpp.mall.id)

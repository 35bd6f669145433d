"""A resident at a service mall: pick the agency on a phone without JavaScript; the mall's kiosk."""

from __future__ import annotations

import pytest

from skm.extensions import db
from skm.platform.malls.services import create_mall
from tests.e2e.conftest import screenshot
from tests.e2e.test_resident_browser import _answer_all, _assert_accessible, _stored
from tests.respond_support import open_survey


@pytest.fixture
def agencies(make_tenant):
    dukcapil = make_tenant("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil")
    pdam = make_tenant("pdam", "Perumda Air Minum Tirta Mentaya")
    open_survey(dukcapil)
    open_survey(pdam)
    return dukcapil, pdam


def _mall(slug: str):
    """A mall of both agencies (a slug per test: the live server caches malls for a minute)."""
    create_mall(slug, "Mal Pelayanan Publik Kotawaringin Timur", counters=[{"tenant": "disdukcapil"},
                                                                          {"tenant": "pdam"}])
    db.session.commit()


def test_a_resident_picks_the_agency_and_answers_without_javascript(browser, live_server, agencies):
    dukcapil, pdam = agencies
    _mall("mpp-nojs")
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    phone = context.new_page()
    phone.goto(f"{live_server}/m/mpp-nojs")
    screenshot(phone, "mall-list")
    phone.click("text=Perumda Air Minum Tirta Mentaya")
    phone.wait_for_selector("button.submit")
    _answer_all(phone, score=3)
    phone.click("button.submit")
    phone.wait_for_selector("text=Terima kasih!")
    phone.click("text=Kembali ke daftar instansi")
    phone.wait_for_selector("text=Instansi mana yang melayani Anda?")
    context.close()
    [answer] = _stored(pdam)
    assert answer.mall_id is not None and answer.a1 == 3
    assert _stored(dukcapil) == []


def test_mall_page_is_accessible_in_english(phone, live_server, agencies):
    _mall("mpp-en")
    phone.goto(f"{live_server}/m/mpp-en?lang=en")
    phone.wait_for_selector("text=Which agency served you?")
    _assert_accessible(phone)


def test_mall_kiosk_returns_to_the_agency_list(browser, live_server, agencies):
    dukcapil, _pdam = agencies
    _mall("mpp-kiosk")
    context = browser.new_context(viewport={"width": 800, "height": 1280})
    tablet = context.new_page()
    tablet.goto(f"{live_server}/m/mpp-kiosk/kiosk")
    screenshot(tablet, "mall-kiosk-list")
    tablet.click("text=Dinas Kependudukan dan Pencatatan Sipil")
    _answer_all(tablet, score=4)
    tablet.click("button.submit")
    tablet.wait_for_selector(".thanks")
    tablet.wait_for_selector("text=Instansi mana yang melayani Anda?", timeout=10_000)  # refreshed by itself
    assert tablet.url.endswith("/m/mpp-kiosk/kiosk?lang=id")
    context.close()
    [answer] = _stored(dukcapil)
    assert (answer.channel, answer.a9) == ("kiosk", 4) and answer.mall_id is not None

"""A resident answers on a phone: invitation link, open link, keyboard only, English, kiosk."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.responses.models import Response
from tests.e2e.conftest import screenshot
from tests.respond_support import invite, open_survey

AXE = Axe()


@pytest.fixture
def agency(make_tenant):
    tenant = make_tenant("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kotawaringin Timur")
    return tenant, open_survey(tenant, service_types=("KTP-el", "Kartu Keluarga"))


def _stored(tenant) -> list[Response]:
    db.session.expire_all()
    with tenant_scope(tenant.id):
        return db.session.scalars(select(Response)).all()


def _assert_accessible(page) -> None:
    results = AXE.run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]


def _answer_all(page, score: int = 4) -> None:
    for index in range(1, 10):
        page.click(f"label[for=U{index}-{score}]")


def test_invitation_link_on_a_phone(phone, live_server, agency):
    tenant, survey = agency
    token = invite(tenant, survey)
    phone.goto(f"{live_server}/r/{token}")
    screenshot(phone, "invitation-top")
    _assert_accessible(phone)
    phone.locator("#f-U1").scroll_into_view_if_needed()
    _answer_all(phone)
    phone.locator("#f-U1").screenshot(path=str(_artifact("invitation-question")))
    phone.fill("#comment", "Antrean rapi, petugas ramah.")
    phone.click("button.submit")
    phone.wait_for_selector("text=Terima kasih!")
    screenshot(phone, "invitation-thanks")
    _assert_accessible(phone)
    phone.go_back()  # the browser reloads the link, which now says it was used
    phone.wait_for_selector("text=Survei ini sudah diisi")
    screenshot(phone, "invitation-used")
    [response] = _stored(tenant)
    assert response.channel == "invitation" and response.a1 == 4 and response.comment == "Antrean rapi, petugas ramah."


def test_open_link_back_and_resubmit_stores_one(phone, live_server, agency):
    tenant, survey = agency
    phone.goto(f"{live_server}/s/{tenant.slug}/{survey.public_code}")
    _answer_all(phone, score=3)
    phone.select_option("#service_type", label="KTP-el")
    phone.click("label[for=gender-P]")
    phone.fill("#age", "41")
    phone.click("button.submit")
    phone.wait_for_selector("text=Terima kasih!")
    phone.go_back()
    phone.wait_for_selector("button.submit")
    assert phone.is_checked("#U9-3")  # the browser restored the answers into the reloaded form
    phone.click("button.submit")
    phone.wait_for_selector("text=Terima kasih!")
    [response] = _stored(tenant)
    assert (response.channel, response.a9, response.gender, response.age) == ("open_link", 3, "P", 41)


def test_keyboard_only(phone, live_server, agency):
    tenant, survey = agency
    phone.goto(f"{live_server}/s/{tenant.slug}/{survey.public_code}")
    for _ in range(60):
        phone.keyboard.press("Tab")
        focused = phone.evaluate("document.activeElement.name || document.activeElement.className")
        if focused.startswith("U") and focused[1:].isdigit():
            phone.keyboard.press("Space")  # score 1 …
            phone.keyboard.press("ArrowDown")  # … then 2 (arrow keys move and select within the group)
            outline = phone.evaluate(
                "getComputedStyle(document.querySelector(`label[for='${document.activeElement.id}']`)).outlineStyle")
            assert outline == "solid", "keyboard focus must be visible"
            if focused == "U1":
                screenshot(phone, "keyboard-focus")
        if focused == "submit":
            phone.keyboard.press("Enter")
            break
    phone.wait_for_selector("text=Terima kasih!")
    [response] = _stored(tenant)
    assert [response.answers_by_slot()[slot] for slot in range(1, 10)] == [2] * 9


def test_english_on_request(phone, live_server, agency):
    tenant, survey = agency
    phone.goto(f"{live_server}/s/{tenant.slug}/{survey.public_code}")
    phone.click("a.lang")
    phone.wait_for_selector("text=How well do the service requirements match the type of service?")
    assert phone.get_attribute("html", "lang") == "en"
    screenshot(phone, "english")
    _assert_accessible(phone)
    _answer_all(phone, score=2)
    phone.click("button.submit")
    phone.wait_for_selector(".thanks")
    assert _stored(tenant)[0].a1 == 2


def test_kiosk_resets_to_an_empty_form(browser, live_server, agency):
    tenant, survey = agency
    context = browser.new_context(viewport={"width": 800, "height": 1280})
    tablet = context.new_page()
    first = tablet.goto(f"{live_server}/s/{tenant.slug}/{survey.public_code}/kiosk?lang=en")
    assert first.headers["cache-control"] == "no-store"  # no copy for "back" to show the next resident
    screenshot(tablet, "kiosk-form")
    _assert_accessible(tablet)
    _answer_all(tablet, score=1)
    tablet.fill("#comment", "rahasia warga pertama")
    tablet.click("button.submit")
    tablet.wait_for_selector(".thanks")
    screenshot(tablet, "kiosk-thanks")
    _assert_accessible(tablet)
    tablet.wait_for_selector("button.submit", timeout=10_000)  # the thank-you screen refreshed by itself
    assert tablet.url.endswith("/kiosk?lang=id")
    assert tablet.locator("input[type=radio]:checked").count() == 0
    assert tablet.input_value("#comment") == ""
    assert "rahasia warga pertama" not in tablet.content()
    context.close()
    assert len(_stored(tenant)) == 1


def test_form_page_weight_and_no_external_requests(phone, live_server, agency):
    tenant, survey = agency
    sizes, hosts = [], set()
    phone.on("response", lambda r: sizes.append(len(r.body())) if r.status == 200 else None)
    phone.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    phone.goto(f"{live_server}/s/{tenant.slug}/{survey.public_code}")
    phone.wait_for_load_state("load")
    assert sum(sizes) < 50_000, sizes
    assert hosts == {live_server.split("/")[2]}


def _artifact(name: str):
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def test_a_missing_answer_is_shown_next_to_the_question(phone, live_server, agency):
    tenant, survey = agency
    phone.goto(f"{live_server}/s/{tenant.slug}/{survey.public_code}")
    phone.evaluate("document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))")
    for index in range(2, 10):  # U1 left unanswered, as a browser without form validation would send it
        phone.click(f"label[for=U{index}-3]")
    phone.fill("#comment", "<b>tetap</b>")
    phone.click("button.submit")
    phone.wait_for_selector(".error-summary")
    assert phone.text_content("#U1-error") == "Mohon pilih salah satu jawaban."
    assert phone.is_checked("#U9-3") and phone.input_value("#comment") == "<b>tetap</b>"
    phone.click(".error-summary a")
    screenshot(phone, "validation-error")
    _assert_accessible(phone)
    phone.click("label[for=U1-4]")
    phone.click("button.submit")
    phone.wait_for_selector(".thanks")
    assert len(_stored(tenant)) == 1

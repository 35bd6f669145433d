"""The phone form opens on its first question, not on empty space (cards as tall as their content)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PHONE, screenshot
from tests.respond_support import open_survey

#: a question card is its fieldset plus padding and border (2 × 16 px + 2 × 1 px), no more
CARD_SLACK = 40
#: nine questions, the profile and the comment at 360 px; before the fix the page was about 7,400 px
MAX_PAGE_HEIGHT = 5_600


@pytest.fixture
def agency(make_tenant):
    tenant = make_tenant("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kotawaringin Timur")
    return tenant, open_survey(tenant, service_types=("KTP-el", "Kartu Keluarga"))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_first_question_and_option_on_the_first_phone_screen(phone, live_server, agency, lang):
    tenant, survey = agency
    phone.goto(f"{live_server}/s/{tenant.slug}/{survey.public_code}?lang={lang}")
    screenshot(phone, f"phone-first-screen-{lang}")
    question = phone.locator("#f-U1 legend").bounding_box()
    option = phone.locator("label[for=U1-1]").bounding_box()
    assert 0 <= question["y"] < option["y"]
    assert option["y"] + option["height"] <= PHONE["height"], option
    slack = phone.evaluate("""[...document.querySelectorAll('.q')].map(card =>
        card.getBoundingClientRect().height - card.querySelector('fieldset').getBoundingClientRect().height)""")
    assert len(slack) == 9 and max(slack) <= CARD_SLACK, slack
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < MAX_PAGE_HEIGHT, height


def test_privacy_notice_opens_without_javascript(browser, live_server, agency):
    tenant, survey = agency
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server}/s/{tenant.slug}/{survey.public_code}")
    notice = page.get_by_text("Data dikelola sesuai UU 27/2022")
    assert not notice.is_visible()
    page.click(".privacy summary")
    assert notice.is_visible()
    assert "Kabupaten Kotawaringin Timur mengumpulkan jawaban ini" in notice.text_content()
    screenshot(page, "phone-privacy-open")
    context.close()

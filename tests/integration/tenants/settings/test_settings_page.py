"""The settings page /t/<slug>/settings: tenant admins edit, platform admins read, staff are refused."""

from __future__ import annotations

import io

from tests.conftest import login
from tests.factories import image_bytes

PAGE = "/t/dpmptsp/settings/"
FORM = {"name": "Dinas Penanaman Modal dan PTSP", "short_name": "DPMPTSP", "region": "Pemerintah Kabupaten Kotim",
        "address_lines": "Jl. Jenderal Sudirman Km 5,5\r\n\r\nTelp. (0531) 21234", "head_name": "Budi Santoso",
        "head_title": "", "head_nip": "19780512.200312.1.004", "report_place": "Sampit", "report_background": "",
        "report_background_en": "", "report_team": "", "report_team_en": "", "sender_name": "DPMPTSP Kotim",
        "sms_sender_id": "", "default_channel": "sms", "whatsapp_phone_number_id": "",
        "whatsapp_template": "skm_undangan", "whatsapp_template_reminder": "", "reminder_first_after_days": "2",
        "reminder_max": "1",
        "reminder_interval_days": "4", "send_from_hour": "9", "send_until_hour": "17"}


def test_admins_find_the_page_in_the_navigation_and_save_it(agency):
    home = agency.page.get("/t/dpmptsp/").get_data(as_text=True)
    assert 'href="/t/dpmptsp/settings/"' in home and "Pengaturan" in home
    saved = agency.page.post(PAGE, data=FORM)
    assert saved.status_code == 302
    page = agency.page.get(PAGE).get_data(as_text=True)
    assert "Pengaturan disimpan." in page and "197805122003121004" in page
    tenant = agency.stored()
    assert tenant.short_name == "DPMPTSP"
    assert tenant.settings["letterhead"]["address_lines"] == ["Jl. Jenderal Sudirman Km 5,5", "Telp. (0531) 21234"]
    assert tenant.settings["reminders"] == {"first_after_days": 2, "max_reminders": 1, "interval_days": 4,
                                            "send_from_hour": 9, "send_until_hour": 17}


def test_errors_show_beside_their_fields_and_nothing_is_saved(agency):
    bad = {**FORM, "head_nip": "12345", "reminder_max": "banyak", "address_lines": "x" * 130}
    answer = agency.page.post(PAGE, data=bad)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "NIP terdiri atas 18 angka." in page and "Isi dengan bilangan bulat." in page
    assert "Baris 1: Tiap baris 1 sampai 120 karakter." in page
    assert 'id="head_nip-error"' in page and 'value="banyak"' in page
    assert agency.stored().settings == {} and agency.stored().short_name is None


def test_english_page_and_messages(agency):
    answer = agency.page.post(f"{PAGE}?lang=en", data={**FORM, "send_until_hour": "6"})
    page = answer.get_data(as_text=True)
    assert "Agency settings" in page and "The end hour must be after the start hour." in page


def test_staff_neither_see_nor_open_it_and_platform_admins_only_read(app, agency):
    staff, central = app.test_client(), app.test_client()
    login(staff, "staff@dpmptsp.id")
    login(central, "pusat@kotimkab.go.id")
    assert "/settings/" not in staff.get("/t/dpmptsp/").get_data(as_text=True)
    assert staff.get(PAGE).status_code == 403 and staff.post(PAGE, data=FORM).status_code == 403
    page = central.get(PAGE).get_data(as_text=True)
    assert 'name="head_nip" type="text" value=""' in page.replace("disabled ", "") and "disabled" in page
    assert 'type="submit"' not in page.split("</h1>")[1].split("</main>")[0]
    assert central.post(PAGE, data=FORM).status_code == 403
    assert agency.stored().settings == {}


def test_logo_through_the_page(agency, storage_dir):
    refused = agency.page.post(f"{PAGE}logo", data={"logo": (io.BytesIO(b"GIF89a not really"), "kop.png"),
                                                    "upload": "1"})
    assert refused.status_code == 422 and "bukan gambar PNG atau JPEG" in refused.get_data(as_text=True)
    assert agency.stored().settings == {}
    saved = agency.page.post(f"{PAGE}logo", data={"logo": (io.BytesIO(image_bytes(120, 80)), "kop.png"),
                                                  "upload": "1"})
    assert saved.status_code == 302
    assert 'class="logo-preview"' in agency.page.get(PAGE).get_data(as_text=True)
    with agency.page.get(f"{PAGE}logo") as image:
        assert image.mimetype == "image/png"
    assert agency.page.post(f"{PAGE}logo", data={"remove": "1"}).status_code == 302
    assert agency.page.get(f"{PAGE}logo").status_code == 404 and not list(storage_dir.glob("*/settings/*"))

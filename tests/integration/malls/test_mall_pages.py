"""The central admin's mall pages (counters, managers, QR code, poster) and the mall manager's view."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.platform.malls.services import add_manager, find_mall
from tests.conftest import login
from tests.factories import insert_rows


@pytest.fixture
def central(app, make_user):
    make_user("pusat@kotim.id", platform_admin=True)
    browser = app.test_client()
    login(browser, "pusat@kotim.id")
    return browser


def test_central_admin_builds_a_mall_with_counters_and_a_manager(central, make_tenant):
    from tests.respond_support import open_survey

    pdam = make_tenant("pdam", "Perumda Air Minum Tirta Mentaya")
    survey = open_survey(pdam)
    created = central.post("/admin/malls/", data={"slug": "mpp", "name": "MPP Kotim", "address": "Sampit"})
    assert created.status_code == 302 and created.headers["Location"].endswith("/admin/malls/mpp")
    page = central.get("/admin/malls/mpp").get_data(as_text=True)
    assert f'value="pdam:{survey.id}"' in page and 'value="pdam"' in page
    assert central.post("/admin/malls/mpp/counters", data={"target": "pdam", "label": "Loket 4"}).status_code == 302
    assert central.post("/admin/malls/mpp/managers", data={"email": "kepala@mpp.id", "name": "Kepala MPP"}
                        ).status_code == 302
    db.session.expire_all()
    mall = find_mall("mpp")
    assert [(c.tenant.slug, c.survey_id, c.label) for c in mall.counters] == [("pdam", None, "Loket 4")]
    shown = central.get("/admin/malls/mpp").get_data(as_text=True)
    assert "kepala@mpp.id" in shown and "Loket 4" in shown
    counter_id = mall.counters[0].id
    assert central.post(f"/admin/malls/mpp/counters/{counter_id}/delete").status_code == 302
    db.session.expire_all()
    assert find_mall("mpp").counters == []


def test_bad_mall_input_gets_a_message_not_a_500(central):
    bad = central.post("/admin/malls/", data={"slug": "Bukan Slug!", "name": "MPP"})
    assert bad.status_code == 400 and "huruf kecil" in bad.get_data(as_text=True)
    central.post("/admin/malls/", data={"slug": "mpp", "name": "MPP"})
    again = central.post("/admin/malls/", data={"slug": "mpp", "name": "MPP"})
    assert again.status_code == 400 and "sudah ada" in again.get_data(as_text=True)
    forged = central.post("/admin/malls/mpp/counters", data={"target": "tidak-ada:7"})
    assert forged.status_code == 400
    assert central.post("/admin/malls/mpp/managers", data={"email": "bukan-email"}).status_code == 400


def test_mall_qr_codes_and_poster_point_at_the_mall_page(app, central, mpp):
    from skm.tenants.collection.qr import qr_png, qr_svg

    mall_page = app.config["SKM_BASE_URL"] + "/m/mpp-kotim"
    png = central.get("/admin/malls/mpp-kotim/qr.png")
    assert png.status_code == 200 and png.data == qr_png(mall_page)
    svg = central.get("/admin/malls/mpp-kotim/qr.svg")
    assert svg.status_code == 200 and svg.data == qr_svg(mall_page)
    poster = central.get("/admin/malls/mpp-kotim/poster.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(poster.data)).pages)
    assert "Mal Pelayanan Publik Kotawaringin Timur" in text and mall_page in text
    assert "Pilih instansi yang melayani Anda" in text
    assert 'filename="poster-mpp-kotim.pdf"' in poster.headers["Content-Disposition"]


def test_the_manager_sees_each_agencys_mall_answers_and_the_total(app, mpp, make_user):
    with tenant_scope(mpp.dukcapil.id):
        insert_rows(mpp.dukcapil_survey, [{f"U{i}": 4 for i in range(1, 10)}] * 2, mpp.dukcapil.id,
                    mall_id=mpp.mall.id, submitted_on=date(2026, 11, 2))
        insert_rows(mpp.dukcapil_survey, [{f"U{i}": 1 for i in range(1, 10)}] * 7, mpp.dukcapil.id,
                    submitted_on=date(2026, 11, 2))
    make_user("kepala@mpp.id")
    add_manager(mpp.mall, "kepala@mpp.id")
    db.session.commit()
    manager = app.test_client()
    landing = login(manager, "kepala@mpp.id")
    assert manager.get(landing.headers["Location"]).headers["Location"].endswith("/mall/mpp-kotim/")
    page = manager.get("/mall/mpp-kotim/?period=2026-Q4")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Dinas Kependudukan dan Pencatatan Sipil" in html
    assert "<td>2</td>" in html and "100.00" in html and "<th>2</th>" in html
    bad = manager.get("/mall/mpp-kotim/?period=2026-Q9")
    assert bad.status_code == 400 and "2026-Q9" in bad.get_data(as_text=True)
    assert manager.get("/admin/malls/mpp-kotim").status_code == 403


def test_an_agency_member_cannot_see_the_mall_view(app, mpp, make_user):
    make_user("staf@dukcapil.id", tenant=mpp.dukcapil, role="admin")
    member = app.test_client()
    login(member, "staf@dukcapil.id")
    assert member.get("/mall/mpp-kotim/").status_code == 404
    assert member.get("/admin/malls/").status_code == 403

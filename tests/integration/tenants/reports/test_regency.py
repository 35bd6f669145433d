"""The regency report: every tenant's latest survey ranked, the pooled IKM, platform admins only."""

from __future__ import annotations

import io

from pypdf import PdfReader

from skm.extensions import db
from skm.platform.tenancy import tenant_scope
from skm.tenants.reports.regency import load_regency
from tests.conftest import login
from tests.factories import insert_rows, make_survey


def test_regency_report_ranks_tenants_and_pools_respondents(client, make_tenant, make_user):
    scores = {"dpmptsp": 4, "pdam": 2, "rsud": 3}
    for slug, score in scores.items():
        tenant = make_tenant(slug, f"Instansi {slug.upper()}")
        with tenant_scope(tenant.id):
            make_survey("SKM lama", status="closed")
            survey = make_survey(f"SKM {slug}", population=500)
            insert_rows(survey, [{f"U{i}": score for i in range(1, 10)}] * 2, tenant.id)
            db.session.commit()
    data = load_regency("Kabupaten Uji")
    assert [line.tenant.slug for line in data.lines] == ["dpmptsp", "rsud", "pdam"]
    assert data.pooled.respondents == 6 and str(data.pooled.ikm_display) == "75.00"  # (4+2+3)/3 × 25
    make_user("pusat@kab.id", platform_admin=True)
    make_user("staf@dpmptsp.id", tenant=data.lines[0].tenant)
    staff = client.application.test_client()
    login(staff, "staf@dpmptsp.id")
    assert staff.get("/admin/regency/report.pdf").status_code == 403
    login(client, "pusat@kab.id")
    response = client.get("/admin/regency/report.pdf")
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Instansi DPMPTSP" in text and "75,00" in text and "SKM rsud" in text and "SKM lama" not in text

"""The CSV's two dialects through the API and the reports page, and what the status page says."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from skm.extensions import db
from skm.platform.accounts.services import find_user
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.reports.models import Report
from tests.conftest import login
from tests.integration.tenants.reports.test_lifecycle import api, run_build


def test_api_builds_the_excel_id_dialect_and_reports_it(client, small_survey, bearer):
    tenant, survey_id, _ = small_survey
    headers = bearer(find_user("staf@dpmptsp.id"))
    created = client.post(api(survey_id), json={"format": "csv", "dialect": "excel-id"}, headers=headers)
    assert created.status_code == 202
    assert (created.json["format"], created.json["dialect"]) == ("csv", "excel-id")
    standard = client.post(api(survey_id), json={"format": "csv"}, headers=headers)
    assert standard.json["id"] != created.json["id"] and standard.json["dialect"] == "rfc4180"
    run_build(tenant, created.json["id"])
    download = client.get(api(survey_id, f"/{created.json['id']}/file"), headers=headers)
    text = download.data.decode("utf-8-sig")
    download.close()
    assert download.data.startswith(b"\xef\xbb\xbf") and download.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:5] == ["No", "ID", "Tanggal", "Kode kanal", "Kanal"] and len(rows) == 31
    pdf = client.post(api(survey_id), json={"format": "pdf"}, headers=headers).json
    assert pdf["format"] == "pdf" and pdf["dialect"] is None


@pytest.mark.parametrize("body", [{"format": "csv", "dialect": "excel"}, {"format": "csv", "dialect": 3},
                                  {"format": "pdf", "dialect": "excel-id"}])
def test_api_refuses_a_bad_dialect_naming_the_field(client, small_survey, bearer, body):
    _, survey_id, _ = small_survey
    response = client.post(api(survey_id), json=body, headers=bearer(find_user("staf@dpmptsp.id")))
    assert response.status_code == 422 and list(response.json["errors"]["json"]) == ["dialect"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Report)) == 0


def test_openapi_lists_the_dialects(client):
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    create = next(s for name, s in schema.items() if name.startswith("ReportCreate"))
    assert create["properties"]["dialect"]["enum"] == ["rfc4180", "excel-id"]


def test_reports_page_offers_the_dialect_and_applies_it_to_csv_only(client, small_survey):
    tenant, survey_id, _ = small_survey
    login(client, "staf@dpmptsp.id")
    url = f"/t/dpmptsp/surveys/{survey_id}/reports/"
    assert 'value="excel-id"' in client.get(url).text
    client.post(url, data={"format": "csv", "language": "id", "dialect": "excel-id"})
    client.post(url, data={"format": "pdf", "language": "id", "dialect": "excel-id"})
    with tenant_scope(tenant.id):
        formats = db.session.scalars(db.select(Report.format).order_by(Report.id)).all()
    assert formats == ["csv-excel-id", "pdf"]
    listing = client.get(url).text
    assert "Data mentah (CSV, Excel Indonesia)" in listing and "csv-excel-id" not in listing


def test_status_page_does_not_say_in_progress_next_to_done(client, small_survey):
    tenant, survey_id, _ = small_survey
    login(client, "staf@dpmptsp.id")
    created = client.post(f"/t/dpmptsp/surveys/{survey_id}/reports/", data={"format": "csv", "language": "id"})
    report_id = int(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    run_build(tenant, report_id)  # a fast worker finishes before the browser follows the redirect
    page = client.get(created.headers["Location"]).text
    assert "Selesai" in page and "sedang disusun" not in page.lower()
    again = client.post(f"/t/dpmptsp/surveys/{survey_id}/reports/", data={"format": "csv", "language": "id"})
    assert "sedang disusun" not in client.get(again.headers["Location"]).text.lower()


@pytest.mark.parametrize(("zone", "indonesian", "english"), [
    ("Asia/Jakarta", "1 Des 2026 09.05 WIB", "Dec 1, 2026 9:05"),
    ("Asia/Makassar", "1 Des 2026 10.05 WITA", "Dec 1, 2026 10:05"),
    ("Asia/Jayapura", "1 Des 2026 11.05 WIT", "Dec 1, 2026 11:05"),
])
def test_report_times_are_in_the_tenants_zone_and_named(client, small_survey, zone, indonesian, english):
    tenant, survey_id, _ = small_survey
    db.session.get(Tenant, tenant.id).timezone = zone
    with tenant_scope(tenant.id):
        db.session.add(Report(survey_id=survey_id, format="pdf", created_at=datetime(2026, 12, 1, 2, 5, tzinfo=UTC)))
        db.session.commit()
    login(client, "staf@dpmptsp.id")
    url = f"/t/dpmptsp/surveys/{survey_id}/reports/"
    page = client.get(url).text
    assert indonesian in page and "UTC" not in page
    english_page = client.get(f"{url}?lang=en").text
    abbreviation = indonesian.rsplit(" ", 1)[1]
    assert english in english_page and f"AM {abbreviation}" in english_page.replace("\u202f", " ")

"""Every format for a small and an empty survey, built by the service the worker runs."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.reports import formatting as fmt
from skm.tenants.reports.models import Report
from skm.tenants.reports.services import build, open_file
from skm.tenants.reports.tabular import DIALECT_RULES
from skm.tenants.results.queries import survey_result
from skm.tenants.surveys.models import Survey
from tests.factories import insert_rows, make_survey


def built(tenant, survey_id: int, fmt_name: str, language: str = "id") -> tuple[Report, bytes]:
    with tenant_scope(tenant.id):
        report = Report(survey_id=survey_id, format=fmt_name, language=language)
        db.session.add(report)
        db.session.commit()
        report_id = report.id
        build(report_id)
        db.session.expire_all()
        report = db.session.get(Report, report_id)
        assert report.status == "done", report.failure_reason
        with open_file(report) as handle:
            return report, handle.read()


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def displayed_ikm(tenant, survey_id) -> str:
    with tenant_scope(tenant.id):
        return fmt.number(survey_result(db.session.get(Survey, survey_id)).ikm_display, 2, "id")


def test_pdf_shows_agency_exact_ikm_chapters_and_every_element(small_survey):
    tenant, survey_id, _ = small_survey
    report, content = built(tenant, survey_id, "pdf")
    text = pdf_text(content)
    assert content.startswith(b"%PDF") and report.size == len(content) and report.progress == 100
    assert "Dinas Penanaman Modal dan PTSP" in text
    assert displayed_ikm(tenant, survey_id) in text
    for chapter in ("BAB I PENDAHULUAN", "BAB II PENGUMPULAN DATA SKM", "BAB III HASIL PENGOLAHAN DATA SKM",
                    "BAB IV ANALISIS HASIL SKM", "BAB V KESIMPULAN", "LAMPIRAN", "Rencana Tindak Lanjut"):
        assert chapter in text, chapter
    with tenant_scope(tenant.id):
        names = [e.name_id for e in db.session.get(Survey, survey_id).questionnaire.elements]
    flat = " ".join(text.split())
    for name in names:
        assert " ".join(name.split()) in flat, name
    assert "Halaman 2" in text and "bobot tepat 1/9" in text


def test_xlsx_has_raw_processing_profile_and_comment_sheets(small_survey):
    tenant, survey_id, rows = small_survey
    _, content = built(tenant, survey_id, "xlsx")
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == ["Data", "Pengolahan", "Profil", "Saran"]
    raw = list(book["Data"].iter_rows(values_only=True))
    assert len(raw) == 31 and raw[0][10] == "U1"
    assert raw[0][3:5] == ("Kode kanal", "Kanal") and raw[1][3:5] == ("paper", "Kuesioner kertas")
    assert [r[10:19] for r in raw[1:]] == [tuple(row[f"U{i}"] for i in range(1, 10)) for row in rows]
    processing = list(book["Pengolahan"].iter_rows(values_only=True))
    sums = next(r for r in processing if r and r[0] == "Σ Nilai/Unsur")
    assert sums[1] == sum(row["U1"] for row in rows)
    ikm_row = next(r for r in processing if r and r[0] == "IKM UNIT PELAYANAN")
    with tenant_scope(tenant.id):
        assert Decimal(str(ikm_row[1])) == survey_result(db.session.get(Survey, survey_id)).ikm_display


def test_csv_is_utf8_with_bom_one_row_per_response(small_survey):
    tenant, survey_id, rows = small_survey
    _, content = built(tenant, survey_id, "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(table) == 31 and table[0][:2] == ["No", "ID"]
    assert table[1][6] in ("Laki-laki", "Perempuan")


@pytest.mark.parametrize(("language", "header", "label"), [("id", ["Kode kanal", "Kanal"], "Kuesioner kertas"),
                                                           ("en", ["Channel code", "Channel"], "Paper questionnaire")])
def test_csv_keeps_the_channel_code_next_to_its_label(small_survey, language, header, label):
    tenant, survey_id, _ = small_survey
    table = list(csv.reader(io.StringIO(built(tenant, survey_id, "csv", language)[1].decode("utf-8-sig"))))
    assert table[0][3:5] == header and {tuple(row[3:5]) for row in table[1:]} == {("paper", label)}


def test_excel_id_csv_splits_on_semicolons_and_matches_the_standard_one(small_survey):
    tenant, survey_id, _ = small_survey
    standard = list(csv.reader(io.StringIO(built(tenant, survey_id, "csv")[1].decode("utf-8-sig"))))
    report, content = built(tenant, survey_id, "csv-excel-id")
    assert content.startswith(b"\xef\xbb\xbf") and report.filename.endswith(".csv")
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("No;ID;Tanggal;Kode kanal;Kanal;")
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == standard


def test_excel_id_writes_decimals_with_a_comma():
    assert DIALECT_RULES["excel-id"].cells([1, 77.72, Decimal("3.25"), "a.b", "2026-03-01"]) == [
        1, "77,72", "3,25", "a.b", "2026-03-01"]
    assert DIALECT_RULES["rfc4180"].cells([77.72]) == [77.72]


@pytest.mark.parametrize("fmt_name", ["pdf", "xlsx", "csv", "summary-pdf", "summary-png"])
def test_every_format_builds_for_an_empty_survey(make_tenant, storage_dir, fmt_name):
    tenant = make_tenant("pdam", "PDAM Tirta Mentaya")
    with tenant_scope(tenant.id):
        survey_id = make_survey("SKM kosong").id
        db.session.commit()
    _, content = built(tenant, survey_id, fmt_name)
    assert content[:4] in (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xef\xbb\xbfN")
    if fmt_name == "pdf":
        assert "Belum ada responden" in pdf_text(content)


def test_summary_png_is_an_image_and_summary_pdf_carries_the_ikm(small_survey):
    tenant, survey_id, _ = small_survey
    _, png = built(tenant, survey_id, "summary-png")
    assert png.startswith(b"\x89PNG")
    _, pdf = built(tenant, survey_id, "summary-pdf")
    assert displayed_ikm(tenant, survey_id) in pdf_text(pdf)


def test_english_report_on_request(small_survey):
    tenant, survey_id, _ = small_survey
    _, content = built(tenant, survey_id, "pdf", language="en")
    text = pdf_text(content)
    assert "CHAPTER I INTRODUCTION" in text and displayed_ikm(tenant, survey_id).replace(",", ".") in text


HOSTILE = ("=HYPERLINK(\"http://evil.example\";\"klik\"), <b>tebal</b> <script>alert(1)</script> "
           "hubungi 081234567890")


def test_markup_and_formula_comments_are_inert_and_contacts_masked(make_tenant, storage_dir):
    tenant = make_tenant("rsud", "RSUD dr. Murjani")
    with tenant_scope(tenant.id):
        survey = make_survey("SKM RSUD")
        insert_rows(survey, [{"U1": 3}], tenant.id, comment=HOSTILE)
        insert_rows(survey, [{"U1": 4}], tenant.id, comment="@SUM(A1:A9) kirim ke warga@mail.id")
        db.session.commit()
        survey_id = survey.id
    text = pdf_text(built(tenant, survey_id, "pdf")[1])
    assert "<script>alert(1)</script>" in text and "<b>tebal</b>" in text  # shown as text, not markup
    assert "081234567890" not in text and "warga@mail.id" not in text
    for fmt_name, delimiter in (("csv", ","), ("csv-excel-id", ";")):
        content = built(tenant, survey_id, fmt_name)[1].decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(content), delimiter=delimiter))
        comments = [row[-1] for row in table[1:]]
        assert all(c.startswith("'") for c in comments) and "081234567890" not in "".join(comments)
        assert {len(row) for row in table} == {len(table[0])}  # a delimiter inside a comment stays inside
    book = load_workbook(io.BytesIO(built(tenant, survey_id, "xlsx")[1]))
    cells = [c.value for row in book["Saran"].iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert any(v.startswith("'=HYPERLINK") for v in cells) and any(v.startswith("'@SUM") for v in cells)
    assert all(c.data_type != "f" for row in book["Data"].iter_rows() for c in row)


def test_sample_files_for_inspection(small_survey, tmp_path):
    """With SKM_REPORT_SAMPLES=<dir>, keep the small survey's files there (to render and look at)."""
    import os
    from pathlib import Path

    folder = os.environ.get("SKM_REPORT_SAMPLES")
    if not folder:
        pytest.skip("set SKM_REPORT_SAMPLES to keep sample files")
    tenant, survey_id, _ = small_survey
    for name in ("pdf", "summary-pdf", "summary-png", "xlsx"):
        Path(folder, f"sample.{name}").write_bytes(built(tenant, survey_id, name)[1])


def test_legacy_weights_are_stated_and_trend_uses_earlier_surveys(make_tenant, storage_dir):
    from datetime import date

    from skm.tenants.reports.data import trend

    tenant = make_tenant("disdukcapil", "Disdukcapil")
    with tenant_scope(tenant.id):
        earlier = make_survey("SKM 2025", status="closed")
        earlier.starts_on, earlier.ends_on = date(2025, 1, 1), date(2025, 3, 31)
        current = make_survey("SKM TW I 2026", weights="legacy-0.111")
        current.starts_on, current.ends_on = date(2026, 1, 1), date(2026, 3, 31)
        insert_rows(earlier, [{f"U{i}": 3 for i in range(1, 10)}], tenant.id, submitted_on=date(2025, 2, 1))
        insert_rows(current, [{f"U{i}": 4 for i in range(1, 10)}], tenant.id, submitted_on=date(2026, 2, 1))
        db.session.commit()
        assert [label for label, _ in trend(tenant, current)] == ["SKM 2025", "SKM TW I 2026"]
        survey_id = current.id
    text = pdf_text(built(tenant, survey_id, "pdf")[1])
    assert "mode lama 0,111" in text and "99,90" in text  # 4 × 0.999 × 25

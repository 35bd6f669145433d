"""The report's follow-up chapter lists the register, and the next period's report what became of it."""

from __future__ import annotations

from datetime import date

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.followups.services import add_followup, update_followup
from tests.factories import insert_rows, make_survey
from tests.integration.tenants.reports.test_builds import built, pdf_text

ROWS = [{f"U{i}": 3 for i in range(1, 10)}] * 6


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_report_lists_the_register_and_the_previous_periods_items(make_tenant, storage_dir):
    tenant = make_tenant("pdam", "PDAM Tirta Mentaya")
    with tenant_scope(tenant.id):
        first = make_survey("SKM Semester I")
        first.starts_on, first.ends_on = date(2026, 1, 1), date(2026, 6, 30)
        second = make_survey("SKM Semester II")
        second.starts_on = date(2026, 7, 1)
        for survey in (first, second):
            insert_rows(survey, ROWS, tenant.id)
        done = add_followup(first, {"element": "U3", "title": "Tambah petugas loket", "action": "Rekrut dua petugas",
                                    "owner": "Bagian Umum", "due_on": date(2026, 5, 31)})
        update_followup(done, first, {"status": "done", "evidence": "SK Direktur 7/2026"})
        add_followup(first, {"title": "Perbaiki ruang tunggu", "action": "Pasang kipas", "owner": "Bagian Umum",
                             "due_on": date(2026, 3, 31)})
        db.session.commit()
        first_id, second_id = first.id, second.id

    first_text = _flat(pdf_text(built(tenant, first_id, "pdf")[1]))
    assert "Tambah petugas loket" in first_text and "Perbaiki ruang tunggu" in first_text
    assert "SK Direktur 7/2026" in first_text and "terlambat" in first_text  # the kipas were due in March
    assert "Register rencana tindak lanjut survei ini masih kosong" not in first_text
    assert "Evaluasi dan perbaikan unsur" not in first_text  # no generic boilerplate when there is a plan

    second_text = _flat(pdf_text(built(tenant, second_id, "pdf")[1]))
    assert "Register rencana tindak lanjut survei ini masih kosong" in second_text  # generic, and says so
    assert "Evaluasi dan perbaikan unsur" in second_text
    assert "Tindak lanjut periode sebelumnya (SKM Semester I)" in second_text
    assert "Tambah petugas loket" in second_text and "selesai" in second_text


def test_the_public_summary_links_to_the_public_page_once_published(make_tenant, storage_dir):
    from skm.platform.data.db_types import utcnow

    tenant = make_tenant("pdam")
    with tenant_scope(tenant.id):
        survey = make_survey()
        insert_rows(survey, ROWS, tenant.id)
        db.session.commit()
        survey_id, code = survey.id, survey.public_code
    assert "/p/pdam/" not in pdf_text(built(tenant, survey_id, "summary-pdf")[1])
    with tenant_scope(tenant.id):
        from skm.tenants.surveys.models import Survey

        db.session.get(Survey, survey_id).published_at = utcnow()
        db.session.commit()
    assert f"Hasil lengkap: http://127.0.0.1:5000/p/pdam/{code}" in pdf_text(built(tenant, survey_id, "summary-pdf")[1])

"""The PDF report's letterhead (kop surat) and signature block come from the agency's settings."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from sqlalchemy import update

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.reports import formatting as fmt
from skm.tenants.settings.schemas import AgencySettingsSchema
from skm.tenants.settings.services import replace_logo, update_settings
from tests.factories import image_bytes
from tests.integration.tenants.reports.test_builds import built

SETTINGS = {"region": "Pemerintah Kabupaten Kotawaringin Timur", "head_name": "Ir. Budi Santoso, M.T.",
            "head_title": "Kepala Dinas Penanaman Modal dan PTSP", "head_nip": "197805122003121004",
            "report_place": "Sampit", "address_lines": ["Jl. Jenderal Sudirman Km 5,5 Sampit 74322",
                                                        "Telepon (0531) 21234, dpmptsp.kotimkab.go.id"]}


def _configure(tenant, settings: dict, logo: bool) -> None:
    with tenant_scope(tenant.id):
        row = db.session.get(Tenant, tenant.id)
        update_settings(row, AgencySettingsSchema(partial=True).load(settings))
        if logo:
            replace_logo(row, image_bytes(240, 240))
        db.session.commit()


def _pages(content: bytes) -> list:
    return PdfReader(io.BytesIO(content)).pages


def test_cover_carries_the_kop_surat_and_bab_v_the_signature(small_survey):
    tenant, survey_id, _ = small_survey
    _configure(tenant, SETTINGS, logo=True)
    _, content = built(tenant, survey_id, "pdf")
    pages = _pages(content)
    cover = pages[0].extract_text()
    kop = " ".join(cover.split("LAPORAN PELAKSANAAN")[0].split())  # a long line may wrap
    assert "PEMERINTAH KABUPATEN KOTAWARINGIN TIMUR" in kop and "DINAS PENANAMAN MODAL DAN PTSP" in kop
    assert "Jl. Jenderal Sudirman Km 5,5 Sampit 74322" in kop and "dpmptsp.kotimkab.go.id" in kop
    assert len(pages[0].images) == 1
    closing = next(page.extract_text() for page in pages if "BAB V KESIMPULAN" in page.extract_text())
    lines = [line.strip() for line in closing.splitlines()]
    with tenant_scope(tenant.id):
        from skm.tenants.responses.services import local_today

        today = fmt.day(local_today(db.session.get(Tenant, tenant.id)), "id")
    signature = lines[lines.index(f"Sampit, {today}"):]
    assert signature[:2] == ["Sampit, " + today, "Kepala Dinas Penanaman Modal dan PTSP"]
    assert "Ir. Budi Santoso, M.T." in signature and "NIP. 19780512 200312 1 004" in signature


def test_missing_values_leave_a_line_to_write_on(small_survey):
    tenant, survey_id, _ = small_survey
    _, content = built(tenant, survey_id, "pdf")
    pages = _pages(content)
    assert not pages[0].images
    closing = next(page.extract_text() for page in pages if "BAB V KESIMPULAN" in page.extract_text())
    assert "(....." not in closing and "NIP. ____" in closing
    assert "Kepala Dinas Penanaman Modal dan PTSP" in closing
    lines = [line.strip() for line in closing.splitlines()]
    assert len(re.findall(r"_{10,}", closing)) == 3
    assert re.fullmatch(r"_{10,}, \d{1,2} \w+ \d{4}", lines[-5])  # the place, then the date
    assert re.fullmatch(r"_{10,}", lines[-2]) and re.fullmatch(r"NIP\. _{10,}", lines[-1])  # name, NIP


def test_english_report_signs_in_english_with_the_nip(small_survey):
    tenant, survey_id, _ = small_survey
    _configure(tenant, {**SETTINGS, "head_title": None}, logo=False)
    _, content = built(tenant, survey_id, "pdf", language="en")
    closing = next(page.extract_text() for page in _pages(content) if "CHAPTER V" in page.extract_text())
    assert "Head Dinas Penanaman Modal dan PTSP" in closing and "NIP. 19780512 200312 1 004" in closing


def test_a_logo_path_stored_before_the_upload_existed_still_heads_the_cover(small_survey, storage_dir):
    tenant, survey_id, _ = small_survey
    (storage_dir / "lama").mkdir(parents=True)
    (storage_dir / "lama" / "logo.png").write_bytes(image_bytes(100, 100))
    db.session.execute(update(Tenant).where(Tenant.id == tenant.id).values(settings={"logo": "lama/logo.png"}))
    db.session.commit()
    _, content = built(tenant, survey_id, "pdf")
    assert len(_pages(content)[0].images) == 1

"""The paper import page: all or nothing, every bad row named, a template to start from."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from skm.extensions import db
from skm.tenants.responses.models import Response

HEADER = "U1,U2,U3,U4,U5,U6,U7,U8,U9,gender,age,service_type\n"
CLEAN = HEADER + "4,3,3,4,3,3,4,3,3,L,34,KTP-el\n3,3,2,4,3,3,3,3,2,P,51,KTP-el\n"
BAD = HEADER + "4,3,3,4,3,3,4,3,3,L,34,KTP-el\n3,3,7,4,3,3,3,3,2,P,51,KTP-el\n"


def _upload(agency, survey_id, text: str, name: str = "kertas.csv", client=None):
    return (client or agency.staff).post(agency.url(f"/surveys/{survey_id}/import"),
                                         data={"file": (io.BytesIO(text.encode()), name)},
                                         content_type="multipart/form-data")


def _stored(agency) -> int:
    with agency.scope():
        return db.session.scalar(select(func.count()).select_from(Response))


def test_page_explains_the_layout_and_all_or_nothing(agency, survey_id):
    page = agency.staff.get(agency.url(f"/surveys/{survey_id}/import")).get_data(as_text=True)
    assert "Tidak ada yang disimpan sebelum seluruh berkas bersih" in page
    assert "U1, U2, U3, U4, U5, U6, U7, U8, U9, gender, age, education, occupation, service_type, comment" in page
    template = agency.staff.get(agency.url(f"/surveys/{survey_id}/import/template.csv"))
    assert template.mimetype == "text/csv"
    assert template.get_data(as_text=True).strip() == \
        "U1,U2,U3,U4,U5,U6,U7,U8,U9,gender,age,education,occupation,service_type,comment"


def test_a_bad_row_rejects_the_file_then_a_clean_file_is_imported(agency, survey_id):
    rejected = _upload(agency, survey_id, BAD)
    assert rejected.status_code == 422
    page = rejected.get_data(as_text=True)
    assert "tidak ada yang diimpor" in page
    assert '<td class="num">3</td><td>U3</td>' in page  # row 3 (header is row 1), column U3
    assert _stored(agency) == 0
    accepted = _upload(agency, survey_id, CLEAN)
    assert accepted.status_code == 302
    assert "2 kuesioner kertas diimpor." in agency.staff.get(accepted.location).get_data(as_text=True)
    assert _stored(agency) == 2


def test_wrong_file_type_and_missing_file(agency, survey_id):
    wrong = _upload(agency, survey_id, CLEAN, name="kertas.txt")
    assert wrong.status_code == 400 and 'id="file-error"' in wrong.get_data(as_text=True)
    missing = agency.staff.post(agency.url(f"/surveys/{survey_id}/import"), data={})
    assert missing.status_code == 400 and "Pilih berkas untuk diimpor." in missing.get_data(as_text=True)
    assert _stored(agency) == 0


def test_viewer_cannot_import(agency, survey_id):
    assert _upload(agency, survey_id, CLEAN, client=agency.viewer).status_code == 403
    assert _stored(agency) == 0

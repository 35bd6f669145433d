"""The questionnaire editor says which English texts an Indonesian edit left behind."""

from __future__ import annotations

from skm.extensions import db
from skm.tenants.questionnaires.services import copy_questionnaire, standard_questionnaire
from skm.tenants.questionnaires.standard import STANDARD_ELEMENTS

U1 = STANDARD_ELEMENTS[0]
STALE = "Pertanyaan: teks Indonesia sudah diubah, tetapi teks Inggris masih teks standar."
REPHRASED = "Apakah persyaratan pelayanan di loket kami mudah dipenuhi?"


def _copy_id(agency) -> int:
    with agency.scope():
        copy = copy_questionnaire(standard_questionnaire(), "Kuesioner Dukcapil")
        db.session.commit()
        return copy.id


def _texts(**changes) -> dict:
    data = {"name_id": U1.name_id, "name_en": U1.name_en, "question_id": U1.question_id, "question_en": U1.question_en}
    return {**data, **changes}


def test_rephrasing_only_the_indonesian_question_is_flagged_until_translated(agency):
    copy_id = _copy_id(agency)
    show, edit = agency.url(f"/questionnaires/{copy_id}"), agency.url(f"/questionnaires/{copy_id}/elements/U1")
    assert 'id="english-gaps"' not in agency.staff.get(show).get_data(as_text=True)

    saved = agency.staff.post(edit, data=_texts(question_id=REPHRASED), follow_redirects=True).get_data(as_text=True)
    assert f"U1 · {STALE}" in saved  # said right after saving …
    assert f'<a href="{edit}">U1</a> · {STALE}' in saved  # … and listed on the questionnaire page
    editor = agency.staff.get(edit).get_data(as_text=True)
    assert "Terjemahan Inggris perlu diperbarui." in editor and STALE in editor
    english = agency.staff.get(f"{edit}?lang=en").get_data(as_text=True)
    assert "Question: the Indonesian text was changed, but the English text is still the standard one." in english

    agency.staff.post(edit, data=_texts(question_id=REPHRASED, question_en="Are the requirements at our counter "
                                        "easy to meet?"))
    assert 'id="english-gaps"' not in agency.staff.get(show).get_data(as_text=True)
    assert 'id="english-gaps"' not in agency.staff.get(edit).get_data(as_text=True)


def test_a_new_element_without_english_shows_its_missing_translations(agency):
    copy_id = _copy_id(agency)
    data = {"code": "U10", "name_id": "Kebersihan", "question_id": "Bagaimana kebersihan ruang tunggu?",
            "options_id": "Tidak bersih\nKurang bersih\nBersih\nSangat bersih"}
    page = agency.staff.post(agency.url(f"/questionnaires/{copy_id}/new-element"), data=data,
                             follow_redirects=True).get_data(as_text=True)
    for part in ("Nama unsur", "Pertanyaan"):
        assert f"U10</a> · {part}: belum diterjemahkan (teks Inggris sama dengan teks Indonesia)." in page
    assert page.count("U10</a> ·") == 2  # the nine standard elements are translated


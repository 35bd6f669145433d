"""Questionnaire pages: read, copy, edit texts, add an element, weights, versions."""

from __future__ import annotations

from sqlalchemy import func, select

from skm.extensions import db
from skm.tenants.questionnaires.models import Questionnaire
from skm.tenants.questionnaires.services import copy_questionnaire, freeze, standard_questionnaire
from skm.tenants.results.queries import survey_result
from skm.tenants.surveys.models import Survey
from tests.factories import insert_rows, make_survey
from tests.fixtures.skm_fixtures import FIXTURE_A_ROWS


def _ids(agency) -> tuple[int, int]:
    """(standard questionnaire, an editable copy)."""
    with agency.scope():
        standard = standard_questionnaire()
        copy = copy_questionnaire(standard, "Kuesioner Dukcapil")
        db.session.commit()
        return standard.id, copy.id


def _texts(**overrides) -> dict:
    data = {"name_id": "Persyaratan layanan", "name_en": "Service requirements",
            "question_id": "Bagaimana pendapat Saudara tentang persyaratan?",
            "question_en": "How are the requirements?"}
    data.update(overrides)
    return data


def test_list_and_view_in_both_languages(agency):
    standard_id, _ = _ids(agency)
    page = agency.viewer.get(agency.url("/questionnaires/")).get_data(as_text=True)
    assert "Kuesioner SKM standar" in page and "standar" in page and "Kuesioner Dukcapil" in page
    shown = agency.viewer.get(agency.url(f"/questionnaires/{standard_id}")).get_data(as_text=True)
    assert "Persyaratan" in shown and shown.count('class="options"') == 9
    assert "Tambah unsur" not in shown  # viewers and the standard questionnaire: no edit links
    english = agency.viewer.get(agency.url(f"/questionnaires/{standard_id}?lang=en")).get_data(as_text=True)
    assert "Requirements" in english


def test_copy_makes_an_editable_questionnaire(agency):
    standard_id, _ = _ids(agency)
    response = agency.staff.post(agency.url(f"/questionnaires/{standard_id}/copy"), data={"title": "Versi RSUD"})
    assert response.status_code == 302
    page = agency.staff.get(response.location).get_data(as_text=True)
    assert "Versi RSUD" in page and "Tambah unsur" in page and "Atur bobot" in page
    empty = agency.staff.post(agency.url(f"/questionnaires/{standard_id}/copy"), data={"title": ""})
    assert empty.status_code == 400 and 'id="title-error"' in empty.get_data(as_text=True)


def test_edit_element_texts_and_not_applicable(agency):
    _, copy_id = _ids(agency)
    url = agency.url(f"/questionnaires/{copy_id}/elements/U1")
    assert 'value="Persyaratan"' in agency.staff.get(url).get_data(as_text=True)
    response = agency.staff.post(url, data=_texts(allow_not_applicable="y"))
    assert response.status_code == 302 and response.location.endswith(f"/questionnaires/{copy_id}")
    with agency.scope():
        element = db.session.get(Questionnaire, copy_id).elements[0]
        assert (element.name_en, element.allow_not_applicable) == ("Service requirements", True)
    english = agency.staff.get(agency.url(f"/questionnaires/{copy_id}?lang=en")).get_data(as_text=True)
    assert "Service requirements" in english


def test_empty_text_is_refused_next_to_the_field(agency):
    _, copy_id = _ids(agency)
    response = agency.staff.post(agency.url(f"/questionnaires/{copy_id}/elements/U1"), data=_texts(name_id=""))
    assert response.status_code == 422
    assert 'id="name_id-error"' in response.get_data(as_text=True)
    with agency.scope():
        assert db.session.get(Questionnaire, copy_id).elements[0].name_id == "Persyaratan"


def test_standard_questionnaire_cannot_be_edited(agency):
    standard_id, _ = _ids(agency)
    response = agency.staff.post(agency.url(f"/questionnaires/{standard_id}/elements/U1"), data=_texts())
    assert response.status_code == 422
    assert "Kuesioner standar PermenPANRB 14/2017 tidak dapat diubah" in response.get_data(as_text=True)


def test_add_element(agency):
    _, copy_id = _ids(agency)
    data = {"code": "u10", "name_id": "Kebersihan", "question_id": "Bagaimana kebersihan ruang tunggu?",
            "options_id": "Tidak bersih\nKurang bersih\nBersih\nSangat bersih"}
    assert agency.staff.post(agency.url(f"/questionnaires/{copy_id}/new-element"), data=data).status_code == 302
    with agency.scope():
        assert db.session.get(Questionnaire, copy_id).element_codes()[-1] == "U10"
    bad = agency.staff.post(agency.url(f"/questionnaires/{copy_id}/new-element"),
                            data={**data, "code": "U11", "options_id": "Satu\nDua"})
    assert bad.status_code == 422 and 'id="options_id-error"' in bad.get_data(as_text=True)


def test_weights_must_sum_to_one(agency):
    _, copy_id = _ids(agency)
    url = agency.url(f"/questionnaires/{copy_id}/weights")
    wrong = {f"U{i}": "1/10" for i in range(1, 10)}
    response = agency.staff.post(url, data=wrong)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="weights-error"' in page and "Jumlah bobot harus 1; sekarang jumlahnya 9/10." in page
    with agency.scope():
        assert all(e.weight is None for e in db.session.get(Questionnaire, copy_id).elements)
    right = {**wrong, "U9": "2/10"}
    assert agency.staff.post(url, data=right).status_code == 302
    with agency.scope():
        assert db.session.get(Questionnaire, copy_id).elements[8].weight == "1/5"


def test_editing_a_frozen_version_creates_version_2_and_results_keep_version_1(agency):
    _, copy_id = _ids(agency)
    with agency.scope():
        questionnaire = db.session.get(Questionnaire, copy_id)
        survey = make_survey(questionnaire=questionnaire)
        insert_rows(survey, FIXTURE_A_ROWS, agency.tenant.id)
        freeze(questionnaire)
        survey_id = survey.id
        db.session.commit()
    frozen_page = agency.staff.get(agency.url(f"/questionnaires/{copy_id}/elements/U1")).get_data(as_text=True)
    assert "membuat versi baru" in frozen_page
    response = agency.staff.post(agency.url(f"/questionnaires/{copy_id}/elements/U1"),
                                 data=_texts(name_id="Syarat baru"))
    assert response.status_code == 302
    page = agency.staff.get(response.location).get_data(as_text=True)
    assert "versi 2" in page and "Versi baru (versi 2) dibuat" in page and "Syarat baru" in page
    with agency.scope():
        assert db.session.scalar(select(func.count()).select_from(Questionnaire)) == 3
        survey = db.session.get(Survey, survey_id)
        assert survey.questionnaire.version == 1 and survey.questionnaire.elements[0].name_id == "Persyaratan"
        assert str(survey_result(survey).ikm_display) == "82.50"
    results = agency.staff.get(agency.url(f"/surveys/{survey_id}/results")).get_data(as_text=True)
    assert "Persyaratan" in results and "Syarat baru" not in results


def test_viewer_gets_403_on_every_post(agency):
    standard_id, copy_id = _ids(agency)
    for path in (f"/questionnaires/{standard_id}/copy", f"/questionnaires/{copy_id}/elements/U1",
                 f"/questionnaires/{copy_id}/new-element", f"/questionnaires/{copy_id}/weights"):
        assert agency.viewer.post(agency.url(path), data={"title": "x", **_texts()}).status_code == 403, path
    with agency.scope():
        assert db.session.scalar(select(func.count()).select_from(Questionnaire)) == 2


def test_unknown_questionnaire_or_element_is_404(agency):
    _, copy_id = _ids(agency)
    assert agency.staff.get(agency.url("/questionnaires/98765")).status_code == 404
    assert agency.staff.get(agency.url(f"/questionnaires/{copy_id}/elements/U99")).status_code == 404

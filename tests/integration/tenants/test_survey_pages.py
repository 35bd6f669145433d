"""Survey pages: list, create, edit, open and close, as staff and as a viewer."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from skm.extensions import db
from skm.tenants.questionnaires.services import standard_questionnaire
from skm.tenants.surveys.models import Survey
from tests.factories import insert_rows, make_survey


def _form(agency, **overrides) -> dict:
    with agency.scope():
        questionnaire_id = standard_questionnaire().id
    data = {"title": "SKM Pelayanan 2026", "questionnaire_id": str(questionnaire_id), "starts_on": "2026-01-01",
            "ends_on": "2026-06-30", "population": "1200", "service_types": "KTP-el\nKartu Keluarga\n\n",
            "weights": "exact", "profile_fields": ["gender", "age", "service_type"]}
    data.update(overrides)
    return data


def _count(agency) -> int:
    with agency.scope():
        return db.session.scalar(select(func.count()).select_from(Survey))


def test_create_shows_the_survey_with_its_open_link(agency):
    response = agency.staff.post(agency.url("/surveys/new"), data=_form(agency))
    assert response.status_code == 302
    page = agency.staff.get(response.location).get_data(as_text=True)
    with agency.scope():
        survey = db.session.scalar(select(Survey))
        assert [st.name for st in survey.service_types] == ["KTP-el", "Kartu Keluarga"]
        assert survey.profile_fields == ["gender", "age", "service_type"] and survey.population == 1200
        code = survey.public_code
    assert "SKM Pelayanan 2026" in page and "draf" in page
    assert f"/s/{agency.slug}/{code}" in page
    assert "KTP-el, Kartu Keluarga" in page
    survey_path = response.location.rstrip("/")
    for section in ("reports/", "collection/", "invitations/"):  # every survey tool is one click away
        assert f'href="{survey_path}/{section}"' in page, section


def test_list_shows_period_status_and_respondents(agency):
    with agency.scope():
        survey = make_survey("SKM Triwulan I")
        insert_rows(survey, [{"U1": 4}, {"U1": 3}], agency.tenant.id)
        db.session.commit()
    page = agency.viewer.get(agency.url("/surveys/")).get_data(as_text=True)
    assert "SKM Triwulan I" in page and "dibuka" in page and '<td class="num">2</td>' in page
    assert "Survei baru" not in page  # viewers cannot create


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"title": "  "}, "title", "This field is required."),
    ({"starts_on": "2026-06-30", "ends_on": "2026-01-01"}, "ends_on",
     "Periode harus berakhir pada atau setelah tanggal pertamanya."),
    ({"questionnaire_id": "999999"}, "questionnaire_id", "Not a valid choice."),
    ({"weights": "0.2"}, "weights", "Not a valid choice."),
])
def test_bad_input_is_refused_next_to_the_field(agency, overrides, field, message):
    response = agency.staff.post(agency.url("/surveys/new"), data=_form(agency, **overrides))
    assert response.status_code in (400, 422)
    page = response.get_data(as_text=True)
    error = page[page.index(f'id="{field}-error"'):][:300]
    assert message in error
    assert _count(agency) == 0


def test_a_refusal_from_the_survey_service_follows_the_page_language(agency):
    period = {"starts_on": "2026-06-30", "ends_on": "2026-01-01"}
    response = agency.staff.post(agency.url("/surveys/new?lang=en"), data=_form(agency, **period))
    page = response.get_data(as_text=True)
    error = page[page.index('id="ends_on-error"'):][:300]
    assert "The period must end on or after its first day." in error
    assert "Periode harus" not in page


def test_another_tenants_questionnaire_cannot_be_chosen(agency, make_tenant):
    other = make_tenant("tetangga")
    from skm.platform.data.tenancy import tenant_scope

    with tenant_scope(other.id):
        foreign_id = standard_questionnaire().id
    response = agency.staff.post(agency.url("/surveys/new"), data=_form(agency, questionnaire_id=str(foreign_id)))
    assert response.status_code in (400, 422)
    assert _count(agency) == 0


def test_edit_prefills_and_saves(agency):
    agency.staff.post(agency.url("/surveys/new"), data=_form(agency))
    with agency.scope():
        survey_id = db.session.scalar(select(Survey.id))
    form = agency.staff.get(agency.url(f"/surveys/{survey_id}/edit")).get_data(as_text=True)
    assert 'value="SKM Pelayanan 2026"' in form and "KTP-el\nKartu Keluarga" in form
    response = agency.staff.post(agency.url(f"/surveys/{survey_id}/edit"),
                                 data=_form(agency, title="SKM Semester I", service_types="KTP-el"))
    assert response.status_code == 302
    with agency.scope():
        survey = db.session.get(Survey, survey_id)
        assert survey.title == "SKM Semester I" and [st.name for st in survey.service_types] == ["KTP-el"]


def test_open_then_close_and_illegal_moves_show_a_message(agency):
    with agency.scope():
        survey_id = make_survey(status="draft").id
        db.session.commit()
    url = agency.url(f"/surveys/{survey_id}")
    assert agency.staff.post(f"{url}/open").status_code == 302
    assert "Tutup survei" in agency.staff.get(url).get_data(as_text=True)
    assert agency.staff.post(f"{url}/close", data={"confirm": "yes"}).status_code == 302
    again = agency.staff.post(f"{url}/open")
    assert again.status_code == 409
    assert "Survei berstatus “ditutup” tidak dapat diubah menjadi “dibuka”." in again.get_data(as_text=True)
    with agency.scope():
        assert db.session.get(Survey, survey_id).status == "closed"


def test_viewer_reads_but_every_post_is_403(agency):
    with agency.scope():
        survey_id = make_survey(status="draft").id
        db.session.commit()
    assert agency.viewer.get(agency.url(f"/surveys/{survey_id}")).status_code == 200
    for path in ("/surveys/new", f"/surveys/{survey_id}/edit", f"/surveys/{survey_id}/open",
                 f"/surveys/{survey_id}/close"):
        assert agency.viewer.post(agency.url(path), data=_form(agency)).status_code == 403, path
    assert agency.viewer.get(agency.url("/surveys/new")).status_code == 403
    with agency.scope():
        assert db.session.get(Survey, survey_id).status == "draft"
    assert _count(agency) == 1


def test_unknown_survey_is_404(agency):
    assert agency.staff.get(agency.url("/surveys/424242")).status_code == 404

"""The results page: the SKM.md fixture A figures as a user reads them."""

from __future__ import annotations

import re
from datetime import date

import pytest

from skm.extensions import db
from tests.factories import insert_rows, make_survey
from tests.fixtures.skm_fixtures import FIXTURE_A_ROWS


@pytest.fixture
def survey_a(agency):
    with agency.scope():
        survey = make_survey("SKM Semester I", population=100, service_types=("KTP-el",))
        insert_rows(survey, FIXTURE_A_ROWS, agency.tenant.id, gender="L", age=34,
                    service_type_id=survey.service_types[0].id)
        survey_id = survey.id
        db.session.commit()
    return survey_id


def _results(agency, survey_id, client=None, query=""):
    return (client or agency.staff).get(agency.url(f"/surveys/{survey_id}/results{query}"))


def test_fixture_a_ikm_grade_and_elements(agency, survey_a):
    page = _results(agency, survey_a, query="?lang=en").get_data(as_text=True)
    assert '<span class="ikm-value">82.50</span>' in page
    assert '<span class="grade-letter">B</span>' in page
    assert "3.400" in page and "0.3778" in page and "85.00" in page  # U1: NRR, weighted NRR, NRR x 25
    assert "Completion Time" in page and "Waktu Penyelesaian" not in page  # English element names


def test_indonesian_uses_decimal_comma(agency, survey_a):
    page = _results(agency, survey_a, client=agency.viewer).get_data(as_text=True)
    assert '<span class="ikm-value">82,50</span>' in page
    assert "Mutu B · Baik" in page and "Waktu Penyelesaian" in page


def test_lowest_three_elements_are_highlighted(agency, survey_a):
    page = _results(agency, survey_a).get_data(as_text=True)
    highlighted = re.findall(r'<tr class="lowest">\s*<td><strong>(U\d)</strong>', page)
    assert highlighted == ["U3", "U8", "U9"]


def test_svg_chart_has_one_bar_per_element(agency, survey_a):
    page = _results(agency, survey_a).get_data(as_text=True)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg
    assert svg.count("<rect") == 9
    assert svg.count("grade-A") == 2 and svg.count("grade-C") == 3


def test_sample_target_flag_below_krejcie_morgan(agency, survey_a):
    page = _results(agency, survey_a).get_data(as_text=True)
    assert "dari target 80" in page
    assert "Di bawah target sampel" in page


def test_small_groups_hide_their_ikm(agency, survey_a):
    with agency.scope():
        from skm.tenants.surveys.models import Survey

        survey = db.session.get(Survey, survey_a)
        insert_rows(survey, FIXTURE_A_ROWS[:2], agency.tenant.id, gender="P", age=22)
        db.session.commit()
    page = _results(agency, survey_a).get_data(as_text=True)
    assert "Per jenis kelamin" in page
    gender_table = page[page.index("Per jenis kelamin"):]
    gender_table = gender_table[:gender_table.index("</table>")]
    assert "Laki-laki" in gender_table and "Perempuan" in gender_table
    assert "disembunyikan (n kurang dari 5)" in gender_table
    assert "kurang dari 5 responden" in page


def test_filters_select_responses(agency, survey_a):
    with agency.scope():
        from skm.tenants.surveys.models import Survey

        survey = db.session.get(Survey, survey_a)
        insert_rows(survey, [{f"U{i}": 1 for i in range(1, 10)}] * 3, agency.tenant.id, gender="P",
                    submitted_on=date(2026, 8, 1))
        db.session.commit()
    everyone = _results(agency, survey_a, query="?lang=en").get_data(as_text=True)
    assert '<span class="ikm-value">82.50</span>' not in everyone
    for query in ("?gender=L", "?year=2026&part=q1", "?year=2026&part=s1", "?age_band=30–39"):
        page = _results(agency, survey_a, query=query + "&lang=en").get_data(as_text=True)
        assert '<span class="ikm-value">82.50</span>' in page, query
    q3 = _results(agency, survey_a, query="?year=2026&part=q3&lang=en").get_data(as_text=True)
    assert '<span class="ikm-value">25.00</span>' in q3


def test_bad_filter_answers_400_next_to_the_field(agency, survey_a):
    response = _results(agency, survey_a, query="?gender=X")
    assert response.status_code == 400
    assert 'id="gender-error"' in response.get_data(as_text=True)


def test_weight_mode_is_stated(agency, survey_a):
    assert "Bobot: tepat" in _results(agency, survey_a).get_data(as_text=True)


def test_dashboard_lists_surveys_with_n_and_ikm(agency, survey_a):
    page = agency.viewer.get(agency.url("/?lang=en")).get_data(as_text=True)
    assert "SKM Semester I" in page and ">10<" in page and "82.50" in page


def test_another_tenants_survey_is_404(agency, survey_a, make_tenant, make_user, app):
    from tests.conftest import login

    other = make_tenant("lain")
    make_user("x@lain.id", tenant=other, role="admin")
    client = app.test_client()
    login(client, "x@lain.id")
    assert client.get(f"/t/lain/surveys/{survey_a}/results").status_code == 404

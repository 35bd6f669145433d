"""The results page and the API read their filters with one parser and list one breakdown.

skm/tenants/results/filters.py holds the rules and messages (Indonesian first on the page, English
in the API); skm/tenants/results/breakdowns.py gives both the groups in a reader's order.
"""

from __future__ import annotations

import re

import pytest

from skm.extensions import db
from tests.factories import insert_rows, make_survey
from tests.fixtures.skm_fixtures import FIXTURE_A_ROWS


@pytest.fixture
def survey_id(agency):
    """Service types made in the order "Pindah datang", "Akta kelahiran": ids that do not sort by name."""
    with agency.scope():
        survey = make_survey("SKM", service_types=("Pindah datang", "Akta kelahiran"))
        kinds = {kind.name: kind.id for kind in survey.service_types}
        tenant_id = agency.tenant.id
        insert_rows(survey, FIXTURE_A_ROWS[:3], tenant_id, gender="P", age=34, service_type_id=kinds["Pindah datang"])
        insert_rows(survey, FIXTURE_A_ROWS[3:6], tenant_id, service_type_id=kinds["Akta kelahiran"])
        insert_rows(survey, FIXTURE_A_ROWS[6:], tenant_id, gender="L", age=22, service_type_id=kinds["Akta kelahiran"])
        db.session.commit()
        return survey.id


@pytest.fixture
def api(client, agency, make_user, bearer, survey_id):
    headers = bearer(make_user("api@dukcapil.id", tenant=agency.tenant, role="viewer"))
    return lambda path: client.get(f"/api/v1/tenants/{agency.slug}/surveys/{survey_id}/results{path}", headers=headers)


def _page(agency, survey_id, query=""):
    return agency.staff.get(agency.url(f"/surveys/{survey_id}/results{query}"))


def _table(page: str, title: str) -> list[tuple[str, str]]:
    """(group, n) for each row of the breakdown table captioned ``title``."""
    table = page[page.index(f"<caption>{title}</caption>"):]
    table = table[:table.index("</table>")]
    return re.findall(r'<tr><td>([^<]*)</td><td class="num">(\d+)</td>', table)


def test_page_and_api_list_the_same_groups_in_a_readers_order(agency, survey_id, api):
    def groups(by):
        return [(group["value"], group["result"]["respondents"])
                for group in api(f"/breakdown?by={by}").get_json()["groups"]]

    assert groups("service_type") == [("Akta kelahiran", 7), ("Pindah datang", 3)]  # by name, not by id
    assert groups("gender") == [("L", 4), ("P", 3), (None, 3)]  # the form's order, "not given" last
    assert groups("age_band") == [("20–29", 4), ("30–39", 3), (None, 3)]  # youngest first
    page = _page(agency, survey_id).text
    assert _table(page, "Per jenis layanan") == [("Akta kelahiran", "7"), ("Pindah datang", "3")]
    assert _table(page, "Per jenis kelamin") == [("Laki-laki", "4"), ("Perempuan", "3"), ("Tidak diisi", "3")]
    assert _table(page, "Per kelompok umur") == [("20–29", "4"), ("30–39", "3"), ("Tidak diisi", "3")]
    english = _page(agency, survey_id, "?lang=en").text
    assert _table(english, "By gender") == [("Male", "4"), ("Female", "3"), ("Not given", "3")]


def test_page_says_a_part_of_the_year_needs_its_year(agency, survey_id):
    response = _page(agency, survey_id, "?part=q2")
    assert response.status_code == 400
    assert 'id="year-error">Sebutkan tahun triwulan atau semesternya.<' in response.text
    assert "ikm-value" not in response.text  # no figures for a filter that was not understood
    english = _page(agency, survey_id, "?part=s1&lang=en")
    assert english.status_code == 400 and "Give the year of the quarter or semester." in english.text


def test_page_names_an_unknown_service_type_and_accepts_a_name(agency, survey_id):
    refused = _page(agency, survey_id, "?service_type=Farmasi")
    assert refused.status_code == 400
    assert 'id="service_type-error">Bukan jenis layanan survei ini: Farmasi<' in refused.text
    by_name = _page(agency, survey_id, "?service_type=pindah+datang")
    assert by_name.status_code == 200 and _table(by_name.text, "Per jenis layanan") == [("Pindah datang", "3")]


def test_page_reads_the_empty_fields_its_form_sends_as_no_filter(agency, survey_id):
    blank = _page(agency, survey_id, "?service_type=&gender=&age_band=&education=&occupation=&year=&part=")
    assert blank.status_code == 200
    assert _table(blank.text, "Per jenis layanan") == [("Akta kelahiran", "7"), ("Pindah datang", "3")]
    semester = _page(agency, survey_id, "?year=2026&part=s1&gender=L")
    assert semester.status_code == 200 and _table(semester.text, "Per jenis kelamin") == [("Laki-laki", "4")]


def test_api_keeps_its_english_messages(api):
    no_year = api("?quarter=2")
    assert no_year.status_code == 422
    assert no_year.get_json()["errors"]["query"] == {"year": ["Give the year of the quarter or semester."]}
    both = api("?year=2026&quarter=2&semester=1").get_json()
    assert both["errors"]["query"] == {"semester": ["Give a quarter or a semester, not both."]}
    unknown = api("?service_type=Farmasi")
    assert unknown.status_code == 422 and unknown.get_json()["message"] == "Unknown service type."
    assert unknown.get_json()["errors"]["query"] == {"service_type": ["Not a service type of this survey: Farmasi"]}

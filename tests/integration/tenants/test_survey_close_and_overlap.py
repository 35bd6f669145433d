"""Closing a survey asks first (with the counts); opening one whose period overlaps another warns."""

from __future__ import annotations

from datetime import date, timedelta

from skm.extensions import db
from skm.tenants.invitations.services import create_invitation
from skm.tenants.responses.services import local_today
from skm.tenants.surveys.models import Survey
from tests.factories import insert_rows, make_survey


def _open_survey_with_answers(agency) -> int:
    """Open until 20 days from now; population 100 (target 80); 3 answers; 2 of 3 invitations unanswered."""
    with agency.scope():
        survey = make_survey("SKM Semester II", population=100)
        survey.ends_on = local_today(agency.tenant) + timedelta(days=20)
        insert_rows(survey, [{"U1": 3}] * 3, agency.tenant.id)
        for email, status in (("a@mail.id", "sent"), ("b@mail.id", "pending"), ("c@mail.id", "completed")):
            create_invitation(survey, email=email, channel="email")[0].status = status
        db.session.commit()
        return survey.id


def _status(agency, survey_id: int) -> str:
    with agency.scope():
        return db.session.get(Survey, survey_id).status


def test_closing_asks_for_confirmation_with_the_counts(agency):
    survey_id = _open_survey_with_answers(agency)
    url = agency.url(f"/surveys/{survey_id}")
    show = agency.staff.get(url).get_data(as_text=True)
    assert f'href="{url}/close">Tutup survei</a>' in show and f'action="{url}/close"' not in show

    page = agency.staff.get(f"{url}/close").get_data(as_text=True)
    for text in ("Tutup survei “SKM Semester II”?", "3 responden dari target sampel 80.",
                 "Masih di bawah target sampel.", "Periode survei masih berjalan 20 hari lagi",
                 "2 undangan belum dijawab", "Menutup survei bersifat final", 'name="confirm" value="yes"'):
        assert text in page, text

    unconfirmed = agency.staff.post(f"{url}/close")
    assert unconfirmed.status_code == 302 and unconfirmed.location.endswith(f"{url}/close")
    assert _status(agency, survey_id) == "open"
    closed = agency.staff.post(f"{url}/close", data={"confirm": "yes"}, follow_redirects=True)
    assert "Survei ditutup" in closed.get_data(as_text=True) and _status(agency, survey_id) == "closed"
    assert agency.staff.get(f"{url}/close").location.endswith(url)  # nothing left to confirm


def test_confirmation_page_in_english_and_for_staff_only(agency):
    survey_id = _open_survey_with_answers(agency)
    url = agency.url(f"/surveys/{survey_id}/close")
    english = agency.staff.get(f"{url}?lang=en").get_data(as_text=True)
    assert "3 respondents of a sample target of 80." in english and "Yes, close the survey" in english
    assert agency.viewer.get(url).status_code == 403


def _draft(agency, title: str, starts_on: date, ends_on: date) -> int:
    with agency.scope():
        survey = make_survey(title, status="draft")
        survey.starts_on, survey.ends_on = starts_on, ends_on
        db.session.commit()
        return survey.id


def test_opening_a_survey_whose_period_overlaps_an_open_one_warns_but_opens(agency):
    running = _draft(agency, "SKM Triwulan I", date(2026, 1, 1), date(2026, 3, 31))
    agency.staff.post(agency.url(f"/surveys/{running}/open"))
    overlapping = _draft(agency, "SKM Loket Baru", date(2026, 3, 15), date(2026, 6, 30))
    separate = _draft(agency, "SKM Triwulan II", date(2026, 4, 1), date(2026, 6, 30))

    draft_page = agency.staff.get(agency.url(f"/surveys/{overlapping}")).get_data(as_text=True)
    assert 'id="overlaps"' in draft_page and f'/surveys/{running}">SKM Triwulan I</a>' in draft_page
    opened = agency.staff.post(agency.url(f"/surveys/{overlapping}/open"), follow_redirects=True)
    assert "tumpang tindih dengan survei lain yang juga dibuka, “SKM Triwulan I”" in opened.get_data(as_text=True)
    assert _status(agency, overlapping) == "open"

    assert 'id="overlaps"' in agency.staff.get(agency.url(f"/surveys/{separate}")).get_data(as_text=True)
    agency.staff.post(agency.url(f"/surveys/{overlapping}/close"), data={"confirm": "yes"})
    assert 'id="overlaps"' not in agency.staff.get(agency.url(f"/surveys/{separate}")).get_data(as_text=True)
    quiet = agency.staff.post(agency.url(f"/surveys/{separate}/open"), follow_redirects=True)
    assert "tumpang tindih" not in quiet.get_data(as_text=True)

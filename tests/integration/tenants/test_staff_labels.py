"""Staff pages speak words, not codes, and Indonesian separators in Indonesian."""

from __future__ import annotations

import re

from skm.extensions import db
from skm.platform.web.labels import INVITATION_STATUSES, label
from skm.tenants.invitations.models import Invitation
from tests.factories import insert_rows, make_survey

STATUSES = {"sent": ("Terkirim", "Sent"), "opted_out": ("Berhenti berlangganan", "Opted out"),
            "completed": ("Sudah mengisi", "Answered")}


def _cells(page: str) -> list[str]:
    return re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", page)


def test_invitation_statuses_and_channels_are_labelled(agency):
    with agency.scope():
        survey = make_survey("SKM Undangan")
        for number, status in enumerate(STATUSES):
            db.session.add(Invitation(survey_id=survey.id, token_hash=f"{number}" * 64, phone=f"+62812000000{number}",
                                      channel="sms", status=status))
        db.session.commit()
        url = agency.url(f"/surveys/{survey.id}/invitations/")
    indonesian, english = _cells(agency.viewer.get(url).text), _cells(agency.viewer.get(f"{url}?lang=en").text)
    for code, (label_id, label_en) in STATUSES.items():
        assert code not in indonesian and label_id in indonesian and label_en in english
    assert "sms" not in indonesian and "SMS" in indonesian


def test_message_preview_names_kind_channel_and_language(agency):
    with agency.scope():
        survey_id = make_survey("SKM Pratinjau").id
        db.session.commit()
    page = agency.staff.get(agency.url(f"/surveys/{survey_id}/invitations/preview")).text
    assert "Pengingat · SMS · English" in page and "reminder ·" not in page and "· sms ·" not in page


def test_roles_are_labelled(agency):
    page = agency.viewer.get(agency.url("/users/")).text
    assert {"Staf", "Peninjau"} <= set(_cells(page)) and "viewer" not in _cells(page)
    assert "Viewer" in _cells(agency.viewer.get(agency.url("/users/?lang=en")).text)


def test_whole_numbers_use_the_languages_thousands_separator(agency):
    with agency.scope():
        survey = make_survey("SKM Besar", population=50000)
        insert_rows(survey, [{f"U{i}": 3 for i in range(1, 10)}] * 3, agency.tenant.id)
        db.session.commit()
        url = agency.url(f"/surveys/{survey.id}/results")
    assert "populasi 50.000" in agency.viewer.get(url).text
    assert "population 50,000" in agency.viewer.get(f"{url}?lang=en").text


def test_a_code_without_a_label_shows_as_itself(app):
    with app.test_request_context("/?lang=en"):
        assert label(INVITATION_STATUSES, "sent") == "Sent" and label(INVITATION_STATUSES, "archived") == "archived"

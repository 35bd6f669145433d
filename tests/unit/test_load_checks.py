"""The load test's checks fail on what they guard against: a lost or extra answer, a repeated or missing message."""

from __future__ import annotations

from bench.load.checks import answers_counted, celery_errors, http_errors, invitations_once
from bench.load.figures import RequestType, Stored
from bench.load.sinks import Tally

EMAILS = {"a@surel.id", "b@surel.id"}
PHONES = {"+6281200000001"}


def _request(name: str, count: int, failures: int = 0) -> RequestType:
    return RequestType(name, count, failures, 1.0, 10, 20, 30)


def _stats(open_link: int = 5, kiosk: int = 3, invitation: int = 2, failures: int = 0) -> dict[str, RequestType]:
    rows = [_request("answer: open link", open_link), _request("answer: kiosk", kiosk),
            _request("answer: invitation", invitation), _request("Aggregated", 100, failures)]
    return {row.name: row for row in rows}


def _stored(answers=None, invitations=None, reports_failed: int = 0) -> Stored:
    return Stored(answers if answers is not None else {"open_link": 5, "kiosk": 3, "invitation": 2},
                  invitations or {"sent": 3}, {}, reports_failed, 0)


def _tallies(*received: str) -> tuple[Tally, Tally]:
    mail, sms = Tally("redis://127.0.0.1:6379/0", "unused"), Tally("redis://127.0.0.1:6379/0", "unused")
    for recipient in received:
        if recipient.startswith("+"):
            sms.add(recipient, "no link")
        else:
            mail.add(recipient, "no link", f"<{recipient}@skm>")
    return mail, sms


def test_every_answer_thanked_and_stored_passes_per_road():
    assert all(check.passed for check in answers_counted(_stats(), _stored()))


def test_an_answer_stored_without_a_thank_you_page_or_thanked_but_lost_fails_its_road():
    extra, lost = answers_counted(_stats(), _stored({"open_link": 6, "kiosk": 2, "invitation": 2}))[:2]
    assert not extra.passed and "5 thank-you pages, 6 rows" in extra.detail
    assert not lost.passed and "3 thank-you pages, 2 rows" in lost.detail


def test_a_road_that_stored_nothing_fails():
    checks = answers_counted(_stats(invitation=0), _stored({"open_link": 5, "kiosk": 3}))
    assert [check.passed for check in checks] == [True, True, False]


def test_invitations_received_once_each_pass():
    check = invitations_once(*_tallies("a@surel.id", "b@surel.id", "+6281200000001"), EMAILS, PHONES, _stored())
    assert check.passed, check.detail


def test_a_repeated_missing_or_unsent_invitation_fails():
    repeated = invitations_once(*_tallies("a@surel.id", "a@surel.id", "b@surel.id", "+6281200000001"), EMAILS,
                                PHONES, _stored())
    missing = invitations_once(*_tallies("a@surel.id", "b@surel.id"), EMAILS, PHONES, _stored())
    unsent = invitations_once(*_tallies("a@surel.id", "b@surel.id", "+6281200000001"), EMAILS, PHONES,
                              _stored(invitations={"sent": 2, "pending": 1}))
    assert not repeated.passed and "2 repeated" in repeated.detail  # by recipient and by Message-ID
    assert not missing.passed and "1 missing" in missing.detail
    assert not unsent.passed and "1 still unsent" in unsent.detail


def test_a_failed_request_a_logged_error_or_a_failed_task_fails():
    assert http_errors(_stats(), []).passed
    assert not http_errors(_stats(failures=1), []).passed
    assert not http_errors(_stats(), ["[ERROR] Exception on /s/x"]).passed
    assert celery_errors([], _stored()).passed
    assert not celery_errors([], _stored(invitations={"failed": 1})).passed
    assert not celery_errors([], _stored(reports_failed=1)).passed
    assert not celery_errors(["Task messages.send raised unexpected"], _stored()).passed

"""The run's verdict: each check the issue asks for, passed or not, with the figures behind it."""

from __future__ import annotations

from dataclasses import dataclass

from bench.load.figures import ROADS, RequestType, Stored
from bench.load.sinks import Tally


@dataclass
class Check:
    what: str
    passed: bool
    detail: str

    def line(self) -> str:
        return f"[{'PASS' if self.passed else 'FAIL'}] {self.what}: {self.detail}"


def http_errors(stats: dict[str, RequestType], web_log: list[str]) -> Check:
    failed = stats["Aggregated"].failures
    return Check("zero HTTP errors", failed == 0 and not web_log,
                 f"{failed} failed requests of {stats['Aggregated'].count}; {len(web_log)} error lines in the "
                 "web server's log")


def celery_errors(worker_logs: list[str], stored: Stored) -> Check:
    failed = stored.invitations.get("failed", 0)
    return Check("zero Celery errors", not worker_logs and failed == 0 and stored.reports_failed == 0,
                 f"{len(worker_logs)} error lines in the workers' and beat's logs; {failed} failed invitations; "
                 f"{stored.reports_failed} failed reports")


def answers_counted(stats: dict[str, RequestType], stored: Stored) -> list[Check]:
    """Per road: every answer that got the thank-you page is a row in the run's surveys, and no more."""
    checks = []
    for name, channel in ROADS.items():
        thanked = stats[name].successes if name in stats else 0
        rows = stored.answers.get(channel, 0)
        checks.append(Check(f"answers counted ({channel})", thanked == rows and thanked > 0,
                            f"{thanked} thank-you pages, {rows} rows"))
    return checks


def invitations_once(email: Tally, sms: Tally, emails: set[str], phones: set[str], stored: Stored) -> Check:
    """Every contact received its invitation exactly once, by the channel it was uploaded for."""
    missing = len(emails - set(email.recipients)) + len(phones - set(sms.recipients))
    strangers = len(set(email.recipients) - emails) + len(set(sms.recipients) - phones)
    repeated = email.repeated() + sms.repeated()
    unsent = sum(n for status, n in stored.invitations.items() if status in ("pending", "sending"))
    contacts = len(emails) + len(phones)
    return Check("every invitation sent exactly once",
                 missing == 0 and strangers == 0 and repeated == 0 and unsent == 0,
                 f"{email.total + sms.total} received for {contacts} contacts ({email.total} mails, "
                 f"{sms.total} SMS); {missing} missing, {repeated} repeated (by recipient or Message-ID), "
                 f"{strangers} to unknown recipients, {unsent} still unsent")

"""What the run measured: locust's statistics per request type, and the database's account of the run."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path

import psycopg

#: locust request name of a resident's answer → the response channel it must be stored with
ROADS = {"answer: open link": "open_link", "answer: kiosk": "kiosk", "answer: invitation": "invitation"}
#: the road each channel takes in respond/services.store_answer
ENGINE_OF = {"open_link": "answer engine (one INSERT … SELECT)", "kiosk": "answer engine (one INSERT … SELECT)",
             "invitation": "ORM transaction (invitation UPDATE + INSERT)"}


@dataclass
class RequestType:
    name: str
    count: int
    failures: int
    rate: float
    p50: float
    p95: float
    p99: float

    @property
    def successes(self) -> int:
        return self.count - self.failures


def locust_summary(path: Path) -> tuple[dict[str, RequestType], list[str], int]:
    """The request types by name (``Aggregated`` holds the totals), the failures and the resends, as the
    locustfile wrote them."""
    summary = json.loads(path.read_text())
    return ({row["name"]: RequestType(**row) for row in summary["requests"]}, summary["failures"],
            summary["resent"])


@dataclass
class Stored:
    """The database after the run."""

    answers: dict[str, int]  # channel → rows in the run's surveys
    invitations: dict[str, int]  # status → invitations
    report_seconds: dict[str, list[float]]  # format → seconds from request to file, of the reports done
    reports_failed: int
    reports_pending: int


def stored(url: str, surveys: list[int]) -> Stored:
    with psycopg.connect(url) as conn:
        answers = dict(conn.execute("SELECT channel, count(*) FROM responses WHERE survey_id = ANY(%s) "
                                    "GROUP BY channel", (surveys,)).fetchall())
        invitations = dict(conn.execute("SELECT status, count(*) FROM invitations GROUP BY status").fetchall())
        reports = conn.execute("SELECT format, status, extract(epoch FROM finished_at - created_at) "
                               "FROM reports").fetchall()
    seconds: dict[str, list[float]] = {}
    for fmt, status, elapsed in reports:
        if status == "done":
            seconds.setdefault(fmt, []).append(float(elapsed))
    return Stored(answers, invitations, seconds, sum(1 for r in reports if r[1] == "failed"),
                  sum(1 for r in reports if r[1] in ("queued", "running")))


def report_times(seconds: list[float]) -> str:
    return f"{len(seconds)} built, median {statistics.median(seconds):.1f} s, max {max(seconds):.1f} s"

"""The load test's users: residents answering, staff at work, and the campaign's sender.

Started by ``python -m bench.load`` (which writes the plan this file reads from ``SKM_LOAD_PLAN``),
not by hand. Request names are the request types of the report: ``form: …``/``answer: …`` per
road of a resident, ``staff: …``, ``report: …`` and ``campaign: …``. A request counts as a success
only when its page is the one a person would expect (the thank-you page after an answer, the
file after a report), so locust's success count of ``answer: …`` is what the database must hold.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

import redis
from locust import HttpUser, between, events, task
from urllib3.util.retry import Retry

PLAN = json.loads(Path(os.environ["SKM_LOAD_PLAN"]).read_text())
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
NONCE = re.compile(r'name="nonce" value="([^"]+)"')
SERVICE_TYPE = re.compile(r'<select id="service_type".*?</select>', re.S)
OPTION = re.compile(r'<option value="(\d+)"')
REPORT_LINK = re.compile(r'href="([^"]+/file)"')
#: the thank-you page, in either language
THANKS = 'class="card message thanks"'
#: seconds a resident spends reading and ticking the form: never under SKM_OPEN_LINK_MIN_SECONDS (5),
#: below which the platform takes a submission for a script's
FILLING = (6, 15)
#: seconds a staff member waits for a report before calling it a failure
REPORT_PATIENCE = 180
REPORT_FORMATS = itertools.cycle(("pdf", "xlsx", "csv"))
STAFF = itertools.cycle(PLAN["agencies"])


@events.test_stop.add_listener
def write_summary(environment, **_kwargs) -> None:
    """Each request type's figures, written once every user has stopped (so every answer sent is in)."""
    stats = environment.runner.stats
    rows = [{"name": entry.name, "count": entry.num_requests, "failures": entry.num_failures,
             "rate": entry.total_rps, **{f"p{p}": entry.get_response_time_percentile(p / 100) for p in (50, 95, 99)}}
            for entry in (*stats.entries.values(), stats.total)]
    failures = [f"{e.occurrences} × {e.method} {e.name}: {e.error}" for e in stats.errors.values()]
    Path(PLAN["summary"]).write_text(json.dumps({"requests": rows, "failures": failures,
                                                 "resent": BrowserRetry.resent}))


class BrowserRetry(Retry):
    """Send a request again, once, when the server closed the kept-alive connection without answering.

    Browsers do so (RFC 9112 §9.3.1): gunicorn closes a connection idle for ``keepalive`` seconds
    (2), and a request sent on it at that moment is reset. requests does not resend by itself, which
    would count such a race as an error no resident sees. Every resend is counted and reported; a
    resent answer stores nothing twice (its nonce). A worker that dies mid-request shows in its log.
    """

    resent = 0

    def increment(self, *args, **kwargs):
        retry = super().increment(*args, **kwargs)  # raises when no resend is left
        BrowserRetry.resent += 1
        return retry


class Browser(HttpUser):
    """A user whose HTTP client resends like a browser (see BrowserRetry)."""

    abstract = True

    def on_start(self) -> None:
        self.client.get_adapter(self.host).max_retries = BrowserRetry(
            total=1, connect=1, read=1, status=0, other=0, allowed_methods=None, raise_on_status=False)


def _field(pattern: re.Pattern, page: str) -> str | None:
    found = pattern.search(page)
    return found.group(1) if found else None


class Resident(Browser):
    """One resident after another: open a form, fill it in, send it, see the thank-you page."""

    abstract = True
    weight = 1
    wait_time = between(2, 8)
    road = ""

    def answer(self, path: str) -> None:
        with self.client.get(path, name=f"form: {self.road}", catch_response=True) as page:
            token, nonce = _field(CSRF, page.text), _field(NONCE, page.text)
            if page.status_code != 200 or not token or not nonce:
                page.failure(f"no form ({page.status_code} {page.error or ''})")
                return
        time.sleep(random.uniform(*FILLING))
        data = {f"U{i}": random.randint(1, 4) for i in range(1, 10)}
        data.update(csrf_token=token, nonce=nonce, gender=random.choice("LP"), age=random.randint(18, 70))
        services = SERVICE_TYPE.search(page.text)
        if services and (choices := OPTION.findall(services.group(0))):
            data["service_type"] = random.choice(choices)
        with self.client.post(page.url, data=data, name=f"answer: {self.road}", catch_response=True) as thanks:
            if thanks.status_code != 200 or THANKS not in thanks.text:
                thanks.failure(f"no thank-you page ({thanks.status_code} {thanks.error or ''})")


class OpenLinkResident(Resident):
    """A resident who scanned the QR code with their own phone: a new visit each time."""

    weight = 3
    road = "open link"

    @task
    def scan_and_answer(self) -> None:
        self.client.cookies.clear()  # the next resident's phone
        self.answer(random.choice(PLAN["agencies"])["open_link"])


class KioskResident(Resident):
    """Residents at the counter's tablet: one browser, the kiosk renews the visit after each answer."""

    weight = 1
    road = "kiosk"

    def on_start(self) -> None:
        super().on_start()
        self.kiosk = random.choice(PLAN["agencies"])["open_link"] + "/kiosk"

    @task
    def answer_at_the_counter(self) -> None:
        self.answer(self.kiosk)


class InvitedResident(Resident):
    """A resident who got the campaign's mail or SMS and follows its link (taken from the sinks)."""

    weight = 1
    road = "invitation"

    def on_start(self) -> None:
        super().on_start()
        self.links = redis.Redis.from_url(PLAN["redis"])

    @task
    def follow_the_link(self) -> None:
        link = self.links.lpop(PLAN["links_key"])
        if link is None:
            time.sleep(1)  # nothing delivered yet
            return
        self.client.cookies.clear()
        self.answer(link.decode())


class Staff(Browser):
    """Sign in once through the login page, as a person does."""

    abstract = True
    wait_time = between(5, 15)
    email = ""

    def on_start(self) -> None:
        super().on_start()
        login = self.client.get("/login", name="staff: login page")
        form = {"email": self.email, "password": PLAN["password"], "csrf_token": _field(CSRF, login.text)}
        with self.client.post("/login", data=form, name="staff: sign in", catch_response=True) as signed_in:
            if "/login" in signed_in.url:
                signed_in.failure("not signed in")


class AgencyStaff(Staff):
    """An agency's admin: dashboard, results of the demo survey and of the run's, and a report to download."""

    fixed_count = len(PLAN["agencies"])

    def on_start(self) -> None:
        self.agency = next(STAFF)
        self.email = self.agency["admin"]
        super().on_start()

    @task
    def work(self) -> None:
        slug = self.agency["slug"]
        self.client.get(f"/t/{slug}/", name="staff: dashboard")
        for survey in (self.agency["demo_survey"], self.agency["load_survey"]):
            self.client.get(f"/t/{slug}/surveys/{survey}/results", name="staff: results")
        self.download_report(f"/t/{slug}/surveys/{self.agency['demo_survey']}/reports/", next(REPORT_FORMATS))

    def download_report(self, reports: str, fmt: str) -> None:
        page = self.client.get(reports, name="report: list")
        form = {"format": fmt, "language": "id", "dialect": "rfc4180", "csrf_token": _field(CSRF, page.text)}
        status = self.client.post(reports, data=form, name="report: request")
        deadline = time.monotonic() + REPORT_PATIENCE
        while (link := _field(REPORT_LINK, status.text)) is None:
            if time.monotonic() > deadline or "status-failed" in status.text:
                self._report_failed(fmt)
                return
            time.sleep(3)  # the status page refreshes itself every 3 s
            status = self.client.get(status.url, name="report: status")
        with self.client.get(link, name=f"report: download {fmt}", catch_response=True) as file:
            if file.status_code != 200 or not file.content:
                file.failure(f"no file ({file.status_code})")

    def _report_failed(self, fmt: str) -> None:
        self.environment.events.request.fire(
            request_type="GET", name=f"report: download {fmt}", response_time=0, response_length=0,
            exception=RuntimeError(f"the {fmt} report failed or took over {REPORT_PATIENCE} s"), context={})


class CentralAdmin(Staff):
    """The regency's central admin on the central dashboard."""

    fixed_count = 1
    email = PLAN["central"]

    @task
    def dashboard(self) -> None:
        self.client.get("/admin/", name="staff: central dashboard")


class CampaignSender(Browser):
    """The campaign agency's admin: upload the contacts through the API (sent at once), then watch the counts."""

    fixed_count = 1
    wait_time = between(5, 10)

    def on_start(self) -> None:
        super().on_start()
        campaign = PLAN["campaign"]
        self.invitations = f"/api/v1/tenants/{campaign['slug']}/surveys/{campaign['load_survey']}/invitations"
        answer = self.client.post("/api/v1/auth/token", json={"email": campaign["admin"], "password": PLAN["password"]},
                                  name="campaign: API token")
        self.client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
        contacts = PLAN["contacts"]
        for start in range(0, len(contacts), PLAN["chunk"]):
            self.upload(contacts[start:start + PLAN["chunk"]])

    def upload(self, contacts: list[dict]) -> None:
        with self.client.post(self.invitations, json=contacts, name="campaign: upload contacts",
                              catch_response=True) as answer:
            if answer.status_code != 200 or answer.json()["accepted"] != len(contacts):
                answer.failure(f"contacts not all accepted ({answer.status_code}): {answer.text[:200]}")

    @task
    def watch(self) -> None:
        self.client.get(f"{self.invitations}?page_size=10", name="campaign: statuses")

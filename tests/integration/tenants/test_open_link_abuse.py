"""Open-link abuse limits that a whole service hall behind one NAT address does not trip.

One simulated hour, without waiting for it: the injectable clock (``SKM_CLOCK``) drives both the
visit's age (the form-fill rule) and the open-link rate limit's window. The limit keeps its
production value ("120 per minute" per address) on Flask-Limiter's memory storage, whose
``time.time()`` is pointed at the same clock. Every request comes from one address, with CSRF
checks on, as in production.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import limits.storage.memory
import pytest
from sqlalchemy import func, select

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.responses.models import Response
from tests.respond_support import ANSWERS, open_survey

START = datetime.now(UTC).replace(microsecond=0)  # the survey is open today


class Clock:
    def __init__(self):
        self.at = START

    def __call__(self) -> datetime:
        return self.at

    def time(self) -> float:
        """The limiter's ``time.time()``."""
        return self.at.timestamp()


@pytest.fixture
def hall(make_app, make_tenant, monkeypatch):
    """(app, clock, open-link URL): production limits, CSRF on, time under the test's control."""
    tenant = make_tenant("disdukcapil", "Disdukcapil")
    survey = open_survey(tenant)
    clock = Clock()
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    app = make_app(WTF_CSRF_ENABLED=True, SKM_CLOCK=clock, RATELIMIT_STORAGE_URI="memory://",
                   SKM_OPEN_LINK_RATE_LIMIT="120 per minute", SKM_OPEN_LINK_MIN_SECONDS=5)
    return app, clock, f"/s/{tenant.slug}/{survey.public_code}", tenant


def _stored(tenant) -> int:
    db.session.expire_all()
    with tenant_scope(tenant.id):
        return db.session.scalar(select(func.count()).select_from(Response))


def _open_form(client, url: str) -> dict:
    """GET the form (a new visit when the client has no cookie); the answers with its token and nonce."""
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    nonce = re.search(r'name="nonce" value="([^"]+)"', page)[1]
    return {**ANSWERS, "csrf_token": token, "nonce": nonce}


def test_300_residents_in_an_hour_behind_one_address_all_get_through(hall):
    """One resident every 12 s, each taking 20–110 s to fill the form, visits overlapping."""
    app, clock, url, tenant = hall
    events = []
    for index in range(300):
        opened = START + timedelta(seconds=12 * index)
        events += [(opened, index, "open"), (opened + timedelta(seconds=20 + index % 10 * 10), index, "send")]
    clients, forms, answers = {}, {}, []
    for at, index, step in sorted(events):
        clock.at = at
        if step == "open":
            clients[index] = app.test_client()
            forms[index] = _open_form(clients[index], url)
        else:
            answers.append(clients.pop(index).post(url, data=forms.pop(index)))
    assert clock.at - START < timedelta(hours=1, minutes=2)
    assert [a.status_code for a in answers] == [200] * 300
    assert all("Terima kasih" in a.get_data(as_text=True) for a in answers)
    assert _stored(tenant) == 300


def test_one_visit_replayed_stores_one_answer_whatever_nonce_it_sends(hall):
    app, clock, url, tenant = hall
    client = app.test_client()
    data = _open_form(client, url)
    clock.at += timedelta(seconds=30)
    statuses = [client.post(url, data=data).status_code for _ in range(20)]
    statuses += [client.post(url, data={**data, "nonce": f"{i:022d}"}).status_code for i in range(20)]
    statuses += [client.post(url, data={**data, "nonce": ""}).status_code]
    assert statuses == [200] * 20 + [400] * 21
    assert _stored(tenant) == 1


def test_posts_without_a_visit_cookie_store_nothing(hall):
    app, clock, url, tenant = hall
    data = _open_form(app.test_client(), url)
    clock.at += timedelta(seconds=30)
    script = app.test_client(use_cookies=False)
    assert {script.post(url, data=data).status_code for _ in range(20)} == {400}
    assert _stored(tenant) == 0


def test_a_form_sent_faster_than_a_person_fills_it_comes_back_with_its_answers(hall):
    app, clock, url, tenant = hall
    client = app.test_client()
    data = _open_form(client, url)
    clock.at += timedelta(seconds=2)
    refused = client.post(url, data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "formulir dikirim terlalu cepat" in page
    assert 'id="U1-2" value="2" checked' in page and data["nonce"] in page
    assert _stored(tenant) == 0
    clock.at += timedelta(seconds=3)  # the resident presses "send" again
    assert client.post(url, data=data).status_code == 200
    assert _stored(tenant) == 1


def test_a_script_with_fresh_visits_is_held_to_the_rate_limit_per_address(hall):
    """130 visits opened at once and all sent 5 s later, within one minute: 120 pass, the rest get their form back."""
    app, clock, url, tenant = hall
    visits = [(client := app.test_client(), _open_form(client, url)) for _ in range(130)]
    clock.at += timedelta(seconds=5)
    answers = [client.post(url, data=data) for client, data in visits]
    assert [a.status_code for a in answers] == [200] * 120 + [429] * 10
    assert "Terlalu banyak jawaban dari jaringan ini" in answers[-1].get_data(as_text=True)
    assert _stored(tenant) == 120

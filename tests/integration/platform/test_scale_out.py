"""Scale out, shown: two web servers and two workers as if on two machines, one PostgreSQL and one Redis.

Each "machine" runs the README's commands, `gunicorn "skm:create_app()"` and `celery -A skm.workers
worker` (with a node name, as two hosts' workers have), configured through the environment alone,
with an instance folder of its own (``SKM_INSTANCE_PATH``) and a port of its own. They share what a
deployment shares: the database, Redis (broker and rate limits) and the ``SECRET_KEY``. Their Redis
database is the test's own (flushed after each test), not the broker of the messaging tests, whose
workers would otherwise take a share of these tasks. One web worker per server and one worker
process per machine keep the test light; the form cache lives per process either way. What a
resident or a member of staff would notice must not depend on which server answers: answers and
messages are neither lost nor doubled, the login limit counts on both, a visit or a session started
on one continues on the other, and a survey closed through one is refused by the other at once for
answers and within ``SKM_FORM_CACHE_SECONDS`` for its form.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from itertools import cycle

import pytest
import requests
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.services import find_user
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.invitations.models import Invitation
from skm.tenants.responses.models import Response
from tests.conftest import PASSWORD, TEST_REDIS_URL
from tests.integration.messaging.conftest import (  # noqa: F401 -- fixtures used by the tests below
    _free_port,
    campaign,
    gateway_server,
    sink,
    smtp_sink,
    wait_until,
    worker_env,
)
from tests.respond_support import form, invite, open_survey
from tests.stack_support import BIN, Http, start, stop

CACHE_SECONDS = 1
LOGIN_LIMIT = 6
CAMPAIGN = 400  # two messages.send tasks of 200; a worker of one process holds one task at a time
HIDDEN = re.compile(r'name="(csrf_token|nonce)"[^>]*value="([^"]+)"')
WRONG_PASSWORD = "Email atau kata sandi salah."


@pytest.fixture(scope="module")
def machines(app, database_url, smtp_sink, gateway_server, tmp_path_factory):  # noqa: F811
    """The base URLs of the two web servers, once both servers and both workers answer."""
    processes, urls = [], []
    for name in ("a", "b"):
        port = _free_port()
        env = worker_env(database_url, smtp_sink, gateway_server, SKM_BIND=f"127.0.0.1:{port}",
                         SKM_INSTANCE_PATH=str(tmp_path_factory.mktemp(f"machine-{name}")), WEB_CONCURRENCY="1",
                         SKM_FORM_CACHE_SECONDS=str(CACHE_SECONDS), SKM_LOGIN_RATE_LIMIT=f"{LOGIN_LIMIT} per minute",
                         SKM_OPEN_LINK_RATE_LIMIT="1000 per minute", REDIS_URL=TEST_REDIS_URL,
                         SKM_OPEN_LINK_MIN_SECONDS="0")  # these residents answer the instant the form arrives
        processes += [start([str(BIN / "gunicorn"), "skm:create_app()"], env),
                      start([str(BIN / "celery"), "-A", "skm.workers", "worker", "-n", f"machine-{name}@%h",
                             "--concurrency", "1"], env)]
        urls.append(f"http://127.0.0.1:{port}")
    yield urls
    for process in processes:
        stop(process)


@pytest.fixture
def servers(machines):
    """The two servers, up (Redis, so the rate-limit counts, is emptied after each test)."""
    for url in machines:
        wait_until(Http(url, {}).up, timeout=60)
    return machines


@pytest.fixture
def celery_control(make_app):
    """The workers' remote control, through their broker."""
    return make_app(REDIS_URL=TEST_REDIS_URL).extensions["celery"].control


def hidden_fields(page: requests.Response) -> dict[str, str]:
    """The form's CSRF token and nonce (the nonce only on resident forms)."""
    assert page.status_code == 200, page.text[:300]
    return dict(HIDDEN.findall(page.text))


def answer_across(first: str, second: str, path: str) -> requests.Response:
    """A resident opens the form on ``first``, sends it to ``second``, then sends it again to ``first``.

    Returns the answer to the repeat.
    """
    resident = requests.Session()
    data = form(**hidden_fields(resident.get(first + path)))
    sent = resident.post(second + path, data=data)
    assert sent.status_code == 200 and "Terima kasih" in sent.text, sent.text[:300]
    return resident.post(first + path, data=data)


def stored_channels(tenant) -> Counter:
    db.session.rollback()
    with tenant_scope(tenant.id):
        return Counter(db.session.scalars(select(Response.channel)))


def test_answers_sent_to_both_servers_are_each_stored_once(servers, make_tenant):
    tenant = make_tenant("dpmptsp")
    survey = open_survey(tenant)
    tokens = [invite(tenant, survey, f"warga{i}@mail.id") for i in range(4)]
    open_link = f"/s/dpmptsp/{survey.public_code}"
    pairs = cycle([servers, servers[::-1]])

    for first, second in (next(pairs) for _ in range(6)):
        repeat = answer_across(first, second, open_link)
        assert repeat.status_code == 200 and "Terima kasih" in repeat.text  # the same visit: thanked, not stored
    for token, (first, second) in zip(tokens, pairs, strict=False):
        repeat = answer_across(first, second, f"/r/{token}")
        assert repeat.status_code == 410  # this invitation was answered, on the other server

    assert stored_channels(tenant) == {"open_link": 6, "invitation": 4}
    with tenant_scope(tenant.id):
        assert set(db.session.scalars(select(Invitation.status))) == {"completed"}


def test_a_campaign_sent_while_both_workers_consume_delivers_every_message_once(
        servers, sink, campaign, bearer, celery_control):  # noqa: F811 -- fixtures imported above
    wait_until(lambda: len(celery_control.ping(timeout=0.5)) == 2, timeout=60)
    _, survey_id = campaign
    staff = bearer(find_user("staf@dpmptsp.id"))
    invitations = f"/api/v1/tenants/dpmptsp/surveys/{survey_id}/invitations"
    contacts = [{"email": f"warga{i}@mail.id", "name": f"Warga {i}"} for i in range(CAMPAIGN)]

    status, body = Http(servers[0], staff).call("POST", f"{invitations}?send=false", contacts)
    assert status == 200 and json.loads(body)["accepted"] == CAMPAIGN, body
    status, body = Http(servers[1], staff).call("POST", f"{invitations}/send")  # sent from the other server
    assert status == 200 and json.loads(body)["queued"] == CAMPAIGN, body

    wait_until(lambda: len(sink.recipients()) == CAMPAIGN, timeout=60)
    time.sleep(1)  # a doubled message would come in now
    assert set(sink.recipients().values()) == {1}
    assert len(sink.messages) == CAMPAIGN
    with tenant_scope(campaign[0].id):
        db.session.rollback()
        assert Counter(db.session.scalars(select(Invitation.status))) == {"sent": CAMPAIGN}
    tasks = {node: stats["total"].get("messages.send", 0) for node, stats in celery_control.inspect().stats().items()}
    assert len(tasks) == 2 and all(tasks.values()), tasks  # each machine's worker sent a share


def sign_in(server: str, email: str, password: str, browser: requests.Session | None = None) -> requests.Response:
    """The login form as a browser sends it: its page first (the CSRF token), then the POST."""
    browser = browser or requests.Session()
    token = hidden_fields(browser.get(f"{server}/login"))["csrf_token"]
    return browser.post(f"{server}/login", data={"email": email, "password": password, "csrf_token": token},
                        allow_redirects=False)


def test_the_login_limit_counts_failed_sign_ins_on_both_servers(servers, make_user):
    make_user("staf@dpmptsp.id")
    for server in (servers * LOGIN_LIMIT)[:LOGIN_LIMIT]:  # half the limit on each server
        failed = sign_in(server, "staf@dpmptsp.id", "Salah-12345")
        assert failed.status_code == 400 and WRONG_PASSWORD in failed.text

    for server in servers:
        assert sign_in(server, "staf@dpmptsp.id", PASSWORD).status_code == 429


def test_a_staff_session_started_on_one_server_works_on_the_other(servers, make_tenant, make_user):
    make_user("staf@dpmptsp.id", tenant=make_tenant("dpmptsp", "DPMPTSP Kotawaringin Timur"))
    browser = requests.Session()
    assert sign_in(servers[0], "staf@dpmptsp.id", PASSWORD, browser).status_code == 302

    page = browser.get(f"{servers[1]}/t/dpmptsp/", allow_redirects=False)
    assert page.status_code == 200 and "DPMPTSP Kotawaringin Timur" in page.text
    stranger = requests.get(f"{servers[1]}/t/dpmptsp/", allow_redirects=False, timeout=10)
    assert stranger.status_code == 302 and "/login" in stranger.headers["Location"]


def test_a_survey_closed_through_one_server_is_refused_by_the_other(servers, make_tenant, make_user, bearer):
    tenant = make_tenant("dpmptsp")
    admin = bearer(make_user("admin@dpmptsp.id", tenant=tenant, role="admin"))
    survey = open_survey(tenant)
    open_link = f"{servers[1]}/s/dpmptsp/{survey.public_code}"
    resident = requests.Session()
    data = form(**hidden_fields(resident.get(open_link)))  # server B now keeps the open survey's form

    status, body = Http(servers[0], admin).call("POST", f"/api/v1/tenants/dpmptsp/surveys/{survey.id}/close")
    assert status == 200, body
    closed_at = time.monotonic()
    refused = resident.post(open_link, data=data)
    assert refused.status_code == 410 and "Survei ini sudah ditutup." in refused.text
    wait_until(lambda: requests.get(open_link, timeout=10).status_code == 410, timeout=CACHE_SECONDS + 5, interval=0.1)
    assert time.monotonic() - closed_at < CACHE_SECONDS + 2  # the form too, once B's cached copy expired
    assert stored_channels(tenant) == {}

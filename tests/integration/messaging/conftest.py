"""Real parts for the messaging tests: an SMTP sink (aiosmtpd), loopback HTTP gateways, Celery workers.

The Celery broker is Redis db 10 (SKM_TEST_BROKER), flushed after each test so no queue outlives it.
"""

from __future__ import annotations

import email
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import redis
from aiosmtpd.controller import Controller

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.responses.services import local_today
from tests.factories import make_survey

BROKER_URL = os.environ.get("SKM_TEST_BROKER", "redis://127.0.0.1:6379/10")
ROOT = Path(__file__).resolve().parents[3]
CLAIM_SECONDS = 5
"""Workers treat a claim older than this as abandoned (production: 15 minutes)."""


def wait_until(predicate, timeout: float = 30, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {predicate}")


class Sink:
    """Collects what the SMTP server receives: one entry per recipient and message."""

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()
        self.rcpt_delay = 0.0
        #: set while a recipient waits out the delay: nothing of that message is accepted yet
        self.holding = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 -- aiosmtpd hook
        if self.rcpt_delay:
            self.holding.set()
            time.sleep(self.rcpt_delay)  # a busy server, before it has accepted anything
            self.holding.clear()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd hook name
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            for _rcpt in envelope.rcpt_tos:
                self.messages.append(message)
        return "250 OK"

    def recipients(self) -> Counter:
        with self.lock:
            return Counter(m["To"] for m in self.messages)


@pytest.fixture(scope="session")
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def sink(smtp_sink):
    smtp_sink.handler.messages.clear()
    smtp_sink.handler.rcpt_delay = 0.0
    return smtp_sink.handler


class Gateway(ThreadingHTTPServer):
    """A loopback provider: records each request and answers from a script (default 200 JSON)."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", _free_port()), _GatewayHandler)
        self.requests: list[dict] = []
        self.script: list[tuple[int, dict]] = []
        self.default = (200, {"id": "gw"})
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.script.clear()
            self.default = (200, {"id": "gw"})

    def answer(self, record: dict) -> tuple[int, dict]:
        with self.lock:
            self.requests.append(record)
            status, body = self.script.pop(0) if self.script else self.default
            if status < 300 and "id" in body:
                body = {**body, "id": f"{body['id']}-{len(self.requests)}"}
            return status, body


class _GatewayHandler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 -- http.server hook name
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Type", "").startswith("application/json"):
            body = json.loads(raw)
        else:
            body = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        status, answer = self.server.answer({"path": self.path, "headers": dict(self.headers), "body": body})
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def gateway_server():
    server = Gateway()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def gateway(gateway_server):
    gateway_server.reset()
    return gateway_server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def messaging_config(smtp_sink, gateway_server, **overrides) -> dict:
    config = {
        "REDIS_URL": BROKER_URL, "SMTP_URL": f"smtp://127.0.0.1:{smtp_sink.port}", "MAIL_FROM": "skm@kotim.go.id",
        "SKM_BASE_URL": "http://skm.test", "SMS_BACKEND": "http", "SMS_HTTP_URL": f"{gateway_server.url}/sms",
        "SMS_HTTP_TOKEN": "gw-token", "SMS_WEBHOOK_SECRET": "hook-secret",
        "MESSAGE_RATE_LIMITS": {"email": 100000.0, "sms": 100000.0, "whatsapp": 100000.0},
        "MESSAGE_RETRY_BASE_SECONDS": 0.2, "MESSAGE_RETRY_MAX_SECONDS": 1.0,
    }
    config.update(overrides)
    return config


def worker_env(database_url: str, smtp_sink, gateway_server, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": BROKER_URL, "SECRET_KEY": "test-secret",
           "SMTP_URL": f"smtp://127.0.0.1:{smtp_sink.port}", "MAIL_FROM": "skm@kotim.go.id",
           "SKM_BASE_URL": "http://skm.test", "SMS_BACKEND": "http", "SMS_HTTP_URL": f"{gateway_server.url}/sms",
           "SMS_HTTP_TOKEN": "gw-token", "SKM_RATE_EMAIL": "100000", "SKM_RATE_SMS": "100000",
           "SKM_MESSAGE_RETRY_BASE_SECONDS": "0.2", "SKM_MESSAGE_RETRY_MAX_SECONDS": "1",
           "SKM_MESSAGE_CLAIM_SECONDS": str(CLAIM_SECONDS)}
    env.update(extra)
    return env


class Worker:
    """``celery -A skm.workers worker`` as a subprocess (solo pool: one process to kill)."""

    def __init__(self, env: dict[str, str]):
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), "-A", "skm.workers", "worker", "-Q", "messages,default",
             "-P", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="session")
def worker_factory(database_url, smtp_sink, gateway_server):
    started: list[Worker] = []

    def start(**extra: str) -> Worker:
        worker = Worker(worker_env(database_url, smtp_sink, gateway_server, **extra))
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture(scope="session")
def worker(worker_factory):
    """One long-lived worker for the tests that only need sending to happen."""
    return worker_factory()


@pytest.fixture
def mapp(app, make_app, smtp_sink, gateway_server):
    """``mapp(**overrides)``: an app wired to the sink, the gateway and the test broker.

    ``app`` is requested so that the tables are emptied after the test.
    """

    def make(**overrides):
        return make_app(**messaging_config(smtp_sink, gateway_server, **overrides))

    yield make
    redis.Redis.from_url(BROKER_URL).flushdb()


@pytest.fixture
def campaign(make_tenant, make_user, app_ctx):
    """A tenant with an open survey (service type "Loket") and a staff user.

    The survey runs from 2026-01-01 (before the tests' injected clocks) until a month after today:
    messages are only sent for a survey whose period has not ended.
    """
    tenant = make_tenant("dpmptsp", "DPMPTSP Kotawaringin Timur")
    make_user("staf@dpmptsp.id", tenant=tenant, role="staff")
    with tenant_scope(tenant.id):
        survey = make_survey(service_types=("Loket",))
        survey.ends_on = local_today(tenant) + timedelta(days=30)
        survey_id = survey.id
        db.session.commit()
    return tenant, survey_id


class Clock:
    """An injected clock for time travel (``SKM_CLOCK``)."""

    def __init__(self, start: datetime):
        self.at = start

    def __call__(self) -> datetime:
        return self.at

    def set(self, *args) -> None:
        self.at = datetime(*args, tzinfo=UTC)

"""A hung provider cannot hold a worker: real loopback peers that accept and then never answer, or trickle.

The silent peer trips each wait's socket timeout; the trickling one sends a byte every 0.1 s, which
no socket timeout ever notices, so only the deadline on the whole exchange stops it. Timeouts are
0.5 s here (``SKM_SMTP_TIMEOUT``, ``SKM_GATEWAY_TIMEOUT``) to keep the tests fast.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest

from skm.platform.mailer import Letter, MailError, SmtpBackend, build
from skm.tenants.invitations.models import Invitation
from skm.workers.channels.base import TransientError, post
from tests.conftest import TEST_REDIS_URL
from tests.integration.messaging.conftest import wait_until
from tests.integration.messaging.test_reliability import _invite, _rows

TIMEOUT = 0.5
#: what "gives up within the timeout" allows for a loaded two-core machine
SLACK = 2.5
#: the trickling peer's never-ending first line: an SMTP greeting, an HTTP status line and header
TRICKLES = {"smtp": b"220-" + b"x" * 10_000, "http": b"HTTP/1.1 200 OK\r\nX-Slow: " + b"x" * 10_000}


class HungPeer:
    """A loopback server that accepts every connection and then says nothing, or trickles ``lines``."""

    def __init__(self, trickle: bytes | None = None):
        self.trickle, self.stop = trickle, threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while not self.stop.is_set():
                connection, _ = self.listener.accept()
                self.accepted += 1
                threading.Thread(target=self._hold, args=(connection,), daemon=True).start()

    def _hold(self, connection: socket.socket) -> None:
        with connection, contextlib.suppress(OSError):
            for byte in self.trickle or b"":
                if self.stop.wait(0.1):
                    return
                connection.sendall(bytes([byte]))
            self.stop.wait()

    def close(self) -> None:
        self.stop.set()
        self.listener.close()


@pytest.fixture(params=["silent", "trickling"])
def peer_kind(request):
    return request.param


def _peer(kind: str, protocol: str) -> HungPeer:
    return HungPeer(TRICKLES[protocol] if kind == "trickling" else None)


def _letter() -> Letter:
    message = build(mail_from="skm@kotim.go.id", to="warga@mail.id", subject="Survei", text="Halo",
                    message_id="<t@kotim.go.id>")
    return Letter(message, "skm@kotim.go.id", ["warga@mail.id"], "t")


def test_smtp_send_to_a_hung_server_gives_up_within_the_timeout(peer_kind):
    peer = _peer(peer_kind, "smtp")
    started = time.monotonic()
    try:
        with pytest.raises(MailError) as refused:
            SmtpBackend(f"smtp://127.0.0.1:{peer.port}", TIMEOUT).send(_letter())
    finally:
        peer.close()
    assert time.monotonic() - started < TIMEOUT + SLACK
    assert not refused.value.permanent  # retried later, as any timeout


def test_gateway_post_to_a_hung_server_gives_up_within_the_timeout(peer_kind, data_app, monkeypatch):
    monkeypatch.setitem(data_app.config, "SKM_GATEWAY_TIMEOUT", TIMEOUT)
    peer = _peer(peer_kind, "http")
    started = time.monotonic()
    try:
        with data_app.app_context(), pytest.raises(TransientError, match="gateway unreachable"):
            post(f"http://127.0.0.1:{peer.port}/sms", headers={}, json_body={"to": "+62812", "message": "Halo"})
    finally:
        peer.close()
    assert time.monotonic() - started < TIMEOUT + SLACK


def test_a_trickling_smtp_server_leaves_the_worker_free_and_the_message_pending(mapp, worker_factory, gateway,
                                                                                 campaign, bearer):
    """The email goes back to pending with a retry time; the worker sends the next task's SMS meanwhile.

    This worker has a broker of its own (the test Redis db), so the suite's long-lived worker, which
    sends to the SMTP sink, cannot take these tasks.
    """
    tenant, survey_id = campaign
    peer = HungPeer(TRICKLES["smtp"])
    smtp_url = f"smtp://127.0.0.1:{peer.port}"
    worker = worker_factory(REDIS_URL=TEST_REDIS_URL, SMTP_URL=smtp_url, SKM_SMTP_TIMEOUT=str(TIMEOUT))
    app = mapp(REDIS_URL=TEST_REDIS_URL, SMTP_URL=smtp_url)
    try:
        _invite(app, survey_id, bearer, [{"email": "warga@mail.id"}])
        wait_until(lambda: peer.accepted >= 1, timeout=30)
        _invite(app, survey_id, bearer, [{"phone": "081234567890"}])
        wait_until(lambda: _rows(tenant, Invitation.channel, Invitation.status)[1] == ("sms", "sent"), timeout=30)
        wait_until(lambda: _rows(tenant, Invitation.status, Invitation.attempts)[0][0] == "pending"
                   and _rows(tenant, Invitation.attempts)[0][0] >= 1, timeout=30)
        (reason, retry_at), _sms = _rows(tenant, Invitation.failure_reason, Invitation.next_attempt_at)
        assert f"no complete answer within {TIMEOUT:g} s" in reason and retry_at is not None
        assert [r["body"]["to"] for r in gateway.requests] == ["+6281234567890"]
    finally:
        worker.stop()
        peer.close()

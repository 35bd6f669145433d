"""The campaign's receivers on loopback: an SMTP sink (aiosmtpd) and an HTTP server standing in for the SMS gateway.

Both run as threads of the driver. Each counts what it receives by recipient (and the SMTP sink
by Message-ID too), so the driver can prove every invitation arrived exactly once, and pushes the
invitation link it finds in the text onto a Redis list: the locust residents who answer by
invitation take their links from there, as a resident takes it from the mail or SMS.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis
from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://[^\s/]+(/r/[A-Za-z0-9_-]+)")


class Tally:
    """What one receiver got: messages per recipient and per message id, the first and last arrival."""

    def __init__(self, redis_url: str, links_key: str):
        self.recipients: Counter[str] = Counter()
        self.message_ids: Counter[str] = Counter()
        self.first: float | None = None
        self.last: float | None = None
        self.lock = threading.Lock()
        self.links = redis.Redis.from_url(redis_url)
        self.links_key = links_key

    def add(self, recipient: str, text: str, message_id: str | None = None) -> None:
        with self.lock:
            self.recipients[recipient] += 1
            if message_id is not None:
                self.message_ids[message_id] += 1
            self.last = time.monotonic()
            self.first = self.first or self.last
        if found := LINK.search(text):
            self.links.rpush(self.links_key, found.group(1))

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.recipients.values())

    def repeated(self) -> int:
        """Recipients or message ids received more than once (each extra copy counts)."""
        with self.lock:
            return sum(n - 1 for n in self.recipients.values() if n > 1) + \
                sum(n - 1 for n in self.message_ids.values() if n > 1)


class _SmtpHandler:
    def __init__(self, tally: Tally):
        self.tally = tally

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd hook name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        for recipient in envelope.rcpt_tos:
            self.tally.add(recipient.lower(), text, message["Message-ID"] or "")
        return "250 OK"


class SmtpSink:
    """aiosmtpd on 127.0.0.1:``port``."""

    def __init__(self, port: int, tally: Tally):
        self.tally = tally
        self.controller = Controller(_SmtpHandler(tally), hostname="127.0.0.1", port=port)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


class _GatewayHandler(BaseHTTPRequestHandler):
    """The generic gateway of CONTRACT.md: POST JSON ``{"to", "message"}``, 200 with an id."""

    def do_POST(self):  # noqa: N802 -- http.server hook name
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        tally: Tally = self.server.tally
        tally.add(body["to"], body["message"])
        answer = json.dumps({"id": f"gw-{tally.total}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


class SmsGateway(ThreadingHTTPServer):
    """The loopback SMS gateway on 127.0.0.1:``port``."""

    daemon_threads = True

    def __init__(self, port: int, tally: Tally):
        super().__init__(("127.0.0.1", port), _GatewayHandler)
        self.tally = tally

    def __enter__(self) -> SmsGateway:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()

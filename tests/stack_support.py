"""The README's production processes as subprocesses, and a small JSON client for their API.

Used by the tests that start ``gunicorn "skm:create_app()"`` and ``celery -A skm.workers worker``
exactly as the README writes them, configured through the environment alone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def start(argv: list[str], env: dict[str, str]) -> subprocess.Popen:
    """``argv`` from the repository root, in a process group of its own (stopped whole by :func:`stop`)."""
    return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


class Http:
    """JSON requests to one server, with fixed headers (a bearer token)."""

    def __init__(self, base: str, headers: dict[str, str]):
        self.base, self.headers = base, headers

    def call(self, method: str, path: str, body=None) -> tuple[int, bytes]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={**self.headers, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def up(self) -> bool:
        try:
            return self.call("GET", "/healthz")[0] == 200
        except OSError:
            return False

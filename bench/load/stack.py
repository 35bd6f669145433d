"""The stack under load, started as the README starts it: gunicorn, the Celery workers of compose, beat.

Every process runs in its own session (so the whole tree stops together), from the repository
root (gunicorn reads gunicorn.conf.py there), with the driver's environment only, and writes to a
log file that the driver reads for errors at the end.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from celery import Celery

from bench.respond_bench import tree_cpu_seconds as _tree_cpu

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
#: a line that tells of a failure in a gunicorn, Flask or Celery log
FAILURE = re.compile(r"Traceback|\bERROR\b|\bCRITICAL\b|WORKER TIMEOUT")


@dataclass
class Service:
    name: str
    process: subprocess.Popen
    log: Path

    def failures(self) -> list[str]:
        return [line for line in self.log.read_text(errors="replace").splitlines() if FAILURE.search(line)]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def start(name: str, argv: list[str], env: dict[str, str], logs: Path) -> Service:
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    return Service(name, process, log)


#: name → the README's command (compose's queues and concurrency for the two workers)
COMMANDS = {
    "web": [str(BIN / "gunicorn"), "skm:create_app()"],
    "worker": [str(BIN / "celery"), "-A", "skm.workers", "worker", "-Q", "messages,default", "-n", "worker@%h"],
    "report-worker": [str(BIN / "celery"), "-A", "skm.workers", "worker", "-Q", "reports", "--concurrency", "1",
                      "-n", "reports@%h"],
}


def start_stack(env: dict[str, str], logs: Path) -> list[Service]:
    """Web server, both workers and beat; returns once the web server is ready and both workers answer."""
    beat = [str(BIN / "celery"), "-A", "skm.workers", "beat", "--schedule", str(logs / "celerybeat-schedule")]
    services = [start(name, argv, env, logs) for name, argv in (*COMMANDS.items(), ("beat", beat))]
    try:
        _wait_ready(env, services)
    except BaseException:
        stop_stack(services)
        raise
    return services


def stop_stack(services: list[Service]) -> None:
    for service in services:
        service.stop()


def _wait_ready(env: dict[str, str], services: list[Service], timeout: float = 120) -> None:
    control = Celery(broker=env["REDIS_URL"]).control
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if dead := [s.name for s in services if s.process.poll() is not None]:
            raise SystemExit(f"{', '.join(dead)} exited at start; see {services[0].log.parent}")
        if _web_ready(env["SKM_BASE_URL"]) and len(control.ping(timeout=0.5)) >= 2:
            return
        time.sleep(0.5)
    raise SystemExit(f"the stack was not ready within {timeout:.0f} s; see {services[0].log.parent}")


def _web_ready(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/readyz", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def tree_cpu_seconds(services: list[Service]) -> dict[str, float]:
    """CPU seconds used so far by each service's process tree (the gunicorn master and its workers, …)."""
    return {s.name: _tree_cpu(s.process.pid) for s in services}

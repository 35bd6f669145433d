"""Resident submissions through gunicorn on PostgreSQL, against a bare Flask INSERT baseline.

Run from the repository root (needs PostgreSQL on 127.0.0.1:5432; Redis optional):

    .venv/bin/python -m bench.respond_bench [--requests 4000] [--seconds 20]

1. submissions/s of the open-link form POST (CSRF token and a fresh nonce per POST, one
   session per client) with 50 concurrent clients, against the bare view of bench/bare_app.py
   under the same gunicorn settings, measured in the same run: ratio and p99.
2. the whole resident path with 8 concurrent clients, a new session per resident: GET the form,
   POST it with its CSRF token, see the thank-you page: completions/s.

Loopback only, bounded in count and time. Targets: ratio ≥ 0.6, p99 < 200 ms, ≥ 400 completions/s.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = "skm_bench_residents"
GUNICORN = [sys.executable, "-m", "gunicorn", "--worker-class", "gthread", "--workers",
            os.environ.get("BENCH_WORKERS", "4"), "--threads", os.environ.get("BENCH_THREADS", "4"),
            "--log-level", "warning", "--keep-alive", "5"]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
NONCE = re.compile(r'name="nonce" value="([^"]+)"')
ANSWERS = {f"U{i}": str(1 + i % 4) for i in range(1, 10)}


def database_url() -> str:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + DB_NAME


def seed(env: dict) -> dict[str, str]:
    """Migrate and create one tenant with an open survey; return its ids and open-link path."""
    subprocess.run([str(ROOT / ".venv/bin/skm"), "db", "upgrade"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    os.environ.update(env)
    from skm import create_app
    from skm.extensions import db
    from skm.platform.agencies.services import create_tenant
    from skm.platform.tenancy import tenant_scope
    from skm.tenants.questionnaires.services import standard_questionnaire
    from skm.tenants.responses.services import local_today
    from skm.tenants.surveys.models import Survey

    app = create_app()
    with app.app_context():
        tenant = create_tenant("bench", "Dinas Bench")
        with tenant_scope(tenant.id):
            today = local_today(tenant)
            survey = Survey(title="Bench", questionnaire=standard_questionnaire(), status="open",
                            starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=30))
            db.session.add(survey)
            db.session.flush()
            ids = {"BENCH_TENANT": str(tenant.id), "BENCH_SURVEY": str(survey.id),
                   "BENCH_QUESTIONNAIRE": str(survey.questionnaire_id), "path": f"/s/bench/{survey.public_code}"}
        db.session.commit()
        db.engine.dispose()
    return ids


@contextmanager
def gunicorn(app_spec: str, port: int, env: dict):
    process = subprocess.Popen([*GUNICORN, "--bind", f"127.0.0.1:{port}", app_spec], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


class Client:
    """One keep-alive connection with its own cookies."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, data, headers)
        response = self.conn.getresponse()
        text = response.read().decode()
        if cookie := response.getheader("Set-Cookie"):
            self.cookie = cookie.split(";", 1)[0]
        return response.status, text


def run_load(clients: int, total: int, seconds: float, make_worker) -> tuple[int, float, list[float]]:
    """Run ``make_worker(index)()`` repeatedly on ``clients`` threads, bounded in count and time."""
    latencies: list[float] = []
    lock, done = threading.Lock(), [0]
    deadline = time.monotonic() + seconds

    def loop(index: int) -> None:
        step = make_worker(index)
        while time.monotonic() < deadline:
            with lock:
                if done[0] >= total:
                    return
                done[0] += 1
            started = time.perf_counter()
            step()
            with lock:
                latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), time.perf_counter() - started, latencies


def p99(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


def app_submitter(port: int, path: str):
    def make(index: int):
        client = Client(port)
        status, page = client.request("GET", path)
        token = CSRF.search(page).group(1)

        def step():
            status, text = client.request("POST", path, {**ANSWERS, "csrf_token": token,
                                                         "nonce": secrets.token_urlsafe(16)})
            assert status == 200 and "Terima kasih" in text, (status, text[:300])
        return step
    return make


def bare_submitter(port: int):
    def make(index: int):
        client = Client(port)

        def step():
            status, _ = client.request("POST", "/bare", {**ANSWERS, "nonce": secrets.token_urlsafe(16)})
            assert status == 200, status
        return step
    return make


def resident_path(port: int, path: str):
    def make(index: int):
        def step():
            client = Client(port)  # a new resident: new connection, no cookies
            status, page = client.request("GET", path)
            assert status == 200, status
            form = {**ANSWERS, "csrf_token": CSRF.search(page).group(1), "nonce": NONCE.search(page).group(1)}
            status, text = client.request("POST", path, form)
            assert status == 200 and "Terima kasih" in text, (status, text[:300])
            client.conn.close()
        return step
    return make


def report(name: str, count: int, elapsed: float, latencies: list[float]) -> float:
    rate, p50 = count / elapsed, sorted(latencies)[len(latencies) // 2] * 1000
    print(f"{name:<38} {count:>6} in {elapsed:6.2f}s  {rate:8.1f}/s  p50 {p50:6.1f} ms  p99 {p99(latencies):6.1f} ms")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    url = database_url()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-secret",
           "SKM_OPEN_LINK_RATE_LIMIT": "1000000/minute", "SKM_INSTANCE_PATH": "/tmp/skm-bench-instance",
           "PYTHONPATH": str(ROOT), "REDIS_URL": os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/11")}
    ids = seed(env)
    env.update({k: v for k, v in ids.items() if k.startswith("BENCH_")})
    print(f"gunicorn: {' '.join(GUNICORN[3:])}; {args.concurrency} clients; REDIS_URL={env.get('REDIS_URL') or '-'}")
    with gunicorn("bench.bare_app:create_bare_app()", 8771, env):
        run_load(4, 200, 5, bare_submitter(8771))  # warm-up
        bare = report("bare Flask INSERT",
                      *run_load(args.concurrency, args.requests, args.seconds, bare_submitter(8771)))
    with gunicorn("skm:create_app()", 8772, env):
        run_load(4, 200, 5, app_submitter(8772, ids["path"]))
        count, elapsed, latencies = run_load(args.concurrency, args.requests, args.seconds,
                                             app_submitter(8772, ids["path"]))
        app = report("open-link form POST (app)", count, elapsed, latencies)
        app_p99 = p99(latencies)
        path = report("resident path GET+POST, 8 clients", *run_load(8, args.requests, args.seconds,
                                                                     resident_path(8772, ids["path"])))
    print(f"ratio app/bare = {app / bare:.2f} (target >= 0.6); p99 = {app_p99:.0f} ms (target < 200); "
          f"resident path = {path:.0f} completions/s (target >= 400)")


if __name__ == "__main__":
    main()

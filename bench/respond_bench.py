"""Resident submissions through gunicorn on PostgreSQL, against a bare Flask INSERT baseline.

Run from the repository root (needs PostgreSQL on 127.0.0.1:5432, Redis, and wrk:
``make bench-tools``):

    .venv/bin/python -m bench.respond_bench [--seconds 10] [--rounds 3]

Both servers run with the web service's own settings (gunicorn.conf.py) and the load comes from
wrk (bench/wrk/*.lua), a C load generator that leaves the two cores to the server. Each round
measures, in this order:

0. the issue's scale figure (bench/calibration_app.py: psycopg INSERT, 2 sync workers), 50
   connections, to read the resident path against the machine of the day;
1. the bare baseline (bench/bare_app.py): form POSTs inserting the same row, 50 connections;
2. the open-link form POST of the application (CSRF token, a fresh nonce per POST), 50
   connections: submissions/s, ratio to the baseline of the same round, p99;
3. the whole resident path with 8 connections, a new session per resident: GET the form, POST
   it with its CSRF token and nonce, check the thank-you page: completions/s.

Rounds alternate the servers so that a slow spell of the shared machine hits both; the summary
gives each figure's median over the rounds. Each round starts by timing a fixed pure-Python loop
("cpu"), so that a round run while the shared machine was slow shows as such. Every answered
POST must be a stored row: the run fails if the database holds fewer rows than the 200 answers
counted.
Targets: ratio ≥ 0.6, p99 < 200 ms, ≥ 400 completions/s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import psycopg

from bench.figures import Comparison
from bench.scratch import APP_ROLE, ensure_app_role, fresh_database

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPTS = ROOT / "bench" / "wrk"
DB_NAME = "skm_bench_residents"
PORTS = {"bare": 8771, "app": 8772, "calibration": 8773}
#: the issue's scale: a bare psycopg INSERT at 1,250/s and 400 resident completions/s on its machine
ISSUE_SCALE = 400 / 1250
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def bench_env(url: str) -> dict[str, str]:
    """The environment of the servers under test (and of the seeding): no open-link limits (the bench
    posts each form at once).

    SKM connects as APP_ROLE and migrates as ``url``'s user; the bare baselines keep ``url``
    (BENCH_BARE_DATABASE_URL), an INSERT with no row policy in its way.
    """
    scheme, rest = url.split("://", 1)
    app_url = f"{scheme}://{APP_ROLE}@{rest.split('@', 1)[-1]}"
    return {**os.environ, "DATABASE_URL": app_url, "SKM_MIGRATION_DATABASE_URL": url,
            "BENCH_BARE_DATABASE_URL": url, "SECRET_KEY": "bench-secret",
            "SKM_OPEN_LINK_RATE_LIMIT": "1000000/minute", "SKM_OPEN_LINK_MIN_SECONDS": "0",
            "SKM_INSTANCE_PATH": "/tmp/skm-bench-instance",
            "PYTHONPATH": str(ROOT), "REDIS_URL": os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/11")}


def seed(env: dict) -> dict[str, str]:
    """Migrate, grant the app role, and create one tenant with an open survey; return its ids and open-link path."""
    ensure_app_role()
    for command in (["db", "upgrade"], ["db", "grant", APP_ROLE]):
        subprocess.run([str(ROOT / ".venv/bin/skm"), *command], env=env, cwd=ROOT, check=True, capture_output=True)
    os.environ.update(env)
    from skm import create_app
    from skm.extensions import db
    from skm.platform.agencies.services import create_tenant
    from skm.platform.data.tenancy import tenant_scope
    from skm.tenants.questionnaires.services import freeze, standard_questionnaire
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
            freeze(survey.questionnaire)  # as after the first answer, the state of a survey in use
            ids = {"BENCH_TENANT": str(tenant.id), "BENCH_SURVEY": str(survey.id),
                   "BENCH_QUESTIONNAIRE": str(survey.questionnaire_id), "path": f"/s/bench/{survey.public_code}"}
            db.session.commit()  # in the tenant's scope: row security shows the rows it flushes to no other
        for engine in db.engines.values():
            engine.dispose()
    return ids


def stored_rows(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM responses").fetchone()[0]


def medians_of(rounds: list[dict], url: str) -> dict[str, float]:
    """Each figure's median over the rounds, once every answered request proved a stored row.

    Adds ``answered`` (over all rounds) and ``stored`` (the rows in the database).
    """
    answered, stored = sum(r["answered"] for r in rounds), stored_rows(url)
    if stored < answered:
        raise SystemExit(f"only {stored} rows stored for {answered} answered requests")
    return {**{key: statistics.median(r[key] for r in rounds) for key in rounds[0]},
            "answered": answered, "stored": stored}


def summary_head(rounds: int, medians: dict[str, float]) -> str:
    """The summary's opening words: the bare baseline's medians."""
    return f"median of {rounds} rounds: bare {medians['bare']:.0f}/s (p99 {medians['bare_p99']:.0f} ms), "


def report_run(index: int, label: str, figures: dict, width: int) -> None:
    """One server's line of a round; the run stops when any request failed."""
    failed = figures["errors"] + figures["non_2xx"] + figures.get("failures", 0)
    print(f"  round {index}: {label:<{width}} {figures['rate']:8.1f} req/s  p50 {figures['p50_ms']:6.1f} ms  "
          f"p99 {figures['p99_ms']:6.1f} ms  server CPU {figures['cpu_ms']:.2f} ms/req  failed {failed}"
          + (f"  {figures['completions_per_s']:.0f} completions/s" if "completions" in figures else ""))
    if failed:
        raise SystemExit(f"{label}: {failed} requests failed")


@contextmanager
def gunicorn(app_spec: str, port: int, env: dict, *settings: str):
    """The server with gunicorn.conf.py's settings (read from the repository root) unless overridden."""
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                                "--log-level", "warning", *settings, app_spec], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 90  # a busy shared machine starts a server slowly
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                connection.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"{app_spec} did not answer /healthz on port {port} within 90 s") from None
                time.sleep(0.2)
        yield process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def tree_cpu_seconds(pid: int) -> float:
    """User and system CPU seconds used so far by a process and its children (Linux /proc)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if entry.name == str(pid) or fields[1] == str(pid):
            total += int(fields[11]) + int(fields[12])
    return total / tick


def measured(server_pid: int, *wrk_args) -> dict:
    """wrk's figures plus the server's CPU milliseconds per request."""
    before = tree_cpu_seconds(server_pid)
    figures = wrk(*wrk_args)
    figures["cpu_ms"] = (tree_cpu_seconds(server_pid) - before) * 1000 / max(figures["requests"], 1)
    return figures


def wrk(script: str, port: int, connections: int, threads: int, seconds: float, *args: str) -> dict:
    """Run wrk with a script of bench/wrk; its ``done`` prints one JSON line of figures."""
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
         "-s", str(WRK_SCRIPTS / script), f"http://127.0.0.1:{port}", "--", *args],
        capture_output=True, text=True, check=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    figures["rate"] = figures["requests"] / figures["seconds"]
    return figures


def visit_for(port: int, path: str) -> tuple[str, str]:
    """One resident's visit cookie and CSRF token, from a GET of the form."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)  # the first form renders it once
    connection.request("GET", path)
    response = connection.getresponse()
    page = response.read().decode()
    return response.getheader("Set-Cookie").split(";", 1)[0], CSRF.search(page).group(1)


def cpu_loop_ms() -> float:
    """The best of three timings of a fixed pure-Python loop: how fast the machine is right now."""
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        sum(i * i for i in range(300_000))
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings)


def measure_round(index: int, env: dict, path: str, args) -> dict:
    concurrency, seconds = str(args.concurrency), args.seconds
    print(f"  round {index}: cpu loop {cpu_loop_ms():.1f} ms")
    threads = min(args.concurrency, 2)
    with gunicorn("bench.calibration_app:create_calibration_app()", PORTS["calibration"], env, "-k", "sync",
                  "-w", "2") as pid:
        wrk("post.lua", PORTS["calibration"], args.concurrency, threads, 2, "/bare", f"v{index}")
        calibration = measured(pid, "post.lua", PORTS["calibration"], args.concurrency, threads, seconds, "/bare",
                               f"c{index}")
    with gunicorn("bench.bare_app:create_bare_app()", PORTS["bare"], env) as pid:
        wrk("post.lua", PORTS["bare"], args.concurrency, threads, 3, "/bare", f"w{index}")
        bare = measured(pid, "post.lua", PORTS["bare"], args.concurrency, threads, seconds, "/bare", f"b{index}")
    with gunicorn("skm:create_app()", PORTS["app"], env) as pid:
        cookie, token = visit_for(PORTS["app"], path)
        wrk("post.lua", PORTS["app"], int(concurrency), threads, 3, path, f"x{index}", cookie, token)
        app = measured(pid, "post.lua", PORTS["app"], int(concurrency), threads, seconds, path, f"a{index}",
                       cookie, token)
        resident = measured(pid, "resident.lua", PORTS["app"], 8, 8, seconds, path)
    resident["completions_per_s"] = resident["completions"] / resident["seconds"]
    for name, figures in (("issue's scale: psycopg INSERT, 2 sync", calibration), ("bare Flask INSERT", bare),
                          ("open-link form POST (app)", app), ("resident path GET+POST, 8 clients", resident)):
        report_run(index, name, figures, 36)
    return {"bare": bare["rate"], "app": app["rate"], "ratio": app["rate"] / bare["rate"], "p99": app["p99_ms"],
            "bare_p99": bare["p99_ms"], "resident": resident["completions_per_s"],
            "answered": calibration["requests"] + bare["requests"] + app["requests"] + resident["completions"],
            "calibration": calibration["rate"], "scaled": resident["completions_per_s"] / calibration["rate"],
            "cpu_ratio": bare["cpu_ms"] / app["cpu_ms"],
            "resident_cpu": resident["cpu_ms"] * resident["requests"] / max(resident["completions"], 1)}


def load_arguments(doc: str, argv: list[str] | None) -> argparse.Namespace:
    """The options of the wrk benchmarks (this one and bench/api_respond_bench.py); wrk must be installed."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: make bench-tools (apt-get install wrk)")
    return args


def main(argv: list[str] | None = None) -> list[Comparison]:
    """Print the report; return its figures against their baselines (bench/figures.py)."""
    args = load_arguments(__doc__, argv)
    url = fresh_database(DB_NAME)
    env = bench_env(url)
    ids = seed(env)
    env.update({k: v for k, v in ids.items() if k.startswith("BENCH_")})
    print(f"gunicorn.conf.py settings, {os.cpu_count()} CPUs; wrk; {args.concurrency} clients for the POSTs")
    rounds = [measure_round(index, env, ids["path"], args) for index in range(1, args.rounds + 1)]
    m = medians_of(rounds, url)
    print(summary_head(args.rounds, m) + f"app {m['app']:.0f}/s; ratio app/bare = {m['ratio']:.2f} (target >= 0.6); "
          f"app p99 = {m['p99']:.0f} ms (target < 200); resident path = {m['resident']:.0f} "
          f"completions/s (target >= 400); {m['stored']} rows stored for {m['answered']} answers")
    print(f"the issue's scale: its bare psycopg INSERT runs at {m['calibration']:.0f}/s here (1,250/s in the "
          f"issue); resident completions per such INSERT = {m['scaled']:.2f} (the issue's targets: "
          f"{ISSUE_SCALE:.2f}, i.e. {ISSUE_SCALE * m['calibration']:.0f} completions/s on this machine today)")
    print(f"server CPU per request, bare/app: {m['cpu_ratio']:.2f}; the resident path costs the server "
          f"{m['resident_cpu']:.2f} ms of CPU per completion")
    return [Comparison("open-link form POST (app)", m["app"], "bare Flask INSERT", m["bare"], "req/s",
                       f"app p99 {m['p99']:.0f} ms, bare p99 {m['bare_p99']:.0f} ms; targets ≥ 0.6, p99 < 200 ms"),
            Comparison("resident path GET+POST (completions)", m["resident"], "psycopg INSERT, 2 sync workers",
                       m["calibration"], "/s", f"the issue's scale: {ISSUE_SCALE:.2f} (400 per 1,250 INSERTs)")]


if __name__ == "__main__":
    main()

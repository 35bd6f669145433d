"""``python -m bench.load``: set up, load, check, tear down (see bench/load/__init__.py)."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import redis

from bench.load import checks, results
from bench.load.figures import locust_summary, stored
from bench.load.sinks import SmsGateway, SmtpSink, Tally
from bench.load.stack import BIN, ROOT, start_stack, stop_stack, tree_cpu_seconds
from bench.scratch import PG_ADMIN, fresh_database, scratch_url

LINKS_KEY = "skm-load:links"
#: the operator's settings for this site: every resident comes from 127.0.0.1, as a whole service
#: hall comes from its NAT address, so the open-link limit per address is raised to what the hall needs
OPERATOR = {"SKM_OPEN_LINK_RATE_LIMIT": "3000 per minute"}
#: the other settings that bound the run, with their defaults, quoted in the report
BOUNDS = {"SKM_LOGIN_RATE_LIMIT": "10 per minute", "SKM_RATE_EMAIL": "50", "SKM_RATE_SMS": "10"}
SMS_SHARE = 0.2  # contacts with a phone number only


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--minutes", type=float, default=5, help="how long the users run (default 5)")
    parser.add_argument("--residents", type=int, default=200, help="resident users (default 200)")
    parser.add_argument("--contacts", type=int, default=10_000, help="contacts of the campaign (default 10,000)")
    parser.add_argument("--drain-minutes", type=float, default=5,
                        help="how long to wait after the users stop for the campaign and reports to finish")
    parser.add_argument("--database", default="skm_bench_load", help="scratch database (dropped and created)")
    parser.add_argument("--redis", default=os.environ.get("SKM_LOAD_REDIS", "redis://127.0.0.1:6379/6"),
                        help="Redis database of the stack (flushed before and after)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results" / "load.md",
                        help="where the figures are written")
    return parser.parse_args(argv)


def stack_env(url: str, args: argparse.Namespace, ports: dict[str, int], instance: Path) -> dict[str, str]:
    """The environment an operator would give every process of the stack."""
    return {**os.environ, **OPERATOR, "DATABASE_URL": url, "REDIS_URL": args.redis,
            "SECRET_KEY": secrets.token_hex(32), "SKM_INSTANCE_PATH": str(instance),
            "SKM_BIND": f"127.0.0.1:{ports['web']}", "SKM_BASE_URL": f"http://127.0.0.1:{ports['web']}",
            "SMTP_URL": f"smtp://127.0.0.1:{ports['smtp']}", "MAIL_FROM": "skm@kotimkab.go.id",
            "SMS_BACKEND": "http", "SMS_HTTP_URL": f"http://127.0.0.1:{ports['sms']}/sms", "PYTHONPATH": str(ROOT)}


def contacts(count: int) -> tuple[list[dict], set[str], set[str]]:
    """The campaign's contacts (every fifth by SMS, every tenth in English), and the addresses expected."""
    rows, emails, phones = [], set(), set()
    for i in range(count):
        row = {"name": f"Warga {i}", "language": "en" if i % 10 == 9 else "id"}
        if i % round(1 / SMS_SHARE) == 0:
            row["phone"] = f"0812{i:08d}"
            phones.add(f"+62812{i:08d}")
        else:
            row["email"] = f"warga{i:05d}@surel.id"
            emails.add(row["email"])
        rows.append(row)
    return rows, emails, phones


def run_locust(plan_file: Path, base_url: str, args: argparse.Namespace, out: Path) -> None:
    """Locust, headless, for ``--minutes``: the residents plus the six staff users (fixed counts)."""
    seconds, users = max(int(args.minutes * 60), 5), args.residents + 6
    ramp = min(20, seconds / 4)
    with (out / "locust.log").open("wb") as log:
        subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "bench/load/locustfile.py"), "--headless",
                        "-u", str(users), "-r", f"{users / ramp:.1f}", "-t", f"{seconds}s", "--stop-timeout", "15",
                        "--host", base_url, "--only-summary", "--loglevel", "WARNING"],
                       cwd=ROOT, env={**os.environ, "SKM_LOAD_PLAN": str(plan_file)}, stdout=log,
                       stderr=subprocess.STDOUT, timeout=seconds + 600, check=False)


def drain(url: str, tallies: tuple[Tally, Tally], contacts_count: int, minutes: float) -> float:
    """Wait until every contact got a message and no report is pending; return the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < minutes * 60:
        with psycopg.connect(url) as conn:
            busy = conn.execute("SELECT (SELECT count(*) FROM invitations WHERE status IN ('pending', 'sending')) "
                                "+ (SELECT count(*) FROM reports WHERE status IN ('queued', 'running'))").fetchone()[0]
        if not busy and sum(t.total for t in tallies) >= contacts_count:
            break
        time.sleep(1)
    time.sleep(2)  # a message sent twice would arrive now
    return time.monotonic() - started


def prepare(args: argparse.Namespace, out: Path, ports: dict[str, int]) -> tuple[dict, Path, tuple[set, set]]:
    """The stack's environment (also this process's, for the seeding), and the plan of the locust users."""
    url = fresh_database(args.database)
    env = stack_env(url, args, ports, out / "instance")
    os.environ.update(env)
    from bench.load.seed import seed  # imports the application, which reads the environment

    started = time.monotonic()
    plan = seed(env)
    print(f"demo regency and the run's surveys created in {time.monotonic() - started:.0f} s", flush=True)
    rows, emails, phones = contacts(args.contacts)
    plan.update(contacts=rows, chunk=1000, redis=args.redis, links_key=LINKS_KEY, summary=str(out / "summary.json"))
    (out / "plan.json").write_text(json.dumps(plan))
    return env, out / "plan.json", (emails, phones)


def load(args: argparse.Namespace, env: dict, out: Path, tallies: tuple[Tally, Tally]) -> dict:
    """Start the stack, run the users, wait for the campaign and the reports; stop the stack."""
    started = time.monotonic()
    services = start_stack(env, out)
    print(f"stack ready in {time.monotonic() - started:.0f} s; {args.minutes:g} min of load starts", flush=True)
    try:
        cpu, started = tree_cpu_seconds(services), time.monotonic()
        run_locust(out / "plan.json", env["SKM_BASE_URL"], args, out)
        print(f"users stopped after {time.monotonic() - started:.0f} s; waiting for the campaign and reports",
              flush=True)
        drained = drain(env["DATABASE_URL"], tallies, args.contacts, args.drain_minutes)
        elapsed = time.monotonic() - started
        cpu = {name: seconds - cpu[name] for name, seconds in tree_cpu_seconds(services).items()}
    finally:
        stop_stack(services)
    return {"cpu": cpu, "elapsed": elapsed, "drained": drained, "web_log": services[0].failures(),
            "worker_log": [line for service in services[1:] for line in service.failures()]}


def judge(args, env, plan_file: Path, measured: dict, tallies, expected) -> tuple[results.Run, list[str]]:
    plan = json.loads(plan_file.read_text())
    stats, failures, resent = locust_summary(Path(plan["summary"]))
    db = stored(env["DATABASE_URL"], [agency["load_survey"] for agency in plan["agencies"]])
    verdict = [checks.http_errors(stats, measured["web_log"]), checks.celery_errors(measured["worker_log"], db),
               *checks.answers_counted(stats, db), checks.invitations_once(*tallies, *expected, db)]
    run = results.Run(args, stats, db, verdict, measured["cpu"], measured["elapsed"], measured["drained"], tallies,
                      int(env.get("WEB_CONCURRENCY") or 2 * os.cpu_count()), resent)
    return run, failures + measured["web_log"] + measured["worker_log"]


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the stack on the way out
    ports = {name: _free_port() for name in ("web", "smtp", "sms")}
    broker = redis.Redis.from_url(args.redis)
    broker.flushdb()
    load_before = os.getloadavg()
    out = Path(tempfile.mkdtemp(prefix="skm-load-"))
    try:
        env, plan_file, expected = prepare(args, out, ports)
        preamble = results.preamble(args, env, OPERATOR, BOUNDS, *map(len, expected))
        print(preamble, flush=True)
        tallies = (Tally(args.redis, LINKS_KEY), Tally(args.redis, LINKS_KEY))
        with SmtpSink(ports["smtp"], tallies[0]), SmsGateway(ports["sms"], tallies[1]):
            measured = load(args, env, out, tallies)
        run, failures = judge(args, env, plan_file, measured, tallies, expected)
        run.load, run.preamble = (load_before, os.getloadavg()), preamble
    finally:
        broker.flushdb()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch_url(args.database).rsplit("/", 1)[1]}" WITH (FORCE)')
    text = results.render(run, failures)
    print(text)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text)
    if all(check.passed for check in run.verdict):
        shutil.rmtree(out)
        print(f"all checks passed (figures in {args.results})")
        return 0
    print(f"SOME CHECKS FAILED (figures in {args.results}; logs of the stack and locust in {out})")
    return 1

"""Benchmark: N email invitations through two Celery worker processes to a loopback SMTP sink.

Baseline, measured in the same run against the same sink: a bare loop of ``smtplib`` sends of one
pre-built invitation email over one connection. Target: the workers reach at least 0.7 of the
baseline's rate, with flat worker memory (peak RSS quoted).

    .venv/bin/python -m bench.messaging_throughput --count 100000

Needs PostgreSQL (database ``skm_bench_messaging``, recreated) and Redis (db 10 as broker, or
``BENCH_BROKER``; flushed before and after).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import smtplib
import subprocess
import sys
import time
from pathlib import Path

import redis

from bench.figures import Comparison
from bench.scratch import fresh_database, scratch_url, sqlalchemy_url

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "skm_bench_messaging"
DB_URL = scratch_url(DATABASE)
BROKER = os.environ.get("BENCH_BROKER", "redis://127.0.0.1:6379/10")


def run_sink(port: int, counter, ready) -> None:
    """The SMTP sink (aiosmtpd) in its own process; counts accepted messages."""
    from aiosmtpd.controller import Controller

    class Counting:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd hook
            with counter.get_lock():
                counter.value += len(envelope.rcpt_tos)
            return "250 OK"

    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


def baseline(port: int, message: bytes, count: int) -> float:
    """Messages per second of a bare smtplib loop over one connection."""
    connection = smtplib.SMTP("127.0.0.1", port)
    started = time.perf_counter()
    for i in range(count):
        connection.sendmail("skm@kotim.go.id", [f"warga{i}@mail.id"], message)
    elapsed = time.perf_counter() - started
    connection.quit()
    return count / elapsed


def prepare_database(count: int, port: int) -> tuple[int, list[int], bytes]:
    """A fresh database with one tenant, one open survey and ``count`` pending invitations."""
    fresh_database(DATABASE)
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from skm import create_app
    from skm.extensions import db
    from skm.platform.agencies.services import create_tenant
    from skm.platform.data.tenancy import tenant_scope
    from skm.tenants.invitations.compose import Sender, compose
    from skm.tenants.invitations.models import Invitation
    from skm.tenants.invitations.tokens import derive_token, hash_token, new_nonce
    from skm.tenants.surveys.models import Survey
    from skm.workers.channels.email import letter
    from tests.factories import make_survey

    app = create_app(_config(port))
    with app.app_context():
        upgrade()
        tenant = create_tenant("dpmptsp", "DPMPTSP Kabupaten Kotawaringin Timur")
        db.session.commit()
        with tenant_scope(tenant.id):
            survey = make_survey("SKM Triwulan I 2026")
            nonces = [new_nonce() for _ in range(count)]
            rows = [{"tenant_id": tenant.id, "survey_id": survey.id, "email": f"warga{i}@mail.id",
                     "name": f"Warga {i}", "language": "id", "channel": "email", "status": "pending",
                     "token_nonce": nonce, "token_hash": hash_token(derive_token(nonce))}
                    for i, nonce in enumerate(nonces)]
            for start in range(0, count, 5000):
                db.session.execute(insert(Invitation), rows[start:start + 5000])
            db.session.commit()
            ids = list(db.session.scalars(select(Invitation.id).order_by(Invitation.id)))
            sample = db.session.get(Invitation, ids[0])
            survey = db.session.get(Survey, survey.id)
            message = compose(sample, Sender(tenant.id, tenant.name, survey.title, {}), "invitation", 0)
            sample_bytes = bytes(letter(message, "skm@kotim.go.id").message)
            db.session.rollback()
        tenant_id = tenant.id
    return tenant_id, ids, sample_bytes


def _config(port: int) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(DB_URL),
            "REDIS_URL": BROKER, "SECRET_KEY": "bench-secret", "SMTP_URL": f"smtp://127.0.0.1:{port}",
            "MAIL_FROM": "skm@kotim.go.id", "MESSAGE_RATE_LIMITS": {"email": 1e9}}


def start_workers(port: int, n: int, threads: int) -> list[subprocess.Popen]:
    env = {**os.environ, "DATABASE_URL": DB_URL, "REDIS_URL": BROKER, "SECRET_KEY": "bench-secret",
           "SMTP_URL": f"smtp://127.0.0.1:{port}", "MAIL_FROM": "skm@kotim.go.id", "SKM_RATE_EMAIL": "1e9"}
    celery = str(Path(sys.executable).parent / "celery")
    pool = ["-P", "solo"] if threads == 1 else ["-P", "threads", "-c", str(threads)]
    return [subprocess.Popen([celery, "-A", "skm.workers", "worker", "-Q", "messages", *pool, "-n",
                              f"bench{i}@%h", "--without-gossip", "--without-mingle", "-l", "warning"],
                             cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for i in range(n)]


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> list[Comparison]:
    """Print the report; return the workers' rate against the bare loop's (bench/figures.py)."""
    asyncio.set_event_loop_policy(None)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="invitations sent by the workers")
    parser.add_argument("--baseline-count", type=int, default=None, help="messages of the bare loop (default: count)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker process (1: solo pool)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    redis.Redis.from_url(BROKER).flushdb()

    port = 2525 + os.getpid() % 1000
    counter, ready = multiprocessing.Value("q", 0), multiprocessing.Event()
    sink = multiprocessing.Process(target=run_sink, args=(port, counter, ready), daemon=True)
    sink.start()
    ready.wait(10)

    print(f"preparing {args.count} invitations ...", flush=True)
    tenant_id, ids, sample = prepare_database(args.count, port)
    base_count = args.baseline_count or args.count
    sink_cpu = cpu_seconds(sink.pid)
    base_rate = baseline(port, sample, base_count)
    sink_cpu = (cpu_seconds(sink.pid) - sink_cpu) / base_count
    print(f"baseline: bare smtplib loop, one connection: {base_rate:,.0f} msg/s ({len(sample)} bytes/message; "
          f"sink CPU {sink_cpu * 1000:.2f} ms/message)")

    workers = start_workers(port, args.workers, args.threads)
    from skm import create_app
    from skm.workers.tasks.messages import queue_now

    app = create_app(_config(port))
    celery_app = app.extensions["celery"]
    while len(celery_app.control.ping(timeout=0.5)) < args.workers:
        time.sleep(0.2)
    with counter.get_lock():
        counter.value = 0
    cpu_before = [cpu_seconds(p) for p in (sink.pid, *(w.pid for w in workers))]
    rss_samples: list[list[int]] = []
    started = time.perf_counter()
    with app.app_context():
        queue_now(tenant_id, ids)
    while counter.value < args.count:
        time.sleep(0.5)
        rss_samples.append([rss_kib(w.pid) for w in workers])
        if time.perf_counter() - started > 3600:
            raise SystemExit("timed out")
    elapsed = time.perf_counter() - started
    cpu = [(cpu_seconds(p) - b) * 1000 / args.count for p, b in zip((sink.pid, *(w.pid for w in workers)), cpu_before,
                                                                   strict=True)]
    rate = args.count / elapsed
    peaks = [rss_kib(w.pid, "VmHWM") for w in workers]
    early = rss_samples[min(2, len(rss_samples) - 1)]
    print(f"workers: {args.workers} processes x {args.threads} threads, {args.count} invitations "
          f"in {elapsed:.1f} s: {rate:,.0f} msg/s")
    print(f"ratio workers / baseline: {rate / base_rate:.2f} (target >= 0.70)")
    print(f"worker RSS early {[r // 1024 for r in early]} MiB, at end {[r // 1024 for r in rss_samples[-1]]} MiB, "
          f"peak {[p // 1024 for p in peaks]} MiB")
    print(f"CPU ms/message: sink {cpu[0]:.2f}, workers together {sum(cpu[1:]):.2f}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    time.sleep(1)
    print(f"sink received {counter.value} messages (expected {args.count})")
    for worker in workers:
        worker.terminate()
        worker.wait(30)
    sink.terminate()
    redis.Redis.from_url(BROKER).flushdb()
    return [Comparison(f"{args.workers} workers × {args.threads} threads", rate, "bare smtplib loop", base_rate,
                       "msg/s", f"{args.count:,} invitations, {counter.value:,} received; worker peak RSS "
                       f"{max(peaks) // 1024} MiB; target ≥ 0.70")]


if __name__ == "__main__":
    main()

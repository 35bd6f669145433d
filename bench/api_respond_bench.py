"""Responses POSTed through the API with a bearer token, through gunicorn on PostgreSQL, against a bare Flask INSERT.

Run from the repository root (needs PostgreSQL on 127.0.0.1:5432, Redis, and wrk:
``make bench-tools``):

    .venv/bin/python -m bench.api_respond_bench [--seconds 6] [--rounds 5]

The path of a kiosk app or another system: ``POST /api/v1/tenants/<slug>/surveys/<id>/responses``
with ``Authorization: Bearer <token>`` (a staff member's) and the JSON body
``{"answers": {"U1": 2, …}}``. The baseline is bench/bare_app.py's ``/bare.json``: the same JSON
read and the same row inserted, with no authentication, validation or ORM. Both servers run with
gunicorn.conf.py's settings (2 workers, as in the issue, unless WEB_CONCURRENCY is set) and wrk's
load (bench/wrk/api.lua), 50 connections by default, the bare
view first in each round and the application right after it, so that a slow spell of the shared
machine hits both (machinery of bench/respond_bench.py). The summary gives each figure's median
over the rounds. Every 201 must be a stored row: the run fails if the database holds fewer rows.
Targets: ratio app/bare ≥ 0.6, app p99 < 200 ms.
"""

from __future__ import annotations

from bench.figures import Comparison
from bench.respond_bench import (
    bench_env,
    cpu_loop_ms,
    gunicorn,
    load_arguments,
    measured,
    medians_of,
    report_run,
    seed,
    summary_head,
    wrk,
)
from bench.scratch import fresh_database

DB_NAME = "skm_bench_api"
PORTS = {"bare": 8781, "app": 8782}


def seed_api(env: dict) -> dict[str, str]:
    """seed()'s tenant and open survey, a staff member with a bearer token, and the API path to POST to."""
    ids = seed(env)
    from skm import create_app
    from skm.extensions import db
    from skm.platform.accounts.services import add_member, create_user, issue_token
    from skm.platform.agencies.models import Tenant
    from skm.platform.data.tenancy import tenant_scope

    app = create_app()
    with app.app_context():
        tenant = db.session.get(Tenant, int(ids["BENCH_TENANT"]))
        user = create_user("kiosk@bench.example", "Kiosk", "Tablet-di-loket-7")
        with tenant_scope(tenant.id):
            add_member(tenant, user, "staff")
        token, _ = issue_token(user)
        db.session.commit()
        for engine in db.engines.values():
            engine.dispose()
    return {**ids, "BENCH_TOKEN": token, "api_path": f"/api/v1/tenants/bench/surveys/{ids['BENCH_SURVEY']}/responses"}


def measure_round(index: int, env: dict, ids: dict, args) -> dict:
    print(f"  round {index}: cpu loop {cpu_loop_ms():.1f} ms")
    threads, clients, seconds = min(args.concurrency, 2), args.concurrency, args.seconds
    figures = {}
    for name, app_spec, path, token in (("bare", "bench.bare_app:create_bare_app()", "/bare.json", ()),
                                        ("app", "skm:create_app()", ids["api_path"], (ids["BENCH_TOKEN"],))):
        with gunicorn(app_spec, PORTS[name], env) as pid:
            wrk("api.lua", PORTS[name], clients, threads, 3, path, *token)  # warm-up
            figures[name] = measured(pid, "api.lua", PORTS[name], clients, threads, seconds, path, *token)
    for name, label in (("bare", "bare Flask INSERT (JSON)"), ("app", "API POST (bearer token)")):
        report_run(index, label, figures[name], 26)
    bare, app = figures["bare"], figures["app"]
    return {"bare": bare["rate"], "app": app["rate"], "ratio": app["rate"] / bare["rate"], "p99": app["p99_ms"],
            "bare_p99": bare["p99_ms"], "cpu_ratio": bare["cpu_ms"] / app["cpu_ms"],
            "answered": bare["requests"] + app["requests"]}


def main(argv: list[str] | None = None) -> list[Comparison]:
    """Print the report; return its figure against the baseline (bench/figures.py)."""
    args = load_arguments(__doc__, argv)
    url = fresh_database(DB_NAME)
    env = {"WEB_CONCURRENCY": "2", **bench_env(url)}  # the issue's 2 workers, unless set otherwise
    ids = seed_api(env)
    env.update({k: v for k, v in ids.items() if k.startswith("BENCH_")})
    print(f"gunicorn.conf.py settings, {env['WEB_CONCURRENCY']} workers; wrk, {args.concurrency} clients; "
          f"POST {ids['api_path']}")
    rounds = [measure_round(index, env, ids, args) for index in range(1, args.rounds + 1)]
    m = medians_of(rounds, url)
    print(summary_head(args.rounds, m) + f"API {m['app']:.0f}/s (p99 {m['p99']:.0f} ms, target < 200); ratio "
          f"API/bare = {m['ratio']:.2f} (target >= 0.6); server CPU per request, bare/API = {m['cpu_ratio']:.2f}")
    return [Comparison("API POST (bearer token)", m["app"], "bare Flask INSERT (JSON)", m["bare"], "req/s",
                       f"API p99 {m['p99']:.0f} ms, bare p99 {m['bare_p99']:.0f} ms; targets ≥ 0.6, p99 < 200 ms")]


if __name__ == "__main__":
    main()

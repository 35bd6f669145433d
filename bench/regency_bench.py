"""The regency's period figures over many agencies, against a bare SQL aggregate of the same rows.

Usage: python -m bench.regency_bench [--tenants 50] [--responses 100000] [--repeat 5]

Loads ``--tenants`` agencies with ``--responses`` random answers each, spread over 2026, into a
scratch database, then times, in the same run and alternating:

(a) the bare aggregate: ``count(aN), sum(aN)`` of the nine answer columns, grouped by tenant,
    over the rows of 2026-Q4 and of 2026-Q3 (the rows the regency's figures read);
(b) ``GET /api/v1/regency/results?period=2026-Q4`` in-process as a platform admin (every agency's
    pooled result, sample target, change against Q3, response rate and last answer);
(c) ``GET /admin/?period=2026-Q4``, the central dashboard (the same figures, alerts and the chart).

Prints the medians and the ratios b/a and c/a. Target: (b) and (c) under 1 s for 50 × 100,000.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from sqlalchemy import text

from bench.figures import Comparison
from bench.results_bench import LOAD_SQL
from bench.scratch import fresh_database, sqlalchemy_url
from skm import create_app
from skm.extensions import db
from skm.platform.accounts.services import create_user, issue_token
from skm.platform.agencies.services import create_tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.questionnaires.services import standard_questionnaire
from skm.tenants.surveys.services import change_status, create_survey

DATABASE = "skm_bench_regency"
PASSWORD = "Bench-2026"  # noqa: S105 -- a scratch database's admin
AGGREGATES = ", ".join(f"count(a{i}), sum(a{i})" for i in range(1, 10))
BARE_SQL = (f"SELECT tenant_id, submitted_on >= DATE '2026-10-01', count(*), {AGGREGATES} FROM responses "  # noqa: S608
            "WHERE submitted_on BETWEEN DATE '2026-07-01' AND DATE '2026-12-31' GROUP BY 1, 2")


def prepare(tenants: int, responses: int):
    app = create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(fresh_database(DATABASE)),
                      "REDIS_URL": None, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        for number in range(tenants):
            _load_tenant(number, responses)
            db.session.commit()
        admin = create_user("pusat@bench.id", "Bench", PASSWORD, is_platform_admin=True)
        token, _ = issue_token(admin)
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE responses"))
    return app, token


def _load_tenant(number: int, responses: int) -> None:
    tenant = create_tenant(f"dinas-{number:03d}", f"Dinas Bench {number:03d}")
    with tenant_scope(tenant.id):
        questionnaire = standard_questionnaire()
        survey = create_survey({"title": "SKM 2026", "questionnaire_id": questionnaire.id, "population": 20000,
                                "starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31)})
        change_status(survey, "open")
        db.session.execute(text(LOAD_SQL), {"tenant": tenant.id, "survey": survey.id,
                                            "questionnaire": questionnaire.id, "n": responses})


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> list[Comparison]:
    """Print the report; return its figures against the baseline (bench/figures.py)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenants", type=int, default=50)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    app, token = prepare(args.tenants, args.responses)
    print(f"loaded {args.tenants} agencies × {args.responses:,} answers in {time.perf_counter() - started:.0f} s")
    client = app.test_client()
    client.post("/login", data={"email": "pusat@bench.id", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token}"}

    def api():
        answer = client.get("/api/v1/regency/results?period=2026-Q4", headers=headers)
        assert answer.status_code == 200 and len(answer.get_json()["tenants"]) == args.tenants

    def dashboard():
        assert client.get("/admin/?period=2026-Q4").status_code == 200

    def bare():
        with app.app_context():
            assert len(db.session.execute(text(BARE_SQL)).all()) == 2 * args.tenants

    timings = {"bare": [], "api": [], "dashboard": []}
    for _ in range(args.repeat + 1):  # the first round warms the caches and is dropped
        for name, call in (("bare", bare), ("api", api), ("dashboard", dashboard)):
            timings[name].append(_timed(call))
    medians = {name: statistics.median(values[1:]) * 1000 for name, values in timings.items()}
    print(f"bare SQL aggregate (Q4 and Q3, by tenant)  median {medians['bare']:7.1f} ms")
    print(f"GET /api/v1/regency/results?period=2026-Q4 median {medians['api']:7.1f} ms  (target < 1000 ms)")
    print(f"GET /admin/?period=2026-Q4                 median {medians['dashboard']:7.1f} ms  (target < 1000 ms)")
    print(f"ratio api/bare {medians['api'] / medians['bare']:.2f}   "
          f"dashboard/bare {medians['dashboard'] / medians['bare']:.2f}")
    rows = f"{args.tenants} agencies × {args.responses:,} answers; target < 1000 ms"
    return [Comparison(figure, medians[key], "bare SQL aggregate", medians["bare"], "ms", rows)
            for key, figure in (("api", "GET /api/v1/regency/results"), ("dashboard", "GET /admin/ (dashboard)"))]


if __name__ == "__main__":
    main()

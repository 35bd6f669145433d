"""Results of one survey with N responses on PostgreSQL, against a bare SQL aggregate.

Usage: python -m bench.results_bench [--responses 1000000] [--repeat 7]

Loads N random responses (with ~5% skipped answers) into a scratch database, then times, in
the same run and alternating: (a) the bare aggregate ``count(aN), sum(aN)`` for the nine
answer columns over the survey's rows, and (b) ``survey_result()``, the full results path
(ORM statement with tenant criteria, GROUP BY answered_count, exact arithmetic). Prints the
medians and the ratio b/a. Target: (b) under 300 ms for 1,000,000 responses.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from sqlalchemy import text

from bench.figures import Comparison
from bench.scratch import fresh_database, sqlalchemy_url
from skm import create_app
from skm.extensions import db
from skm.platform.agencies.services import create_tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.questionnaires.services import standard_questionnaire
from skm.tenants.results.queries import survey_result
from skm.tenants.surveys.services import change_status, create_survey

DATABASE = "skm_bench_results"

LOAD_SQL = """
INSERT INTO responses (tenant_id, survey_id, questionnaire_id, channel, submitted_on, answered_count, score_total,
                       a1, a2, a3, a4, a5, a6, a7, a8, a9)
SELECT :tenant, :survey, :questionnaire, 'open_link', DATE '2026-01-01' + (i % 330),
       (a1 IS NOT NULL)::int + 8, coalesce(a1, 0) + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9,
       a1, a2, a3, a4, a5, a6, a7, a8, a9
FROM (SELECT i, CASE WHEN random() < 0.05 THEN NULL ELSE 1 + floor(random() * 4)::int END AS a1,
             1 + floor(random() * 4)::int AS a2, 1 + floor(random() * 4)::int AS a3,
             1 + floor(random() * 4)::int AS a4, 1 + floor(random() * 4)::int AS a5,
             1 + floor(random() * 4)::int AS a6, 1 + floor(random() * 4)::int AS a7,
             1 + floor(random() * 4)::int AS a8, 1 + floor(random() * 4)::int AS a9
      FROM generate_series(1, :n) AS i) AS random_answers
"""
AGGREGATES = ", ".join(f"count(a{i}), sum(a{i})" for i in range(1, 10))
BARE_SQL = f"SELECT count(*), {AGGREGATES} FROM responses WHERE survey_id = :survey"  # noqa: S608


def prepare(n: int):
    app = create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(fresh_database(DATABASE)),
                      "REDIS_URL": None, "SECRET_KEY": "bench"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        tenant = create_tenant("bench", "Bench")
        with tenant_scope(tenant.id):
            questionnaire = standard_questionnaire()
            survey = create_survey({"title": "Bench", "questionnaire_id": questionnaire.id,
                                    "starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31)})
            change_status(survey, "open")
            ids = {"tenant": tenant.id, "survey": survey.id, "questionnaire": questionnaire.id}
            db.session.execute(text(LOAD_SQL), {**ids, "n": n})
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE responses"))
    return app, ids


def main(argv: list[str] | None = None) -> list[Comparison]:
    """Print the report; return its figure against the baseline (bench/figures.py)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    app, ids = prepare(args.responses)
    print(f"loaded {args.responses:,} responses in {time.perf_counter() - started:.1f} s")
    bare, full = [], []
    with app.app_context(), tenant_scope(ids["tenant"]):
        from skm.tenants.surveys.services import find_survey

        survey = find_survey(ids["survey"])
        for _ in range(args.repeat + 1):  # the first round warms the caches and is dropped
            t0 = time.perf_counter()
            db.session.execute(text(BARE_SQL), {"survey": ids["survey"]}).all()
            t1 = time.perf_counter()
            result = survey_result(survey)
            t2 = time.perf_counter()
            bare.append(t1 - t0)
            full.append(t2 - t1)
    bare_ms, full_ms = statistics.median(bare[1:]) * 1000, statistics.median(full[1:]) * 1000
    print(f"respondents {result.respondents:,}  IKM {result.ikm_display} {result.mutu}")
    print(f"bare SQL aggregate   median {bare_ms:7.1f} ms")
    print(f"survey_result()      median {full_ms:7.1f} ms   (target < 300 ms)")
    print(f"ratio results/bare   {full_ms / bare_ms:.2f}")
    return [Comparison("survey_result()", full_ms, "bare SQL aggregate", bare_ms, "ms",
                       f"{args.responses:,} responses; target < 300 ms at 1,000,000")]


if __name__ == "__main__":
    main()

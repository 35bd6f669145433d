"""Paper import of N rows (CSV) through the full path, against a bare CSV parse of the same file.

Usage: python -m bench.import_bench [--rows 100000]

Times ``import_paper_file`` (parse, validate every row, all-or-nothing bulk INSERT, commit)
and, in the same run, a bare ``csv.reader`` pass over the same bytes. Target: 100,000 rows in
under 30 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import time
from datetime import date

from flask_migrate import upgrade

from bench.figures import Comparison
from bench.scratch import fresh_database, sqlalchemy_url
from skm import create_app
from skm.extensions import db
from skm.platform.agencies.services import create_tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.questionnaires.services import standard_questionnaire
from skm.tenants.responses.importing import import_paper_file
from skm.tenants.surveys.services import change_status, create_survey

DATABASE = "skm_bench_import"


def make_csv(rows: int) -> bytes:
    rng = random.Random(1)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f"U{i}" for i in range(1, 10)] + ["gender", "age", "service_type", "comment"])
    for _ in range(rows):
        comment = "Pelayanan baik" if rng.random() < 0.1 else ""
        profile = [rng.choice("LP"), rng.randint(18, 70), "KTP-el", comment]
        writer.writerow([rng.randint(1, 4) for _ in range(9)] + profile)
    return out.getvalue().encode()


def main(argv: list[str] | None = None) -> list[Comparison]:
    """Print the report; return its figure against the baseline (bench/figures.py)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    app = create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(fresh_database(DATABASE)),
                      "REDIS_URL": None, "SECRET_KEY": "bench"})
    data = make_csv(args.rows)
    with app.app_context():
        upgrade()
        tenant = create_tenant("bench", "Bench")
        with tenant_scope(tenant.id):
            survey = create_survey({"title": "Bench", "questionnaire_id": standard_questionnaire().id,
                                    "starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31),
                                    "service_types": ["KTP-el"]})
            change_status(survey, "open")
            db.session.commit()
            t0 = time.perf_counter()
            sum(1 for _ in csv.reader(io.StringIO(data.decode())))
            bare = time.perf_counter() - t0
            t0 = time.perf_counter()
            result = import_paper_file(survey, tenant, data, "paper.csv")
            db.session.commit()
            full = time.perf_counter() - t0
    assert result.imported == args.rows, result.rejected[:3]
    print(f"rows {args.rows:,}  imported {result.imported:,}")
    print(f"bare csv.reader     {bare:6.2f} s")
    print(f"import_paper_file   {full:6.2f} s   (target < 30 s for 100,000)   {args.rows / full:,.0f} rows/s")
    print(f"ratio import/bare   {full / bare:.1f}")
    return [Comparison("import_paper_file", full, "bare csv.reader", bare, "s",
                       f"{args.rows:,} rows, {args.rows / full:,.0f} rows/s; target < 30 s at 100,000")]


if __name__ == "__main__":
    main()

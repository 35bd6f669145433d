"""Report build speed and memory at 10k / 100k / 300k responses, against baselines in the same run.

    .venv/bin/python -m bench.reports_bench [--sizes 10000,100000,300000]

Creates (and drops) the database ``skm_bench_reports`` on the local PostgreSQL, seeds one tenant
with one survey per size via COPY, then builds each format in a fresh subprocess (so peak RSS is
the build's own) and compares with baselines: a bare psycopg server-side fetch of the same rows,
and a bare ``csv.writer`` loop over them.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import psycopg

from bench.figures import Comparison
from bench.scratch import fresh_database, scratch_url, sqlalchemy_url

NAME = "skm_bench_reports"
URL = scratch_url(NAME)


def app():
    from skm import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(URL),
                       "REDIS_URL": None, "SKM_STORAGE_DIR": tempfile.mkdtemp(prefix="skm-bench-")})


def setup(sizes: list[int]) -> dict[int, int]:
    fresh_database(NAME)
    flask_app = app()
    from flask_migrate import upgrade

    from skm.extensions import db
    from skm.platform.agencies.services import create_tenant
    from skm.platform.data.tenancy import tenant_scope
    from tests.factories import make_survey

    with flask_app.app_context():
        upgrade()
        tenant = create_tenant("bench", "Dinas Kependudukan dan Pencatatan Sipil")
        db.session.commit()
        surveys = {}
        with tenant_scope(tenant.id):
            for size in sizes:
                names = tuple(f"{name} ({size})" for name in ("KTP-el", "KK", "Akta Kelahiran"))
                survey = make_survey(f"SKM {size}", service_types=names, population=30000)
                surveys[size] = (survey.id, survey.questionnaire_id, [s.id for s in survey.service_types])
            db.session.commit()
        for size, (survey_id, questionnaire_id, services) in surveys.items():
            seed(tenant.id, survey_id, questionnaire_id, services, size)
        return {size: ids[0] for size, ids in surveys.items()}


def seed(tenant_id: int, survey_id: int, questionnaire_id: int, services: list[int], size: int) -> None:
    rng = random.Random(size)
    columns = ("tenant_id, survey_id, questionnaire_id, channel, submitted_on, answered_count, score_total, "
               "service_type_id, gender, age, education, occupation, comment, a1, a2, a3, a4, a5, a6, a7, a8, a9")
    with psycopg.connect(URL) as conn, conn.cursor() as cur:
        with cur.copy(f"COPY responses ({columns}) FROM STDIN") as copy:
            for i in range(size):
                answers = [rng.choice((2, 3, 3, 4, 4)) for _ in range(9)]
                comment = f"Antrian lama, mohon ditambah loket {i}" if i % 7 == 0 else None
                copy.write_row((tenant_id, survey_id, questionnaire_id, "open_link",
                                date(2026, 1, 1) + timedelta(days=i % 360), 9, sum(answers), services[i % 3],
                                "LP"[i % 2], 18 + i % 60, "SMA", "SWASTA", comment, *answers))
        conn.commit()
        cur.execute("ANALYZE responses")
        conn.commit()


def build_one(fmt: str, survey_id: int) -> dict:
    """Run in a subprocess: build one format, report seconds, peak RSS and size."""
    flask_app = app()
    from skm.extensions import db
    from skm.platform.agencies.models import Tenant
    from skm.platform.data.tenancy import tenant_scope
    from skm.tenants.reports.builders import build_file
    from skm.tenants.surveys.models import Survey

    with flask_app.app_context():
        tenant = db.session.scalar(db.select(Tenant))
        with tenant_scope(tenant.id):
            survey = db.session.get(Survey, survey_id)
            target = Path(tempfile.mkdtemp()) / f"out.{fmt}"
            start = time.perf_counter()
            if fmt == "none":  # the memory baseline: the same process with the app loaded, building nothing
                target.write_bytes(b"")
            else:
                build_file(fmt, tenant, survey, "id", target, lambda p: None)
            seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "end_mb": _rss_now(), "bytes": target.stat().st_size}


def _rss_now() -> float:
    """Resident memory right after the build (the peak above is often set while importing)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def baseline(survey_id: int) -> dict:
    """Bare psycopg server-side fetch of the same rows, and a bare csv.writer loop over them."""
    query = ("SELECT r.id, r.submitted_on, r.channel, s.name, r.gender, r.age, r.education, r.occupation, "
             "r.comment, a1, a2, a3, a4, a5, a6, a7, a8, a9 "
             "FROM responses r LEFT JOIN service_types s ON s.id = r.service_type_id "
             "WHERE r.survey_id = %s ORDER BY r.id")
    with psycopg.connect(URL) as conn:
        start = time.perf_counter()
        with conn.cursor(name="bench") as cur:
            cur.itersize = 5000
            cur.execute(query, (survey_id,))
            rows = 0
            for _ in cur:
                rows += 1
        fetch = time.perf_counter() - start
        start = time.perf_counter()
        with conn.cursor(name="bench2") as cur, open(os.devnull, "w", newline="") as sink:
            cur.itersize = 5000
            cur.execute(query, (survey_id,))
            writer = csv.writer(sink)
            for row in cur:
                writer.writerow(row)
        csv_loop = time.perf_counter() - start
    return {"fetch": fetch, "csv_loop": csv_loop, "rows": rows}


def subprocess_build(fmt: str, survey_id: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.reports_bench", "--build", fmt, "--survey", str(survey_id)],
                         check=True, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> list[Comparison]:
    """Print the report; return each build against the bare csv.writer loop (bench/figures.py)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,300000")
    parser.add_argument("--formats", default="csv,xlsx,pdf")  # plus pdf at 2,000 rows: --sizes 2000 --formats pdf
    parser.add_argument("--build")
    parser.add_argument("--survey", type=int)
    args = parser.parse_args(argv)
    if args.build:
        print(json.dumps(build_one(args.build, args.survey)))
        return []
    sizes = [int(s) for s in args.sizes.split(",")]
    surveys = setup(sizes)
    idle = subprocess_build("none", surveys[sizes[0]])
    print(f"memory baseline (app loaded, nothing built): peak {idle['peak_mb']:.0f} MB, "
          f"resident {idle['end_mb']:.0f} MB", flush=True)
    table, comparisons = io.StringIO(), []
    table.write(f"{'rows':>8} {'format':>6} {'seconds':>8} {'peak MB':>8} {'end MB':>7} {'MB out':>7} "
                f"{'fetch s':>8} {'csv s':>6} {'x fetch':>8} {'x csv':>6}\n")
    for size in sizes:
        base = baseline(surveys[size])
        for fmt in args.formats.split(","):
            got = subprocess_build(fmt, surveys[size])
            table.write(f"{size:>8} {fmt:>6} {got['seconds']:>8.2f} {got['peak_mb']:>8.0f} {got['end_mb']:>7.0f} "
                        f"{got['bytes'] / 1e6:>7.1f} {base['fetch']:>8.2f} {base['csv_loop']:>6.2f} "
                        f"{got['seconds'] / base['fetch']:>8.1f} {got['seconds'] / base['csv_loop']:>6.1f}\n")
            print(table.getvalue().splitlines()[-1], flush=True)
            comparisons.append(Comparison(f"{fmt} at {size:,} rows", got["seconds"], "bare csv.writer loop",
                                          base["csv_loop"], "s", f"peak {got['peak_mb']:.0f} MB (idle "
                                          f"{idle['peak_mb']:.0f} MB); bare fetch {base['fetch']:.2f} s"))
    print(f"memory baseline (app loaded, nothing built): peak {idle['peak_mb']:.0f} MB, "
          f"resident {idle['end_mb']:.0f} MB")
    print(table.getvalue())
    return comparisons


if __name__ == "__main__":
    main()

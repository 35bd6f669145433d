"""The issue's scale figure, measured here: a bare Flask view inserting one row through psycopg.

The resident issue calibrates its targets with "a bare Flask view inserting one row through
psycopg under gunicorn with 2 workers answers about 1,250 requests/s on this 2-core machine" (and
asks for 400 resident completions/s). bench/respond_bench.py serves this view with 2 sync workers
in each round, so that the resident path can be read against the same scale on the machine of
the day: ``gunicorn -k sync -w 2 "bench.calibration_app:create_calibration_app()"``.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

import psycopg
from flask import Flask, request

INSERT = ("INSERT INTO responses (tenant_id, survey_id, questionnaire_id, channel, submitted_on, submitted_at,"
          " submission_key, a1, a2, a3, a4, a5, a6, a7, a8, a9, answered_count, score_total)"
          " VALUES (%s, %s, %s, 'open_link', %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 9, %s)")


def create_calibration_app() -> Flask:
    app = Flask("calibration")
    url = os.environ["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
    ids = tuple(int(os.environ[k]) for k in ("BENCH_TENANT", "BENCH_SURVEY", "BENCH_QUESTIONNAIRE"))
    connection: list[psycopg.Connection] = []  # one per worker process, opened on its first request

    @app.post("/bare")
    def bare():
        if not connection:
            connection.append(psycopg.connect(url, autocommit=True))
        answers = [int(request.form[f"U{i}"]) for i in range(1, 10)]
        connection[0].execute(INSERT, (*ids, date.today(), datetime.now(UTC), "f:" + request.form["nonce"],
                                       *answers, sum(answers)))
        return "ok"

    return app

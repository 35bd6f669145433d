"""The baseline of bench/respond_bench.py: a bare Flask view inserting the same response row.

No tenancy, CSRF, validation, templates or ORM: read the posted answers, one INSERT through a
pooled SQLAlchemy Core connection, a short answer. Served by gunicorn with the same settings
as the application: ``gunicorn "bench.bare_app:create_bare_app()"``.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from flask import Flask, request
from sqlalchemy import create_engine, insert

from skm.config import database_url
from skm.tenants.responses.models import Response

TABLE = Response.__table__


def create_bare_app() -> Flask:
    app = Flask("bare")
    engine = create_engine(database_url(os.environ["DATABASE_URL"], "."), pool_pre_ping=True)
    tenant_id, survey_id, questionnaire_id = (int(os.environ[k]) for k in ("BENCH_TENANT", "BENCH_SURVEY",
                                                                             "BENCH_QUESTIONNAIRE"))

    @app.post("/bare")
    def bare():
        answers = {f"a{i}": int(request.form[f"U{i}"]) for i in range(1, 10)}
        with engine.begin() as conn:
            conn.execute(insert(TABLE).values(
                tenant_id=tenant_id, survey_id=survey_id, questionnaire_id=questionnaire_id, channel="open_link",
                submitted_on=date.today(), submitted_at=datetime.now(UTC), submission_key="f:" + request.form["nonce"],
                answered_count=9, score_total=sum(answers.values()), comment=request.form.get("comment") or None,
                **answers))
        return "ok"

    return app

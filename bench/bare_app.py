"""The baseline of bench/respond_bench.py and bench/api_respond_bench.py: a bare Flask view inserting the same row.

No tenancy, authentication, CSRF, validation, templates or ORM: read the posted answers, one INSERT
through a pooled SQLAlchemy Core connection, a short answer. ``/bare`` reads a resident's form
(``U1``…``U9``, ``nonce``), ``/bare.json`` the API's JSON body (``{"answers": {"U1": …}}``). Served by
gunicorn with the same settings as the application: ``gunicorn "bench.bare_app:create_bare_app()"``.
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
    url = os.environ.get("BENCH_BARE_DATABASE_URL") or os.environ["DATABASE_URL"]
    engine = create_engine(database_url(url, "."), pool_pre_ping=True)
    tenant_id, survey_id, questionnaire_id = (int(os.environ[k]) for k in ("BENCH_TENANT", "BENCH_SURVEY",
                                                                             "BENCH_QUESTIONNAIRE"))

    def store(answers: dict, channel: str, submission_key: str | None, comment: str | None) -> None:
        with engine.begin() as conn:
            conn.execute(insert(TABLE).values(
                tenant_id=tenant_id, survey_id=survey_id, questionnaire_id=questionnaire_id, channel=channel,
                submitted_on=date.today(), submitted_at=datetime.now(UTC), submission_key=submission_key,
                answered_count=len(answers), score_total=sum(answers.values()), comment=comment or None,
                **answers))

    @app.post("/bare")
    def bare():
        store({f"a{i}": int(request.form[f"U{i}"]) for i in range(1, 10)}, "open_link",
              "f:" + request.form["nonce"], request.form.get("comment"))
        return "ok"

    @app.post("/bare.json")
    def bare_json():
        body = request.get_json()
        store({f"a{i}": int(body["answers"][f"U{i}"]) for i in range(1, 10)}, "api", None, body.get("comment"))
        return {"ok": True}, 201

    return app

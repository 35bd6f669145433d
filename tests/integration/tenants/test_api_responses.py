"""POST /api/v1/tenants/<slug>/surveys/<id>/responses as a kiosk app sends it: one statement, and no less strict.

The app here keeps form definitions for a minute, as in production (the other tests turn that
cache off), so every request after the first finds the survey cached and may take the
one-statement path: every refusal below is checked on that path, on the very next request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import IO

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from psycopg import pq
from sqlalchemy import delete, event, select

from skm import create_app
from skm.extensions import db
from skm.platform.accounts.models import ApiToken, Membership, User
from skm.platform.accounts.services import add_member, create_user, issue_token
from skm.platform.agencies.models import Tenant
from skm.platform.agencies.services import create_tenant
from skm.platform.data.db_types import utcnow
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope, tenant_scope
from skm.tenants.questionnaires.services import freeze
from skm.tenants.responses import answer_engine
from skm.tenants.responses.models import Response
from skm.tenants.responses.services import local_today
from skm.tenants.surveys.models import Survey
from tests.conftest import INSPECTING, PASSWORD, app_config
from tests.respond_support import open_survey

ANSWERS = {f"U{i}": 1 + i % 4 for i in range(1, 10)}


@dataclass
class Kiosk:
    client: FlaskClient
    headers: dict[str, str]
    url: str
    tenant: Tenant
    survey_id: int
    user_id: int

    def post(self, body: dict | None = None, headers: dict | None = None):
        return self.client.post(self.url, json={"answers": ANSWERS} if body is None else body,
                                headers=self.headers if headers is None else headers)

    def stored(self) -> list[Response]:
        db.session.expire_all()
        with platform_scope(INSPECTING):
            return list(db.session.scalars(select(Response).order_by(Response.id).execution_options(**ALL_TENANTS)))


@pytest.fixture
def kiosk(make_app, make_tenant, make_user, bearer) -> Kiosk:
    """A staff member's token and an open survey (questionnaire answered before), first POST done."""
    tenant = make_tenant("rsud", "RSUD dr. Murjani Sampit")
    user = make_user("kiosk@rsud.id", tenant=tenant, role="staff")
    survey = open_survey(tenant, service_types=("Rawat Jalan", "IGD"))
    with tenant_scope(tenant.id):
        freeze(survey.questionnaire)
        db.session.commit()
    app = make_app(SKM_FORM_CACHE_SECONDS=60)
    found = Kiosk(app.test_client(), bearer(user), f"/api/v1/tenants/rsud/surveys/{survey.id}/responses", tenant,
                  survey.id, user.id)
    assert found.post().status_code == 201  # the survey's definition is now cached
    return found


def _statements(app) -> list[str]:
    """The SQL statements the app's engines run from now on (appended as they run)."""
    seen: list[str] = []
    with app.app_context():
        for engine in db.engines.values():
            event.listen(engine, "before_cursor_execute", lambda conn, cursor, sql, *rest: seen.append(sql))
    return seen


def _trace_wire(app, trace: IO[str]) -> None:
    """Write what the answer engine's connections send PostgreSQL from now on to ``trace`` (libpq's trace)."""

    def follow(dbapi_connection, record, proxy):
        dbapi_connection.pgconn.trace(trace.fileno())
        dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

    with app.app_context():
        event.listen(db.engines[answer_engine.BIND], "checkout", follow)


def _sent(trace: IO[str]) -> tuple[list[str], int]:
    """The statements parsed and the round trips (Sync messages) in ``trace``."""
    trace.seek(0)
    lines = [line.split("\t") for line in trace.read().splitlines() if line.startswith("F\t")]
    statements = [fields[3].split('"')[3] for fields in lines if fields[2] == "Parse"]
    return statements, sum(1 for fields in lines if fields[2] == "Sync")


def test_a_response_costs_one_round_trip_and_is_stored_as_sent(kiosk, tmp_path):
    statements = _statements(kiosk.client.application)
    with open(tmp_path / "wire", "w+") as wire:
        _trace_wire(kiosk.client.application, wire)
        answer = kiosk.post({"answers": {**ANSWERS, "U2": "1"}, "service_type": "igd", "comment": " Cepat ",
                             "profile": {"gender": "P", "age": 34, "education": "S1", "occupation": "PNS"}})
        sent, round_trips = _sent(wire)
    assert answer.status_code == 201, answer.get_json()
    assert statements == []  # nothing through SQLAlchemy: the answer engine's one pipeline
    assert [s.split()[0].upper() for s in sent] == ["BEGIN", "SELECT", "INSERT", "COMMIT"], sent
    assert "set_config('skm.tenant_id'" in sent[1] and round_trips == 1
    row = kiosk.stored()[-1]
    assert answer.get_json() == {"id": row.id, "submitted_on": local_today(kiosk.tenant).isoformat()}
    with tenant_scope(kiosk.tenant.id):
        igd = next(st.id for st in db.session.get(Survey, kiosk.survey_id).service_types if st.name == "IGD")
    assert (row.channel, row.a1, row.a2, row.a3, row.answered_count, row.service_type_id) == ("api", 2, 1, 4, 9, igd)
    assert (row.gender, row.age, row.education, row.occupation, row.comment) == ("P", 34, "S1", "PNS", "Cepat")
    assert row.submitted_at is not None and row.submission_key is None


def _revoke(kiosk):
    assert kiosk.client.delete("/api/v1/auth/token", headers=kiosk.headers).status_code == 204


def _expire(kiosk):
    db.session.execute(ApiToken.__table__.update().values(expires_at=utcnow() - timedelta(seconds=1)))


def _disable(kiosk):
    db.session.get(User, kiosk.user_id).is_enabled = False


def _make_viewer(kiosk):
    db.session.execute(Membership.__table__.update().values(role="viewer"))


def _remove_member(kiosk):
    db.session.execute(delete(Membership.__table__))


def _suspend(kiosk):
    db.session.get(Tenant, kiosk.tenant.id).status = "suspended"


def _close(kiosk):
    db.session.execute(Survey.__table__.update().values(status="closed"))


@pytest.mark.parametrize(("change", "status"), [
    (_revoke, 401), (_expire, 401), (_disable, 401), (_make_viewer, 403), (_remove_member, 404), (_suspend, 403),
    (_close, 409)])
def test_refused_on_the_very_next_request(kiosk, change, status):
    change(kiosk)
    db.session.commit()
    refused = kiosk.post()
    assert refused.status_code == status, refused.get_json()
    assert refused.get_json()["code"] == status
    assert len(kiosk.stored()) == 1  # the fixture's own answer only


@pytest.mark.parametrize(("body", "field"), [
    ({"answers": {**ANSWERS, "U1": 5}}, "U1"),
    ({"answers": {**ANSWERS, "U1": True}}, "U1"),
    ({"answers": {**ANSWERS, "U1": None}}, "U1"),
    ({"answers": {**ANSWERS, "U99": 3}}, "U99"),
    ({"answers": ANSWERS, "service_type": "Poli Gigi"}, "service_type"),
    ({"answers": ANSWERS, "profile": {"age": 7}}, "age"),
    ({"answers": ANSWERS, "profile": {"gender": "X"}}, "gender"),
    ({"answers": ANSWERS, "comment": "x" * 5001}, "comment"),
    ({"answers": ANSWERS, "profile": {"age": "tiga puluh"}}, "profile"),
    ({"comment": "no answers"}, "answers"),
])
def test_invalid_responses_are_refused_naming_the_field(kiosk, body, field):
    refused = kiosk.post(body)
    assert refused.status_code == 422, refused.get_json()
    assert field in refused.get_json()["errors"]["json"], refused.get_json()
    assert len(kiosk.stored()) == 1


@pytest.mark.parametrize("body", [{"answers": {**ANSWERS, "U1": 5}}, {"comment": "no answers"}])
def test_the_token_is_checked_before_the_body(kiosk, make_tenant, make_user, bearer, body):
    assert kiosk.post(body, headers={}).status_code == 401
    assert kiosk.post(body, headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    stranger = bearer(make_user("staf@pdam.id", tenant=make_tenant("pdam"), role="admin"))
    assert kiosk.post(body, headers=stranger).status_code == 404
    assert len(kiosk.stored()) == 1


def test_malformed_json_is_400_after_the_token_check(kiosk):
    def post(headers):
        return kiosk.client.post(kiosk.url, data='{"answers": ', content_type="application/json", headers=headers)

    assert post({}).status_code == 401
    malformed = post(kiosk.headers)
    assert malformed.status_code == 400 and malformed.get_json()["code"] == 400


def test_on_the_demos_sqlite_database_too(tmp_path):
    app = create_app(app_config(f"sqlite:///{tmp_path / 'demo.sqlite3'}", REDIS_URL=None,
                                RATELIMIT_STORAGE_URI="memory://", SKM_FORM_CACHE_SECONDS=60))
    try:
        with app.app_context():
            upgrade()
            tenant = create_tenant("rsud", "RSUD dr. Murjani Sampit")
            user = create_user("kiosk@rsud.id", "Kiosk", PASSWORD)
            with tenant_scope(tenant.id):
                add_member(tenant, user, "staff")
            token, _ = issue_token(user)
            survey = open_survey(tenant)
            with tenant_scope(tenant.id):
                freeze(survey.questionnaire)
                db.session.commit()
                kiosk = Kiosk(app.test_client(), {"Authorization": f"Bearer {token}"},
                              f"/api/v1/tenants/rsud/surveys/{survey.id}/responses", tenant, survey.id, user.id)
        assert kiosk.post().status_code == 201
        statements = _statements(app)
        assert kiosk.post().status_code == 201 and len(statements) == 1
        with app.app_context():
            _expire(kiosk)
            db.session.commit()
        assert kiosk.post().status_code == 401
        with app.app_context():
            assert [(r.a1, r.channel) for r in kiosk.stored()] == [(ANSWERS["U1"], "api")] * 2
    finally:
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()

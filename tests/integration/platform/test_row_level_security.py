"""Row-level security: PostgreSQL keeps the tenants apart even where the ORM guard is not asked.

Everything here connects as the application's role (it owns nothing and is no superuser), with
raw SQL wherever the ORM guard could hide a hole: no setting shows no tenant row; tenant A's
setting shows A's rows alone and refuses rows for B; the answer engine, a real Celery worker and
a pooled connection keep to that; and every table with a ``tenant_id`` has its policy FORCEd.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import redis
from psycopg import sql
from sqlalchemy import select, text

from skm.cli import main
from skm.extensions import db
from skm.platform.data.tenancy import TenantScoped, tenant_scope
from skm.tenants.questionnaires.services import freeze
from skm.tenants.responses.services import local_today, store_if_open
from skm.tenants.surveys.models import Survey
from tests.conftest import CHECKOUT, PG_ADMIN_URL, as_role
from tests.integration import test_isolation
from tests.integration.test_isolation import _mall_of, _one_row_per_model
from tests.respond_support import open_survey
from tests.stack_support import stop

ROOT = Path(__file__).resolve().parents[3]
BROKER = os.environ.get("SKM_TEST_BROKER", "redis://127.0.0.1:6379/9")
GRANTEE = f"skm_test_grantee_{CHECKOUT}"
two_tenants = test_isolation.two_tenants  # the fixture: tenants alpha and beta, an admin each
PROBE_QUEUE = "rls_probe"  # its own: the messaging tests' long-lived worker consumes "default"
REFUSED = psycopg.errors.InsufficientPrivilege  # "new row violates row-level security policy"
#: rows naming a tenant without belonging to it (test_isolation.PLATFORM_ROWS_OF_TENANTS): all read, the platform writes
PLATFORM_ROWS = {"platform_mall_counters"}
#: outside any tenant's scope an audit entry may name any tenant (sign-ins, the central admin's acts): append-only
APPENDED_UNSCOPED = {"platform_audit_log"}


def on(table: str, template: str) -> sql.Composed:
    """``template`` with ``{}`` replaced by the quoted ``table``."""
    return sql.SQL(template).format(sql.Identifier(table))


def tenant_tables(conn: psycopg.Connection) -> list[str]:
    return [row[0] for row in conn.execute(
        "SELECT table_name FROM information_schema.columns WHERE column_name = 'tenant_id'"
        " AND table_schema = current_schema() ORDER BY 1")]


@contextmanager
def transaction(conn: psycopg.Connection, tenant: str = "", scope: str = ""):
    """A transaction (a savepoint inside one) with the application's settings."""
    with conn.transaction():
        conn.execute("SELECT set_config('skm.tenant_id', %s, true), set_config('skm.scope', %s, true)",
                     (tenant, scope))
        yield conn


@pytest.fixture
def seeded(app, two_tenants, make_user):
    """Tenants A and B with at least one row in every tenant table; the app role's connection."""
    a, b = two_tenants
    for tenant, mall in ((a, "mal-a"), (b, "mal-b")):
        _one_row_per_model(tenant, make_user)
        _mall_of(tenant, make_user(f"mall@{tenant.slug}.id"), mall)
    return a.id, b.id


@pytest.fixture
def as_app(database_url):
    with psycopg.connect(database_url) as conn:
        yield conn


def test_every_table_with_a_tenant_id_has_its_policy_forced(app, as_app):
    tables = tenant_tables(as_app)
    models = {m.local_table.name for m in db.Model.registry.mappers if issubclass(m.class_, TenantScoped)}
    assert models <= set(tables) and len(tables) >= 16
    rows = as_app.execute("""
        SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, count(p.polname),
               bool_and(p.polcmd = 'r' OR p.polqual IS NOT NULL AND p.polwithcheck IS NOT NULL)
        FROM pg_class c LEFT JOIN pg_policy p ON p.polrelid = c.oid
        WHERE c.relname = ANY(%s) AND c.relnamespace = current_schema()::regnamespace GROUP BY 1, 2, 3""",
                          (tables,)).fetchall()
    unguarded = [row[0] for row in rows if row[1:] != (True, True, 2 if row[0] in PLATFORM_ROWS else 1, True)]
    assert len(rows) == len(tables) and unguarded == [], f"ENABLE + FORCE a USING/WITH CHECK policy on {unguarded}"
    role = as_app.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user").fetchone()
    owners = {row[0] for row in as_app.execute("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema()")}
    assert role == (False, False) and as_app.info.user not in owners


def test_without_the_setting_the_app_role_sees_and_writes_no_tenant_row(seeded, as_app):
    a, _ = seeded
    for table in tenant_tables(as_app):
        with transaction(as_app, scope="platform"):
            everything = as_app.execute(on(table, 'SELECT count(*) FROM {}')).fetchone()[0]
        assert everything >= 2, table
        with transaction(as_app):
            shown = as_app.execute(on(table, 'SELECT count(*) FROM {}')).fetchone()[0]
            assert shown == (everything if table in PLATFORM_ROWS else 0), table
            assert as_app.execute(on(table, 'UPDATE {} SET tenant_id = tenant_id')).rowcount == 0, table
            assert as_app.execute(on(table, 'DELETE FROM {}')).rowcount == 0, table
        if table in APPENDED_UNSCOPED:
            continue
        with pytest.raises(REFUSED), transaction(as_app):
            as_app.execute(on(table, 'INSERT INTO {} (tenant_id) VALUES (%s)'), (a,))


def test_one_tenants_setting_shows_and_takes_its_rows_alone(seeded, as_app):
    a, b = seeded
    for table in tenant_tables(as_app):
        with transaction(as_app, tenant=str(a)):
            seen = [row[0] for row in as_app.execute(on(table, 'SELECT DISTINCT tenant_id FROM {} ORDER BY 1'))]
            assert seen == ([a, b] if table in PLATFORM_ROWS else [a]), table
            assert as_app.execute(on(table, 'UPDATE {} SET tenant_id = tenant_id WHERE tenant_id = %s'),
                                  (b,)).rowcount == 0, table
            assert as_app.execute(on(table, 'DELETE FROM {} WHERE tenant_id = %s'), (b,)).rowcount == 0, table
        with pytest.raises(REFUSED), transaction(as_app, tenant=str(a)):
            as_app.execute(on(table, 'INSERT INTO {} (tenant_id) VALUES (%s)'), (b,))
        move_to_b = on(table, 'UPDATE {} SET tenant_id = %s WHERE tenant_id = %s')
        if table in PLATFORM_ROWS:  # the platform's to write: not even A's counter changes
            with transaction(as_app, tenant=str(a)):
                assert as_app.execute(move_to_b, (b, a)).rowcount == 0
            continue
        with pytest.raises(REFUSED), transaction(as_app, tenant=str(a)):
            as_app.execute(move_to_b, (b, a))
    with transaction(as_app, scope="platform"):  # nothing of B's moved or went
        assert as_app.execute("SELECT count(*) FROM surveys WHERE tenant_id = %s", (b,)).fetchone()[0] >= 1


def test_a_session_level_setting_of_another_name_opens_nothing(seeded, as_app):
    as_app.execute("SELECT set_config('skm.tenant', %s, false), set_config('skm.scope', 'everything', false)",
                   (str(seeded[1]),))
    assert as_app.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


VALUES = {**{f"a{i}": 4 for i in range(1, 10)}, "answered_count": 9, "score_total": 36}


def _frozen_survey(tenant) -> int:
    survey = open_survey(tenant)
    with tenant_scope(tenant.id):
        freeze(db.session.get(Survey, survey.id).questionnaire)
        db.session.commit()
        return survey.id


def _loaded(tenant_id: int, survey_id: int) -> Survey:
    """The survey with its questionnaire, read in its tenant's scope (in the current app)."""
    with tenant_scope(tenant_id):
        survey = db.session.get(Survey, survey_id)
        assert survey.questionnaire.is_frozen
        return survey


def test_the_answer_engine_stores_nothing_into_another_tenants_survey(app, two_tenants, as_app):
    a, b = two_tenants
    a_id, b_id = _frozen_survey(a), _frozen_survey(b)
    values = VALUES
    with app.app_context():
        a_survey, b_survey = _loaded(a.id, a_id), _loaded(b.id, b_id)
        with tenant_scope(a.id):  # handed B's survey inside A's scope: its SELECT finds no survey
            assert store_if_open(b_survey, values, channel="open_link", submitted_on=local_today(b),
                                 submission_key="b" * 22) is None
            a_survey.tenant_id = b.id  # a definition forged to stamp B: the row is refused
            with pytest.raises(REFUSED):
                store_if_open(a_survey, values, channel="open_link", submitted_on=local_today(a),
                              submission_key="a" * 22)
        with tenant_scope(b.id):  # while B's own scope stores into B's survey
            assert store_if_open(b_survey, values, channel="open_link", submitted_on=local_today(b),
                                 submission_key="c" * 22) is not None
    with transaction(as_app, scope="platform"):
        stored = as_app.execute("SELECT tenant_id, submission_key FROM responses").fetchall()
    assert stored == [(b.id, "c" * 22)]


def test_the_setting_never_outlives_its_transaction_on_a_pooled_connection(app, two_tenants):
    a, _ = two_tenants
    open_survey(a)
    with app.app_context():
        with tenant_scope(a.id):
            assert len(db.session.scalars(select(Survey)).all()) == 1
            pid = db.session.scalar(text("SELECT pg_backend_pid()"))
            db.session.commit()
        assert db.session.scalar(text("SELECT pg_backend_pid()")) == pid  # the same pooled connection
        assert db.session.scalar(text("SELECT current_setting('skm.tenant_id', true)")) in ("", None)
        assert db.session.scalar(text("SELECT count(*) FROM surveys")) == 0
        db.session.rollback()
        survey = _loaded(a.id, _frozen_survey(a))
        with tenant_scope(a.id):
            assert store_if_open(survey, VALUES, channel="open_link", submitted_on=local_today(a),
                                 submission_key="d" * 22) is not None
        with db.engines["answers"].connect() as connection:  # the answer engine's pool (size: the one used)
            assert connection.exec_driver_sql("SELECT count(*) FROM responses").scalar() == 0
            assert connection.exec_driver_sql("SELECT current_setting('skm.tenant_id', true)").scalar() in ("", None)


def test_leaving_a_tenants_scope_inside_a_transaction_leaves_its_rows_behind(app, two_tenants):
    a, _ = two_tenants
    open_survey(a)
    with app.app_context():
        with tenant_scope(a.id):
            db.session.scalars(select(Survey)).all()
            db.session.flush()  # a flush's own inner transaction ends here, the database's does not
        assert db.session.scalar(text("SELECT count(*) FROM surveys")) == 0
        db.session.rollback()


@pytest.fixture
def probe_worker(database_url, tmp_path):
    """A real worker that also loads tests.rls_probe, on the test broker, as the app role; yields its log."""
    redis.Redis.from_url(BROKER).flushdb()
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": BROKER, "SECRET_KEY": "test-secret",
           "SKM_INSTANCE_PATH": str(tmp_path / "instance")}
    log = tmp_path / "worker.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "skm.workers", "worker", "-Q", PROBE_QUEUE, "-I", "tests.rls_probe",
             "--pool", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    yield log
    stop(process)
    redis.Redis.from_url(BROKER).flushdb()


def test_a_tenants_celery_task_sees_that_tenants_rows_alone(seeded, make_app, probe_worker, as_app, tmp_path):
    a, _ = seeded
    tables = tenant_tables(as_app)
    out = tmp_path / "seen.json"
    make_app(REDIS_URL=BROKER).extensions["celery"].send_task(
        "probe.visible_tenants", kwargs={"tenant_id": a, "tables": tables, "path": str(out)}, queue=PROBE_QUEUE)
    deadline = time.monotonic() + 180  # a worker's start on a busy machine
    while not out.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert out.exists(), probe_worker.read_text()[-3000:]
    assert json.loads(out.read_text()) == {table: [a] for table in tables if table not in PLATFORM_ROWS} | {
        table: sorted(seeded) for table in PLATFORM_ROWS}


def _grant(app, role: str):
    return app.test_cli_runner().invoke(main, ["db", "grant", role])


def test_skm_db_grant_gives_a_role_what_the_app_needs_and_says_what_is_wrong(app, seeded, owner_database_url,
                                                                              database_url):
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (GRANTEE,)).fetchone() is None:
            admin.execute(f'CREATE ROLE "{GRANTEE}" LOGIN')
    for _ in range(2):  # repeatable
        result = _grant(app, GRANTEE)
        assert result.exit_code == 0, result.output
    with psycopg.connect(owner_database_url) as owner:  # a later migration's table: the default privileges
        owner.execute("CREATE TABLE later_table (id int)")
        owner.commit()
    try:
        with psycopg.connect(as_role(database_url, GRANTEE)) as grantee:
            with transaction(grantee, tenant=str(seeded[0])):
                assert grantee.execute("SELECT count(*) FROM surveys").fetchone()[0] >= 1
                grantee.execute("INSERT INTO later_table VALUES (1)")
            with pytest.raises(REFUSED), transaction(grantee):
                grantee.execute("UPDATE alembic_version SET version_num = version_num")
    finally:
        with psycopg.connect(owner_database_url) as owner:
            owner.execute("DROP TABLE later_table")
    missing = _grant(app, "no_such_role_x")
    assert missing.exit_code != 0 and "role 'no_such_role_x' does not exist" in missing.output
    superuser = _grant(app, "postgres")
    assert superuser.exit_code != 0 and "BYPASSRLS" in superuser.output

"""Shared fixtures: a real PostgreSQL database (migrated once per run) and real Redis.

Each test starts from empty tables: the tables are truncated after every test rather than
rolled back, because several tests drive other processes (a Celery worker, gunicorn, a
browser) that must see committed rows.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from flask_migrate import upgrade
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from skm import create_app
from skm.extensions import db
from skm.platform.accounts.services import add_member, create_user, issue_token
from skm.platform.agencies.services import create_tenant as create_tenant_service
from skm.platform.data.roles import grant
from skm.platform.data.tenancy import tenant_scope

PG_ADMIN_URL = os.environ.get("SKM_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
TEST_REDIS_URL = os.environ.get("SKM_TEST_REDIS", "redis://127.0.0.1:6379/{db}")
PASSWORD = "Rahasia-123"
CHECKOUT = hashlib.sha256(str(Path(__file__).resolve().parent).encode()).hexdigest()[:8]
#: where mails and SMS land when no SMTP server or gateway is configured (stable: conftest may load twice)
OUTBOX = Path(tempfile.gettempdir()) / f"skm-test-outbox-{CHECKOUT}"
#: Redis db 11–15 by checkout (flushed after each test), so two checkouts' runs rarely share one;
#: dbs 9 and 10 are the Celery brokers of the worker tests
TEST_REDIS_URL = TEST_REDIS_URL.format(db=11 + int(CHECKOUT, 16) % 5)
#: the tables' owner (no superuser, so FORCEd row-level security binds it too) and the role the
#: application, the workers and gunicorn connect as (owns nothing); roles are cluster-wide, hence per checkout
OWNER_ROLE, APP_ROLE = f"skm_test_owner_{CHECKOUT}", f"skm_test_app_{CHECKOUT}"
#: the reason a test's own check across every tenant gives platform_scope (as ALL_TENANTS requires)
INSPECTING = "test: checking every tenant's rows"


def _test_database_name() -> str:
    """One database per checkout and xdist worker, so parallel runs never share one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"skm_test_{worker}_{CHECKOUT}"


def as_role(url: str, role: str) -> str:
    """``url`` with ``role`` as its user (trust authentication: no password)."""
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{role}@{rest.split('@', 1)[-1]}"


def _create_role(conn: psycopg.Connection, role: str) -> None:
    """Create a login role with no special powers, unless it exists (another xdist worker may race us)."""
    with contextlib.suppress(psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
        conn.execute(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE')


@pytest.fixture(scope="session")
def owner_database_url() -> Iterator[str]:
    """A fresh database owned by OWNER_ROLE; migrations and the clean-up connect with this URL."""
    name = _test_database_name()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        for role in (OWNER_ROLE, APP_ROLE):
            _create_role(conn, role)
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" OWNER "{OWNER_ROLE}"')
    yield as_role(f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}", OWNER_ROLE)


@pytest.fixture(scope="session")
def database_url(owner_database_url) -> str:
    """The application's URL: the app role, which owns nothing (every app, worker and server of the tests)."""
    return as_role(owner_database_url, APP_ROLE)


def _sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def app_config(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(database_url),
        "SKM_MIGRATION_DATABASE_URL": _sqlalchemy_url(as_role(database_url, OWNER_ROLE))
        if database_url.startswith("postgresql") else None,
        "REDIS_URL": TEST_REDIS_URL,
        "RATELIMIT_STORAGE_URI": TEST_REDIS_URL,
        "WTF_CSRF_ENABLED": False,
        "SKM_OUTBOX_DIR": str(OUTBOX),
        "SERVER_NAME": None,
        "SKM_FORM_CACHE_SECONDS": 0,  # tests change surveys between requests
        "SKM_OPEN_LINK_MIN_SECONDS": 0,  # tests post a form at once (tests/integration/tenants/test_open_link_abuse.py)
    }
    if "SQLALCHEMY_DATABASE_URI" in overrides:  # another database: its URL migrates it too
        config["SKM_MIGRATION_DATABASE_URL"] = None
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def app(database_url, owner_database_url):
    """The application on the app role, after migrating as the owner and granting the app role."""
    app = create_app(app_config(database_url))
    with app.app_context():
        upgrade()
    grant_app_role(owner_database_url)
    yield app
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


def grant_app_role(owner_url: str) -> None:
    """What ``skm db grant APP_ROLE`` does (its own function), as the owner."""
    engine = create_engine(_sqlalchemy_url(owner_url), poolclass=NullPool)
    with engine.begin() as connection:
        grant(connection, APP_ROLE)
    engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with psycopg.connect(request.getfixturevalue("owner_database_url"), autocommit=True) as conn:
        conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")  # the owner's privilege; no row policy applies
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    shutil.rmtree(OUTBOX / "mail", ignore_errors=True)


@pytest.fixture
def make_app(database_url):
    """``make_app(REDIS_URL=None, ...)``: a separate app with config overrides, disposed after."""
    made = []

    def make(**overrides):
        app = create_app(app_config(database_url, **overrides))
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()


@pytest.fixture(scope="session")
def data_app(app, database_url):
    """A second app on the same database for the test's own reads and writes.

    Requests made through ``client`` then run in their own app context and session, as in
    production, instead of sharing (and hiding staleness in) the test's session. It connects as
    the app role too, with the platform scope set for its whole connection (``-c skm.scope=platform``),
    so that a test reads whatever it wants to check; inside ``tenant_scope`` the row policies narrow
    it to that tenant as they do the application (each transaction's setting overrides the connection's).
    """
    app = create_app(app_config(f"{database_url}?options=-c%20skm.scope%3Dplatform"))
    yield app
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture
def storage_dir(tmp_path, app, data_app):
    """Both apps (requests and the test's own) keep report files in one temporary folder."""
    for each in (app, data_app):
        each.config["SKM_STORAGE_DIR"] = str(tmp_path / "storage")
    return tmp_path / "storage"


@pytest.fixture
def app_ctx(data_app) -> Iterator[None]:
    with data_app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_tenant(app_ctx):
    """``make_tenant("dpmptsp")``: a committed tenant with its standard questionnaire."""

    def make(slug: str, name: str | None = None):
        tenant = create_tenant_service(slug, name or f"Dinas {slug.upper()}")
        db.session.commit()
        return tenant

    return make


@pytest.fixture
def make_user(app_ctx):
    """``make_user("a@x.id", tenant=t, role="staff")`` or ``make_user(..., platform_admin=True)``."""

    def make(email: str, tenant=None, role: str = "staff", platform_admin: bool = False):
        user = create_user(email, email.split("@")[0], PASSWORD, is_platform_admin=platform_admin)
        if tenant is not None:
            with tenant_scope(tenant.id):
                add_member(tenant, user, role)
        db.session.commit()
        return user

    return make


def login(client, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def bearer(app_ctx):
    """``bearer(user)``: request headers carrying a fresh API token for ``user``."""

    def make(user) -> dict[str, str]:
        token, _ = issue_token(user)
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make

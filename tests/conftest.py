"""Shared fixtures: a real PostgreSQL database (migrated once per run) and real Redis.

Each test starts from empty tables: the tables are truncated after every test rather than
rolled back, because several tests drive other processes (a Celery worker, gunicorn, a
browser) that must see committed rows.
"""

from __future__ import annotations

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
from sqlalchemy import text

from skm import create_app
from skm.extensions import db
from skm.platform.accounts.services import add_member, create_user, issue_token
from skm.platform.agencies.services import create_tenant as create_tenant_service
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


def _test_database_name() -> str:
    """One database per checkout and xdist worker, so parallel runs never share one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"skm_test_{worker}_{CHECKOUT}"


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    name = _test_database_name()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"


def app_config(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url.replace("postgresql://", "postgresql+psycopg://", 1),
        "REDIS_URL": TEST_REDIS_URL,
        "RATELIMIT_STORAGE_URI": TEST_REDIS_URL,
        "WTF_CSRF_ENABLED": False,
        "SKM_OUTBOX_DIR": str(OUTBOX),
        "SERVER_NAME": None,
        "SKM_FORM_CACHE_SECONDS": 0,  # tests change surveys between requests
        "SKM_OPEN_LINK_MIN_SECONDS": 0,  # tests post a form at once (tests/integration/tenants/test_open_link_abuse.py)
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app(app_config(database_url))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        for engine in db.engines.values():
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
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()
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
    production, instead of sharing (and hiding staleness in) the test's session.
    """
    app = create_app(app_config(database_url))
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

"""The ``skm`` command: create-admin and the demo."""

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from sqlalchemy import func, select

from skm.cli import main
from skm.extensions import db
from skm.platform.accounts.models import Membership, User
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope
from skm.tenants.responses.models import Response
from skm.tenants.surveys.models import Survey
from tests.conftest import INSPECTING

ROOT = Path(__file__).resolve().parents[3]


def test_create_admin(app, app_ctx):
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["create-admin", "pusat@kotimkab.go.id", "--password", "Kotim-Admin-1"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.is_platform_admin and user.email == "pusat@kotimkab.go.id"


def test_create_admin_refuses_a_weak_password(app, app_ctx):
    result = app.test_cli_runner().invoke(main, ["create-admin", "x@kotim.id", "--password", "123"])
    assert result.exit_code != 0
    assert "password: Kata sandi minimal 10 karakter." in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def _counts():
    with platform_scope(INSPECTING):
        return [db.session.scalar(select(func.count()).select_from(model).execution_options(**ALL_TENANTS))
                for model in (Tenant, User, Membership, Survey, Response)]


def test_demo_is_idempotent(app, app_ctx):
    runner = app.test_cli_runner()
    first = runner.invoke(main, ["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "admin@kotimkab.go.id" in first.output and "admin@rsud.kotimkab.go.id" in first.output
    slugs = set(db.session.scalars(select(Tenant.slug)))
    assert slugs == {"dpmptsp", "disdukcapil", "pdam", "rsud"}
    before = _counts()
    second = runner.invoke(main, ["demo", "--no-serve"])
    assert second.exit_code == 0, second.output
    assert _counts() == before == [4, 6, 4, 4, 1200 + 1560 + 1000 + 1600]  # users: central, 4 agencies, the mall's


def test_make_demo_serves_the_indonesian_login_page_on_the_embedded_default(tmp_path):
    """`make demo` exactly as the README writes it, with no configuration but where the instance lives:
    a virtualenv, SQLite in the instance folder, no Redis, served on http://127.0.0.1:5000."""
    configured = ("SKM_", "DATABASE_URL", "REDIS_URL", "SMTP_URL", "SECRET_KEY", "SMS_", "MAIL_FROM")
    env = {key: value for key, value in os.environ.items() if not key.startswith(configured)}
    env["SKM_INSTANCE_PATH"] = str(tmp_path / "instance")
    server = subprocess.Popen(["make", "demo"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, start_new_session=True)
    try:
        page = _wait_for("http://127.0.0.1:5000/login", timeout=180)
        assert "Masuk ke SKM" in page
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=20)[0]
    assert "Kabupaten Kotawaringin Timur" in output and "admin@kotimkab.go.id" in output
    assert (tmp_path / "instance" / "skm.sqlite3").exists()


def _wait_for(url: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)

"""The ``skm`` command: create-admin and the demo."""

import socket
import subprocess
import sys
import time
import urllib.request

from sqlalchemy import func, select

from skm.cli import main
from skm.extensions import db
from skm.platform.accounts.models import Membership, User
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import ALL_TENANTS
from skm.tenants.responses.models import Response
from skm.tenants.surveys.models import Survey


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


def test_demo_serves_the_indonesian_login_page_on_the_embedded_default(tmp_path):
    """A first run with no configuration at all: SQLite in the instance folder, no Redis."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SKM_INSTANCE_PATH": str(tmp_path / "instance")}
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "skm.cli", "demo", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/login", timeout=120)
        assert "Masuk ke SKM" in page
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "Kabupaten Kotawaringin Timur" in output
    assert (tmp_path / "instance" / "skm.sqlite3").exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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

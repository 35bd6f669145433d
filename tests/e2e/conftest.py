"""Browser tests: Debian's chromium driven by Playwright against a real server on loopback.

The server is the application (CSRF on, as in production) under werkzeug in a thread, on the
test PostgreSQL database; the tests commit their data through ``data_app``. Without
/usr/bin/chromium (install it with scripts/install-browser.sh) these tests are skipped.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from skm import create_app
from skm.extensions import db
from tests.conftest import app_config

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 360, "height": 740}

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None


def pytest_collection_modifyitems(config, items):
    missing = "needs /usr/bin/chromium and playwright (scripts/install-browser.sh)"
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists() or sync_playwright is None:
                item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture(scope="session")
def live_server(app, database_url) -> Iterator[str]:
    """Base URL of the application served on a free loopback port."""
    # the form cache on, as in production: every browser test also covers the cached pages
    served = create_app(app_config(database_url, WTF_CSRF_ENABLED=True, SKM_KIOSK_RESET_SECONDS=2,
                                   SKM_FORM_CACHE_SECONDS=60, SKM_OPEN_LINK_RATE_LIMIT="1000 per minute"))
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    with served.app_context():
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        # Playwright turns the back/forward cache off by default; phones have it on, and "back, then
        # submit again" on a phone restores the filled-in page from it (same nonce: one response)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             ignore_default_args=["--disable-back-forward-cache"])
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized page (360×740) with no cookies."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)

"""The README's production commands, started exactly as written, do the work.

`gunicorn "skm:create_app()"` and `celery -A skm.workers worker` (no `-Q`) run as subprocesses with
nothing but environment variables; an invitation posted to the web server reaches the SMTP sink and
a report is built, so the worker consumes the `messages` and `reports` queues as well as `default`.
"""

from __future__ import annotations

import json

import pytest

from skm.platform.accounts.services import find_user
from tests.integration.messaging.conftest import _free_port, wait_until, worker_env
from tests.stack_support import BIN, Http, start, stop


@pytest.fixture
def stack(database_url, smtp_sink, gateway_server, tmp_path):
    port = _free_port()
    env = worker_env(database_url, smtp_sink, gateway_server, SKM_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1",
                     SKM_INSTANCE_PATH=str(tmp_path))
    processes = [start([str(BIN / "gunicorn"), "skm:create_app()"], env),
                 start([str(BIN / "celery"), "-A", "skm.workers", "worker"], env)]
    yield f"http://127.0.0.1:{port}"
    for process in processes:
        stop(process)


def _wait_for_report(http: Http, reports: str) -> bytes:
    """POSTed report built by the worker: its file."""
    status, body = http.call("POST", reports, {"format": "xlsx"})
    assert status == 202, body
    report = f"{reports}/{json.loads(body)['id']}"
    wait_until(lambda: json.loads(http.call("GET", report)[1])["status"] == "done", timeout=60)
    status, content = http.call("GET", f"{report}/file")
    assert status == 200
    return content


def test_the_readme_web_server_and_worker_send_invitations_and_build_reports(stack, sink, campaign, bearer,
                                                                           make_user):
    _, survey_id = campaign
    http = Http(stack, bearer(find_user("staf@dpmptsp.id")))
    wait_until(http.up, timeout=30)
    surveys = f"/api/v1/tenants/dpmptsp/surveys/{survey_id}"

    status, body = http.call("POST", f"{surveys}/invitations", [{"email": "warga@mail.id", "name": "Warga"}])
    assert status == 200, body
    wait_until(lambda: sink.recipients()["warga@mail.id"] == 1, timeout=60)

    assert _wait_for_report(http, f"{surveys}/reports").startswith(b"PK")  # the agency's spreadsheet
    central = Http(stack, bearer(make_user("pusat@kotimkab.go.id", platform_admin=True)))
    assert _wait_for_report(central, "/api/v1/regency/reports").startswith(b"PK")  # the regency's

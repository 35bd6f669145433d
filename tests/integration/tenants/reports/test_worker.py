"""End to end through a real Celery worker on the ``reports`` queue (Redis broker, PostgreSQL)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from pypdf import PdfReader

from skm.platform.accounts.services import find_user
from tests.stack_support import stop

BROKER = os.environ.get("SKM_TEST_BROKER", "redis://127.0.0.1:6379/9")
ROOT = Path(__file__).resolve().parents[4]


@pytest.fixture
def web(make_app, storage_dir):
    """An app whose tasks go to the test broker (db 9)."""
    return make_app(REDIS_URL=BROKER, SKM_STORAGE_DIR=str(storage_dir))


@pytest.fixture
def worker(database_url, storage_dir, tmp_path):
    redis.Redis.from_url(BROKER).flushdb()
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": BROKER, "SKM_STORAGE_DIR": str(storage_dir),
           "SECRET_KEY": "test-secret", "SKM_INSTANCE_PATH": str(tmp_path / "instance")}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "skm.workers", "worker", "-Q", "reports", "--pool", "solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    yield process
    stop(process)
    process.stdout.close()
    redis.Redis.from_url(BROKER).flushdb()


def test_a_real_worker_builds_the_pdf(web, small_survey, bearer, worker):
    _, survey_id, _ = small_survey
    client = web.test_client()
    headers = bearer(find_user("staf@dpmptsp.id"))
    base = f"/api/v1/tenants/dpmptsp/surveys/{survey_id}/reports"
    report_id = client.post(base, json={"format": "pdf"}, headers=headers).json["id"]
    deadline = time.monotonic() + 90
    status = {}
    while time.monotonic() < deadline:
        status = client.get(f"{base}/{report_id}", headers=headers).json
        if status["status"] in ("done", "failed"):
            break
        time.sleep(0.5)
    if status.get("status") != "done":
        os.killpg(worker.pid, signal.SIGTERM)
        pytest.fail(f"{status}\n{worker.communicate(timeout=20)[0].decode()[-3000:]}")
    response = client.get(f"{base}/{report_id}/file", headers=headers)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    response.close()
    assert "Dinas Penanaman Modal dan PTSP" in text and "BAB V KESIMPULAN" in text

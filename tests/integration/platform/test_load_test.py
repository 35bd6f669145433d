"""The README's load test (`python -m bench.load`, `make load`) runs end to end and its checks pass.

A short run (18 s of users, 15 residents, a campaign of 100 contacts) of the same driver as the
5-minute one: the demo regency in a scratch database, gunicorn, both workers and beat, the SMTP sink
and the SMS gateway on loopback, locust; then the driver's own checks. It keeps the scenario from
rotting as the pages it walks change.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import CHECKOUT, TEST_REDIS_URL
from tests.integration.messaging.conftest import ROOT


def _run_driver(*args: str) -> tuple[int, str]:
    process = subprocess.Popen([sys.executable, "-m", "bench.load", *args], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        output, _ = process.communicate(timeout=420)
    except subprocess.TimeoutExpired:
        process.terminate()  # the driver stops its stack on SIGTERM
        output, _ = process.communicate(timeout=90)
        raise AssertionError(f"the load test did not finish:\n{output}") from None
    return process.returncode, output


def test_the_load_test_passes_its_checks_and_reports_percentiles_per_request_type(tmp_path):
    results = tmp_path / "load.md"
    code, output = _run_driver("--minutes", "0.3", "--residents", "15", "--contacts", "100", "--drain-minutes", "2",
                               # the checkout's own Redis db: the messaging tests' long-lived worker
                               # consumes the broker db and would take the campaign's tasks
                               "--database", f"skm_test_load_{CHECKOUT}", "--redis", TEST_REDIS_URL,
                               "--results", str(results))
    assert code == 0, output
    report = results.read_text()
    assert "[FAIL]" not in report
    for check in ("zero HTTP errors", "zero Celery errors", "answers counted (open_link)", "answers counted (kiosk)",
                  "answers counted (invitation)", "every invitation sent exactly once: 100 received for 100 contacts"):
        assert f"[PASS] {check}" in report, report
    for request_type in ("answer: open link", "answer: kiosk", "answer: invitation", "staff: sign in",
                         "staff: results", "report: request", "campaign: upload contacts"):
        assert f"| {request_type} |" in report, report
    assert "SKM_OPEN_LINK_RATE_LIMIT=3000 per minute" in report  # the operator's setting for one NAT address

"""The benchmark suite (`python -m bench`, bench/suite.py) still runs and writes its results file.

Two cheap benchmarks at their --quick sizes, through the real command, into a temporary RESULTS.md,
with scratch databases of this checkout's own (``BENCH_DB_SUFFIX``), dropped afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg
import pytest

from tests.conftest import CHECKOUT, PG_ADMIN_URL
from tests.stack_support import ROOT

SUFFIX = f"_test_{CHECKOUT}"


@pytest.fixture
def suite(tmp_path):
    """``suite(*args)``: run the suite writing to a temporary file; (its process, the file's text)."""
    output = tmp_path / "RESULTS.md"

    def run(*args: str) -> tuple[subprocess.CompletedProcess, str]:
        done = subprocess.run([sys.executable, "-m", "bench", "--output", str(output), *args], cwd=ROOT,
                              env={**os.environ, "BENCH_DB_SUFFIX": SUFFIX}, capture_output=True, text=True,
                              timeout=180)
        return done, output.read_text() if output.exists() else ""

    yield run
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        for name in ("skm_bench_results", "skm_bench_import"):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}{SUFFIX}" WITH (FORCE)')


def figures(results: str) -> dict[str, list[str]]:
    """The summary table's rows by benchmark: figure, median, baseline, median, unit, ratio, note."""
    rows = [line.strip("|").split("|") for line in results.splitlines() if line.startswith("| ")]
    return {cells[0].strip(): [c.strip() for c in cells[1:]] for cells in rows[1:] if len(cells) == 8}


def number(cell: str) -> float:
    return float(cell.strip("*").replace(",", ""))


def test_the_quick_suite_writes_each_figure_against_its_baseline(suite):
    done, results = suite("--quick", "--only", "results,import", "--size", "results=--responses 5000 --repeat 3")

    assert done.returncode == 0, done.stdout[-3000:]
    found = figures(results)
    assert set(found) == {"results", "import"}
    figure, median, baseline, baseline_median, unit, ratio, _ = found["results"]
    assert (figure, baseline, unit) == ("survey_result()", "bare SQL aggregate", "ms")
    assert number(ratio) == pytest.approx(number(median) / number(baseline_median), rel=0.05)
    assert number(found["import"][5]) > 1  # validating and storing rows costs more than parsing them
    assert "`python -m bench.results_bench --responses 5000 --repeat 3`" in results
    assert "`python -m bench.import_bench --rows 5000`" in results  # the --quick size
    assert f"{os.cpu_count()} cores" in results and "at start" in results and "at end" in results


def test_a_failing_benchmark_is_reported_and_fails_the_suite(suite):
    done, results = suite("--only", "import", "--size", "import=--rows many")

    assert done.returncode == 1
    assert "### import failed" in results and "invalid int value: 'many'" in results
    assert "`python -m bench.import_bench --rows many`" in results

"""``skm ikm FILE`` as a user runs it: a real process, JSON on stdout, errors naming row and column."""

import json
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook

from tests.fixtures.skm_fixtures import FIXTURE_B_ROWS

FIXTURES = Path(__file__).parents[1] / "fixtures"


def skm_ikm(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "skm.cli", "ikm", *map(str, args)], capture_output=True,
                          text=True, timeout=60, cwd=cwd)


def test_fixture_a_exact_and_legacy():
    exact = skm_ikm(FIXTURES / "fixture_a.csv")
    assert exact.returncode == 0, exact.stderr
    document = json.loads(exact.stdout)
    assert (document["ikm_display"], document["mutu"], document["kinerja"]) == ("82.50", "B", "Baik")
    assert document["ikm"] == 297 / 90 and document["respondents"] == 10
    legacy = json.loads(skm_ikm(FIXTURES / "fixture_a.csv", "--weights", "legacy-0.111").stdout)
    assert (legacy["ikm_display"], legacy["weights"]) == ("82.42", "legacy-0.111")


def test_fixture_c_skipped_answer():
    document = json.loads(skm_ikm(FIXTURES / "fixture_c.csv").stdout)
    assert document["ikm_display"] == "79.17"
    assert document["elements"][3]["n"] == 3


def test_xlsx_fixture_b(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["No", *[f"U{i}" for i in range(1, 10)]])
    for number, row in enumerate(FIXTURE_B_ROWS, start=1):
        sheet.append([number, *[row[f"U{i}"] for i in range(1, 10)]])
    workbook.save(tmp_path / "b.xlsx")
    document = json.loads(skm_ikm(tmp_path / "b.xlsx").stdout)
    assert (document["ikm_display"], document["mutu"]) == ("88.33", "A")
    legacy = json.loads(skm_ikm(tmp_path / "b.xlsx", "--weights", "legacy-0.111").stdout)
    assert (legacy["ikm_display"], legacy["mutu"]) == ("88.25", "B")


def test_bad_input_names_row_and_column_and_prints_no_result(tmp_path):
    cases = {
        "missing.csv": ("U1,U2,U3,U4,U5,U6,U7,U8\n4,4,4,4,4,4,4,4\n", "column U9"),
        "range.csv": ("U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n4,4,7,4,4,4,4,4,4\n", "row 3, column U3"),
        "empty.csv": ("", "empty"),
    }
    for name, (content, expected) in cases.items():
        (tmp_path / name).write_text(content)
        result = skm_ikm(tmp_path / name)
        assert result.returncode != 0, name
        assert expected in result.stderr, (name, result.stderr)
        assert result.stdout == "", name

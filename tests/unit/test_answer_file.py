"""Reading answer files (CSV/XLSX) for ``skm ikm`` and paper imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from skm.platform.inputs.spreadsheets import AnswerFileError, RowError, read_answer_file
from tests.fixtures.skm_fixtures import CODES, FIXTURE_A_ROWS, FIXTURE_C_ROWS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def csv_bytes(lines, delimiter=",", bom=False):
    text = "\n".join(delimiter.join(str(cell) for cell in line) for line in lines) + "\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def errors_of(excinfo):
    return [(e.row, e.column) for e in excinfo.value.errors]


def answers(parsed):
    return [row.answers for row in parsed.rows]


def test_fixture_files_read_back():
    a = read_answer_file(FIXTURES / "fixture_a.csv", "fixture_a.csv", CODES)
    assert answers(a) == FIXTURE_A_ROWS
    assert [row.line for row in a.rows] == list(range(2, 12))
    c = read_answer_file(str(FIXTURES / "fixture_c.csv"), "fixture_c.csv", CODES)
    assert answers(c) == FIXTURE_C_ROWS
    assert c.rows[1].answers["U4"] is None


def test_semicolon_bom_extra_columns_and_case():
    header = ["No", " jenis layanan ", *[code.lower() for code in CODES]]
    data = csv_bytes(
        [header, [1, "KTP-el", *range(1, 5), *range(1, 5), 4], [2, "KK", *["4"] * 9]],
        delimiter=";",
        bom=True,
    )
    parsed = read_answer_file(data, "paper.CSV", CODES)
    assert parsed.rows[0].answers == dict(zip(CODES, [1, 2, 3, 4, 1, 2, 3, 4, 4], strict=True))
    assert parsed.rows[0].extra["jenis layanan"] == "KTP-el"
    assert parsed.rows[0].extra["No"] == "1"
    assert parsed.rows[1].extra["u1"] == "4"


def test_values_with_decimals_and_blank_rows_skipped():
    data = csv_bytes([CODES, ["4.0", "3,0", " 2 ", "", 1, 1, 1, 1, 1], [""] * 9, [4] * 9], delimiter=";")
    parsed = read_answer_file(data, "a.csv", CODES)
    assert parsed.rows[0].answers["U1"] == 4
    assert parsed.rows[0].answers["U2"] == 3
    assert parsed.rows[0].answers["U3"] == 2
    assert parsed.rows[0].answers["U4"] is None
    assert [row.line for row in parsed.rows] == [2, 4]


def test_xlsx(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Gender", *CODES])
    sheet.append(["L", 4, 4.0, "3", None, 2, 2, 2, 2, 1])
    sheet.append(["P", 1, 1, 1, 1, 1, 1, 1, 1, 1])
    path = tmp_path / "answers.xlsx"
    workbook.save(path)
    parsed = read_answer_file(path, "answers.xlsx", CODES)
    expected = {**dict.fromkeys(CODES, 2), "U1": 4, "U2": 4, "U3": 3, "U4": None, "U9": 1}
    assert parsed.rows[0].answers == expected
    assert parsed.rows[0].extra["Gender"] == "L"
    assert [row.line for row in parsed.rows] == [2, 3]
    # bytes and file objects work too
    with path.open("rb") as handle:
        assert answers(read_answer_file(handle, "answers.xlsx", CODES)) == answers(parsed)


def test_xlsx_errors_name_row_and_column(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(CODES)
    sheet.append([4] * 9)
    sheet.append([4, 4, 4, 4, 4, 4, 4, 4, 7])
    sheet.append([4, 4.5, 4, 4, 4, 4, 4, 4, 4])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    with pytest.raises(AnswerFileError) as excinfo:
        read_answer_file(path.read_bytes(), "bad.xlsx", CODES)
    assert errors_of(excinfo) == [(3, "U9"), (4, "U2")]
    assert "row 3, column U9: value 7 is outside 1–4" in str(excinfo.value)
    assert "row 4, column U2: value 4.5 is not a whole number" in str(excinfo.value)


def test_missing_columns():
    data = csv_bytes([["U1", "U2", "U3"], [4, 4, 4]])
    with pytest.raises(AnswerFileError) as excinfo:
        read_answer_file(data, "a.csv", CODES)
    assert errors_of(excinfo) == [(1, code) for code in CODES[3:]]
    assert "row 1, column U4: required column is missing" in str(excinfo.value)


def test_out_of_range_and_non_numeric_collected():
    rows = [CODES] + [[4] * 9 for _ in range(6)]
    rows[6] = [4, 4, 5, 4, 4, 4, 4, 4, 4]  # row 7
    rows[2] = [4, "abc", 0, 4, 4, 4, 4, 4, 4]  # row 3
    with pytest.raises(AnswerFileError) as excinfo:
        read_answer_file(csv_bytes(rows), "a.csv", CODES)
    assert errors_of(excinfo) == [(3, "U2"), (3, "U3"), (7, "U3")]
    messages = [str(e) for e in excinfo.value.errors]
    assert messages == [
        "row 3, column U2: value 'abc' is not a number",
        "row 3, column U3: value 0 is outside 1–4",
        "row 7, column U3: value 5 is outside 1–4",
    ]


def test_row_without_answers():
    data = csv_bytes([["Nama", *CODES], ["Budi", *[""] * 9], ["Ani", *[3] * 9]])
    with pytest.raises(AnswerFileError) as excinfo:
        read_answer_file(data, "a.csv", CODES)
    assert excinfo.value.errors == [RowError(2, None, "the row has no answers")]
    assert str(excinfo.value) == "row 2: the row has no answers"


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n", b";;;\n"])
def test_empty_file(content):
    with pytest.raises(AnswerFileError, match="empty"):
        read_answer_file(content, "a.csv", CODES)


def test_header_only():
    with pytest.raises(AnswerFileError, match="no data rows"):
        read_answer_file(csv_bytes([CODES]), "a.csv", CODES)


def test_unsupported_extension_and_broken_files():
    with pytest.raises(AnswerFileError, match="unsupported"):
        read_answer_file(b"U1\n4\n", "answers.xls", CODES)
    with pytest.raises(AnswerFileError, match="XLSX"):
        read_answer_file(b"not a zip", "answers.xlsx", CODES)
    with pytest.raises(AnswerFileError, match="UTF-8"):
        read_answer_file("U1\nä\n".encode("latin-1"), "answers.csv", ["U1"])


def test_duplicate_code_column():
    with pytest.raises(AnswerFileError) as excinfo:
        read_answer_file(csv_bytes([["U1", "u1"], [4, 4]]), "a.csv", ["U1"])
    assert errors_of(excinfo) == [(1, "U1")]


def test_error_list_is_capped():
    rows = [CODES] + [[9] * 9 for _ in range(200)]
    with pytest.raises(AnswerFileError) as excinfo:
        read_answer_file(csv_bytes(rows), "a.csv", CODES)
    assert len(excinfo.value.errors) == 1000
    assert excinfo.value.error_count == 1800
    assert str(excinfo.value).endswith("… and 800 more problems")

"""Read a file of answers (CSV or XLSX), one row per respondent, for ``skm ikm`` and paper imports.

The first non-blank row is the header. Columns named by the element codes (``U1`` … ``U9``,
matched case-insensitively after stripping) hold scores 1–4; an empty cell means "not
answered". Other columns are kept, as text, for callers such as the paper import that read
profile fields. Problems are collected for the whole file and raised together as one
:class:`AnswerFileError`, each with the row number a person sees in the spreadsheet (the
header is row 1 when it is the first row).

Decisions: fully blank rows (often left at the end of Excel exports) are skipped silently;
a row with content but no answer is an error. CSV must be UTF-8 (a BOM is fine).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

MAX_LISTED_ERRORS = 1000
SCORE_MIN = 1
SCORE_MAX = 4
SUPPORTED_EXTENSIONS = (".csv", ".xlsx")

# "4", "+4", "4.0", "4,00" (a decimal comma, as Indonesian-locale exports write it)
_INTEGER_TEXT = re.compile(r"^[+-]?[0-9]+(?:[.,]0*)?$")
_NUMBER_TEXT = re.compile(r"^[+-]?[0-9]*[.,][0-9]+$")

Source = str | os.PathLike[str] | bytes | bytearray | IO[bytes]


@dataclass(frozen=True)
class RowError:
    """One problem; ``row`` 0 means the file as a whole, ``column`` None a whole row."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class AnswerFileError(Exception):
    """All problems found in a file; ``errors`` lists at most 1000, ``error_count`` all."""

    def __init__(self, errors: Sequence[RowError], error_count: int | None = None):
        self.errors = list(errors)[:MAX_LISTED_ERRORS]
        self.error_count = len(errors) if error_count is None else error_count
        super().__init__(self._summary())

    def _summary(self) -> str:
        lines = [str(error) for error in self.errors]
        hidden = self.error_count - len(self.errors)
        if hidden > 0:
            lines.append(f"… and {hidden} more problems")
        return "\n".join(lines)


@dataclass(frozen=True)
class ParsedRow:
    """One respondent: ``answers`` by element code, ``extra`` = every named column as text."""

    line: int
    answers: dict[str, int | None]
    extra: dict[str, str]


@dataclass
class AnswerFile:
    rows: list[ParsedRow] = field(default_factory=list)


class _Errors:
    """Collects errors, keeping the first ``MAX_LISTED_ERRORS`` and counting the rest."""

    def __init__(self) -> None:
        self.listed: list[RowError] = []
        self.count = 0

    def add(self, row: int, column: str | None, message: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED_ERRORS:
            self.listed.append(RowError(row, column, message))

    def raise_if_any(self) -> None:
        if self.count:
            raise AnswerFileError(self.listed, self.count)


def _fail(message: str) -> AnswerFileError:
    return AnswerFileError([RowError(0, None, message)])


# --------------------------------------------------------------------------------------------
# Reading the raw grid: (spreadsheet row number, cells)
# --------------------------------------------------------------------------------------------

Grid = Iterator[tuple[int, list[Any]]]


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    if hasattr(source, "read"):
        return source.read()
    return Path(source).read_bytes()


def _sniff_delimiter(text: str) -> str:
    """``;`` when the header line has more semicolons than commas, else ``,``."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _csv_grid(data: bytes) -> Grid:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail('the file is not UTF-8 text; save it as "CSV UTF-8"') from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise _fail(f"the CSV file cannot be read: {exc}") from exc


def _xlsx_grid(data: bytes) -> Grid:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors for damaged files
        raise _fail("the file is not a readable XLSX workbook") from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # do not trust a stale <dimension>; read every row
        yield from enumerate((list(row) for row in sheet.iter_rows(values_only=True)), start=1)
    finally:
        workbook.close()


def read_grid(source: Source, filename: str) -> Grid:
    extension = os.path.splitext(filename)[1].lower()
    if extension not in SUPPORTED_EXTENSIONS:
        raise _fail(f"unsupported file type {extension or '(none)'!r}; use .csv or .xlsx")
    data = _read_bytes(source)
    return _csv_grid(data) if extension == ".csv" else _xlsx_grid(data)


# --------------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as stripped text; whole floats lose their ``.0`` (35.0 -> "35")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


#: the cells almost every file holds, answered without parsing (bool is excluded: True == 1)
_QUICK_SCORES: dict[Any, tuple[int | None, None]] = {
    **{str(n): (n, None) for n in range(SCORE_MIN, SCORE_MAX + 1)},
    **{n: (n, None) for n in range(SCORE_MIN, SCORE_MAX + 1)},
    "": (None, None), None: (None, None),
}


def _score(value: Any) -> tuple[int | None, str | None]:
    """``(score, None)`` for a valid or empty cell, ``(None, message)`` otherwise."""
    if type(value) in (str, int, type(None)) and (quick := _QUICK_SCORES.get(value)) is not None:
        return quick
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    number: int | None = None
    if isinstance(value, bool):
        pass
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            return None, f"value {value:g} is not a whole number"
        number = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if _INTEGER_TEXT.match(text):
            number = int(re.split(r"[.,]", text)[0])
        elif _NUMBER_TEXT.match(text):
            return None, f"value {text} is not a whole number"
    if number is None:
        return None, f"value {cell_text(value)!r} is not a number"
    if not SCORE_MIN <= number <= SCORE_MAX:
        return None, f"value {number} is outside {SCORE_MIN}–{SCORE_MAX}"
    return number, None


# --------------------------------------------------------------------------------------------
# Header and rows
# --------------------------------------------------------------------------------------------


def _is_blank(cells: Sequence[Any]) -> bool:
    return all(cell is None or cell == "" or cell_text(cell) == "" for cell in cells)


def _header_columns(
    line: int, cells: Sequence[Any], codes: Sequence[str], errors: _Errors
) -> tuple[dict[str, int], dict[str, int]]:
    """Map each code to its column index, and each non-blank header name to its index."""
    wanted = {code.strip().casefold(): code for code in codes}
    code_columns: dict[str, int] = {}
    named_columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = cell_text(cell)
        if not name:
            continue
        named_columns.setdefault(name, index)
        code = wanted.get(name.casefold())
        if code is None:
            continue
        if code in code_columns:
            errors.add(line, code, "the column appears more than once")
        else:
            code_columns[code] = index
    for code in codes:
        if code not in code_columns:
            errors.add(line, code, "required column is missing")
    return code_columns, named_columns


def _parse_row(
    line: int,
    cells: Sequence[Any],
    code_columns: dict[str, int],
    named_columns: dict[str, int],
    errors: _Errors,
) -> ParsedRow | None:
    def cell(index: int) -> Any:
        return cells[index] if index < len(cells) else None

    answers: dict[str, int | None] = {}
    valid = True
    for code, index in code_columns.items():
        score, problem = _score(cell(index))
        if problem:
            errors.add(line, code, problem)
            valid = False
        answers[code] = score
    if valid and all(score is None for score in answers.values()):
        errors.add(line, None, "the row has no answers")
        valid = False
    if not valid:
        return None
    extra = {name: cell_text(cell(index)) for name, index in named_columns.items()}
    return ParsedRow(line, answers, extra)


def read_answer_file(source: Source, filename: str, codes: Sequence[str], max_rows: int | None = None) -> AnswerFile:
    """Parse an answer file, or raise :class:`AnswerFileError` listing every problem found.

    ``source`` is a path, the file's bytes or a binary file object; ``filename`` decides the
    format by its extension (.csv or .xlsx); ``codes`` are the element columns required. A file
    of more than ``max_rows`` respondents is refused as soon as the next row is read.
    """
    errors = _Errors()
    grid = (item for item in read_grid(source, filename) if not _is_blank(item[1]))
    header = next(grid, None)
    if header is None:
        raise _fail("the file is empty")
    code_columns, named_columns = _header_columns(*header, codes, errors)
    errors.raise_if_any()
    parsed = AnswerFile()
    for count, (line, cells) in enumerate(grid):
        if count == max_rows:
            raise _fail(f"the file has more than {max_rows:,} rows of answers; split it into several files")
        row = _parse_row(line, cells, code_columns, named_columns, errors)
        if row is not None:
            parsed.rows.append(row)
    errors.raise_if_any()
    if not parsed.rows:
        raise _fail("the file has no data rows")
    return parsed

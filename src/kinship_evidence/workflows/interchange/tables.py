"""Reading a table a reviewer made (``.csv`` or ``.xlsx``) into rows of cell values, with the sheet's row numbers.

CSV goes through the standard ``csv`` module (UTF-8, a byte-order mark as Excel writes one is
accepted; comma-separated, or semicolon- or tab-separated when the header has no comma);
``.xlsx`` through openpyxl (imported only for a workbook), reading the first worksheet's values.
A cell is ``None`` when empty, else text (stripped), a number or a boolean. A file that cannot be
read is one finding, never an exception.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import stat
from pathlib import Path

from kinship_evidence.errors import UsageError
from kinship_evidence.findings import Finding
from kinship_evidence.frozen import frozen

MAX_TABLE_BYTES = 16 * 1024 * 1024
TABLE_SUFFIXES = (".csv", ".xlsx")
Cell = str | int | float | bool | None


@frozen
class Table:
    header: tuple[Cell, ...]
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]  # (the sheet's row number, its cells); blank rows left out
    header_row: int = 1


class NotATable(UsageError):
    """A file named as a sheet whose suffix is neither .csv nor .xlsx."""


def table_suffix(path: Path, option: str = "FILE") -> str:
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise NotATable(f"{option} {path}: the suffix chooses the format; use .csv or .xlsx (got {path.suffix or 'no suffix'!r})")
    return suffix


def read_table(path: Path, display: str) -> Table | Finding:
    """The table in ``path`` (format by suffix), or the one finding that says why it cannot be read."""
    suffix = table_suffix(path)
    raw = _read_bytes(path, display)
    if isinstance(raw, Finding):
        return raw
    return _read_csv(raw, display) if suffix == ".csv" else _read_xlsx(raw, display)


def _unreadable(display: str, message: str, rule: str = "file-unreadable") -> Finding:
    return Finding(display, 1, 1, "", rule, message)


def _read_bytes(path: Path, display: str) -> bytes | Finding:
    try:
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                return _unreadable(display, "is not a regular file")
            raw = handle.read(MAX_TABLE_BYTES + 1)
    except IsADirectoryError:
        return _unreadable(display, "is a directory, not a table")
    except OSError as error:
        return _unreadable(display, f"cannot read file: {error.strerror or error.__class__.__name__}")
    if len(raw) > MAX_TABLE_BYTES:
        return _unreadable(display, f"file is larger than the {MAX_TABLE_BYTES:,}-byte limit", "file-too-large")
    return raw


def _cell(value: object) -> Cell:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return value.isoformat()
    return str(value)


def _is_comment(row: tuple[Cell, ...]) -> bool:
    return bool(row) and isinstance(row[0], str) and row[0].startswith("#")


def _table(rows: list[tuple[int, list[object]]]) -> Table:
    """Leading rows whose first cell starts with ``#`` are comments (the R call of an exported
    robvis table); the next row is the header."""
    cells = [(number, tuple(_cell(value) for value in values)) for number, values in rows]
    while cells and _is_comment(cells[0][1]):
        cells.pop(0)
    header_row, header = cells[0] if cells else (1, ())
    body = tuple((number, row) for number, row in cells[1:] if any(cell is not None for cell in row))
    return Table(header, body, header_row)


def _read_csv(raw: bytes, display: str) -> Table | Finding:
    try:
        text = raw.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError as error:
        return _unreadable(
            display, f"invalid UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded; save the sheet as CSV UTF-8", "encoding"
        )
    first = text.split("\n", 1)[0]
    delimiter = "," if "," in first else ";" if ";" in first else "\t" if "\t" in first else ","
    try:
        rows = list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True), start=1))
    except csv.Error as error:
        return _unreadable(display, f"not a readable CSV table: {error}")
    return _table(rows)  # type: ignore[arg-type]


def _read_xlsx(raw: bytes, display: str) -> Table | Finding:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # zip, XML and openpyxl errors all mean "not a workbook"
        return _unreadable(display, f"not a readable .xlsx workbook ({error.__class__.__name__}: {error})")
    try:
        sheet = workbook.worksheets[0]
        rows = [
            (number, list(values)) for number, values in enumerate(sheet.iter_rows(values_only=True), start=sheet.min_row or 1)
        ]
    finally:
        workbook.close()
    return _table(rows)

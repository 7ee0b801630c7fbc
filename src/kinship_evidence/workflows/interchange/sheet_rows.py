"""An extraction sheet's rows, gathered into one study mapping per id, and where each value sat.

Rows that share an id are one study: its fields come from its first row, each row is one
outcome. A later row that gives a study field another value than the first row names another
study with the same id (a duplicate id, rule ``unique-id``). A header that names no field is a
finding with the nearest column name; an empty cell is an absent field. Values are converted
by their column's kind, and a cell that does not convert is passed on as it was written, so
that the record's own checks word the problem (``must be a whole number, got text 'twelve'``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kinship_evidence.findings import Finding
from kinship_evidence.frozen import frozen
from kinship_evidence.suggestions import did_you_mean
from kinship_evidence.workflows.interchange.columns import (
    CI_PARTS,
    COLUMNS,
    COLUMNS_BY_NAME,
    LIST_SEPARATOR,
    Column,
    column_letter,
)
from kinship_evidence.workflows.interchange.tables import Cell, Table

_WHOLE = re.compile(r"[-+]?\d{1,30}")
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d{1,3})?")
_FLAGS = {"true": True, "yes": True, "false": False, "no": False}


@dataclass
class SheetStudy:
    study_id: str
    first_row: int
    data: dict[str, Any]
    outcome_rows: list[int] = field(default_factory=list)


@frozen
class Sheet:
    display: str
    columns: dict[str, int]  # column name -> 0-based index
    studies: tuple[SheetStudy, ...]
    findings: tuple[Finding, ...]

    def label(self, name: str) -> str:
        """``C (design)``: the column's letter and name, as a finding names the place."""
        return f"{column_letter(self.columns[name])} ({name})"

    def cell_finding(self, row: int, name: str, rule: str, message: str) -> Finding:
        """A finding at ``row`` in column ``name`` (at the row's start, naming the field, when the sheet lacks it)."""
        if name in self.columns:
            return Finding(self.display, row, self.columns[name] + 1, self.label(name), rule, message)
        return Finding(self.display, row, 0, f"{name} (no such column)", rule, message)


def cell_value(column: Column, cell: Cell) -> Any:
    """The value ``cell`` gives ``column``'s field; a cell that does not convert, as written."""
    if column.kind == "list":
        return [part.strip() for part in str(cell).split(LIST_SEPARATOR) if part.strip()]
    if isinstance(cell, float) and cell.is_integer() and column.kind in ("whole", "text"):
        cell = int(cell)
    if column.kind == "text":
        return cell if isinstance(cell, str | bool) else str(cell)
    if not isinstance(cell, str):
        return cell
    if column.kind == "whole" and _WHOLE.fullmatch(cell):
        return int(cell)
    if column.kind == "number" and _NUMBER.fullmatch(cell):
        return int(cell) if _WHOLE.fullmatch(cell) else float(cell)
    if column.kind == "flag" and cell.lower() in _FLAGS:
        return _FLAGS[cell.lower()]
    return cell


def _put(target: dict[str, Any], column: Column, value: Any) -> None:
    *parents, last = column.path
    for part in parents:
        target = target.setdefault(part, {})
    if column.name.rsplit(".", 1)[-1] in CI_PARTS:
        pair = target.setdefault(last, [None, None])
        pair[CI_PARTS[column.name.rsplit(".", 1)[-1]]] = value
    else:
        target[last] = value


def _header(table: Table, display: str) -> tuple[dict[str, int], list[Finding]]:
    columns: dict[str, int] = {}
    findings: list[Finding] = []
    names = [column.name for column in COLUMNS]

    def problem(index: int, field: str, message: str) -> None:
        findings.append(Finding(display, table.header_row, index + 1, field, "schema", message))

    for index, cell in enumerate(table.header):
        where = column_letter(index)
        if cell is None:
            if any(index < len(row) and row[index] is not None for _, row in table.rows):
                problem(index, where, "a column with values has no name; name it by the field it fills")
            continue
        name = str(cell)
        if name not in COLUMNS_BY_NAME:
            problem(index, f"{where} ({name})",
                    f"unknown column {name!r}: columns are named by the record's fields{did_you_mean(name, names)}")
        elif name in columns:
            problem(index, f"{where} ({name})", f"column {name!r} is also column {column_letter(columns[name])}")
        else:
            columns[name] = index
    return columns, findings


def read_sheet(table: Table, display: str) -> Sheet:
    """The studies of ``table``, with the findings of its header and of rows that contradict each other."""
    columns, findings = _header(table, display)
    sheet = Sheet(display, columns, (), ())
    studies: dict[str, SheetStudy] = {}
    first_values: dict[str, dict[str, Any]] = {}
    for row_number, row in table.rows:
        values = {
            name: cell_value(COLUMNS_BY_NAME[name], row[index])
            for name, index in columns.items()
            if index < len(row) and row[index] is not None
        }
        study_id = values.get("id")
        if not isinstance(study_id, str) or not study_id:
            findings.append(
                sheet.cell_finding(
                    row_number, "id", "schema", "the row names no study: fill in its id (rows of one study share it)"
                )
            )
            continue
        study = studies.get(study_id)
        if study is None:
            study = studies[study_id] = SheetStudy(study_id, row_number, {})
            first_values[study_id] = values
            for name, value in values.items():
                if COLUMNS_BY_NAME[name].study:
                    _put(study.data, COLUMNS_BY_NAME[name], value)
        else:
            findings += _conflicts(sheet, study, first_values[study_id], values, row_number)
        outcome: dict[str, Any] = {}
        for name, value in values.items():
            if not COLUMNS_BY_NAME[name].study:
                _put(outcome, COLUMNS_BY_NAME[name], value)
        study.data.setdefault("outcomes", []).append(outcome)
        study.outcome_rows.append(row_number)
    return Sheet(display, columns, tuple(studies.values()), tuple(findings))


def _conflicts(sheet: Sheet, study: SheetStudy, first: dict[str, Any], values: dict[str, Any], row: int) -> list[Finding]:
    """A later row of ``study`` that gives its study fields other values: another study under the same id."""
    differing = [
        name for name, value in values.items() if COLUMNS_BY_NAME[name].study and name != "id" and value != first.get(name)
    ]
    if not differing:
        return []
    shown = ", ".join(f"{name} {first.get(name)!r}" for name in differing)
    message = (
        f"study id {study.study_id!r} is also used by row {study.first_row}, which gives {shown}: give each study its "
        "own id (a study's later rows may leave its fields empty)"
    )
    return [sheet.cell_finding(row, min(differing, key=sheet.columns.__getitem__), "unique-id", message)]

"""``import robvis FILE --tool rob2|robins-i``: a robvis table into the ``risk_of_bias`` blocks of existing records.

Every problem of the table in one round, each at its cell: a header out of robvis's order, a
study id that names no record, a word that is no judgement of the tool, a record that has a
block already (``--force`` replaces it), judgements the tool's own checks refuse, and a stated
quality that the imported appraisal contradicts (reported at the record's ``quality`` line, as
``validate`` reports it). Only when there is none are edits planned. An edit changes the record's
text, not a re-dump of it: the block is written in place of an old one, or in place of
``quality: not-appraised`` (no longer true once the study is appraised: removed, and said so),
or after the record's appraisal, quality or design line; every other line stays as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kinship_evidence.data.dataset import StudyRecord, load_dataset
from kinship_evidence.data.models import Study
from kinship_evidence.data.models.appraisal import RiskOfBias
from kinship_evidence.data.reading.locating import FieldLocator
from kinship_evidence.data.reading.strict_yaml import parse_yaml
from kinship_evidence.data.risk_of_bias.vocabulary import DOMAINS, TOOL_LABELS
from kinship_evidence.findings import Finding, sorted_findings
from kinship_evidence.frozen import frozen
from kinship_evidence.rating.frameworks import bundled_frameworks
from kinship_evidence.rating.quality import stated_quality_disagrees
from kinship_evidence.suggestions import did_you_mean
from kinship_evidence.workflows.interchange.columns import column_letter
from kinship_evidence.workflows.interchange.record_text import scalar
from kinship_evidence.workflows.interchange.robvis_columns import (
    OVERALL_HEADER,
    WEIGHT_HEADER,
    allowed_words,
    headers,
    judgement,
)
from kinship_evidence.workflows.interchange.sheet_import import printable
from kinship_evidence.workflows.interchange.tables import Cell, Table, read_table
from kinship_evidence.workflows.interchange.yaml_edit import edit_fields


@frozen
class RecordEdit:
    study_id: str
    path: Path
    text: str  # the record's new text
    replaced: bool  # an existing risk_of_bias block was replaced (--force)
    removed_not_appraised: bool  # ``quality: not-appraised`` was taken out


@frozen
class RobvisImport:
    edits: tuple[RecordEdit, ...]  # empty when there are findings
    findings: tuple[Finding, ...]


def _cell_finding(display: str, row: int, index: int, header: str, message: str, rule: str = "risk-of-bias") -> Finding:
    return Finding(display, row, index + 1, f"{column_letter(index)} ({header})", rule, message)


def _header_findings(table: Table, tool: str, display: str) -> list[Finding]:
    expected = headers(tool)
    given = tuple("" if cell is None else str(cell) for cell in table.header)
    if given in (expected, expected[:-1]):
        return []
    listed = ", ".join(expected)
    if len(given) not in (len(expected), len(expected) - 1):
        return [
            Finding(
                display,
                table.header_row,
                1,
                "",
                "schema",
                f"a robvis {TOOL_LABELS[tool]} table has the columns {listed} (Weight may be left out); "
                f"this one has {len(given)}: {', '.join(map(repr, given))} (another tool's table? see --tool)",
            )
        ]
    return [
        _cell_finding(
            display,
            table.header_row,
            index,
            name or "no name",
            f"robvis's column {column_letter(index)} is {want!r}, "
            f"got {name!r}{did_you_mean(name, [want])} (a robvis table's columns: {listed})",
            "schema",
        )
        for index, (name, want) in enumerate(zip(given, expected, strict=True))
        if name != want
    ]


def _judgement(tool: str, cell: Cell) -> tuple[str | None, str | None]:
    """(judgement, problem) of a judgement cell."""
    words = allowed_words(tool)
    if cell is None:
        return None, f"empty: write a judgement ({', '.join(words)})"
    try:
        return judgement(tool, str(cell)), None
    except KeyError:
        return (
            None,
            f"{str(cell)!r} is not a {TOOL_LABELS[tool]} judgement; use {', '.join(words)}{did_you_mean(str(cell), words)}",
        )


def _row_block(tool: str, source: str, row: int, cells: tuple[Cell, ...], display: str) -> tuple[dict[str, Any], list[Finding]]:
    names = headers(tool)
    findings: list[Finding] = []
    domains: dict[str, str] = {}
    for index, slug in enumerate(DOMAINS[tool], start=1):
        value, problem = _judgement(tool, cells[index] if index < len(cells) else None)
        if problem:
            findings.append(_cell_finding(display, row, index, names[index], problem))
        elif value is not None:
            domains[slug] = value
    at = len(DOMAINS[tool]) + 1
    overall, problem = _judgement(tool, cells[at] if at < len(cells) else None)
    if problem:
        findings.append(_cell_finding(display, row, at, OVERALL_HEADER, problem))
    weight = cells[at + 1] if at + 1 < len(cells) else None
    if weight is not None and not isinstance(weight, int | float) and not str(weight).replace(".", "", 1).isdigit():
        findings.append(
            _cell_finding(display, row, at + 1, WEIGHT_HEADER, f"robvis's Weight is a number, got {str(weight)!r}", "schema")
        )
    block: dict[str, Any] = {"tool": tool, "source": source, "domains": domains}
    if overall is not None:
        block["overall"] = overall
    return block, findings


def block_text(block: dict[str, Any]) -> str:
    """``risk_of_bias:`` and its fields, the domains on one line as the fixtures write them."""
    return "risk_of_bias:\n" + "".join(f"  {key}: {scalar(value)}\n" for key, value in block.items())


def _plan(record: StudyRecord, block: dict[str, Any], framework: Any) -> tuple[RecordEdit, Finding | None]:
    path = Path(record.path)
    text = path.read_text(encoding="utf-8")
    not_appraised = record.study.quality == "not-appraised"
    new_text = edit_fields(
        text, ("risk_of_bias", block_text(block)), ("quality",) if not_appraised else (), ("appraisal", "quality", "design")
    )
    loaded = parse_yaml(new_text, record.path)
    if loaded.findings:  # the edit broke the record: a bug, not the user's
        raise AssertionError(f"editing {record.path} gave text that does not parse")
    study = Study.model_validate(loaded.data)
    edit = RecordEdit(study.id, path, new_text, record.study.risk_of_bias is not None, not_appraised)
    message = stated_quality_disagrees(study, framework) if framework is not None else None
    if message is None:
        return edit, None
    line, column = FieldLocator(text).locate(["quality"])
    return edit, Finding(record.path, line, column, "quality", "quality-disagrees", message)


def import_robvis(table_path: Path, data_dir: Path, tool: str, source: str | None = None, force: bool = False) -> RobvisImport:
    """The record edits the robvis table at ``table_path`` gives, or the findings that stop them."""
    display = str(table_path)
    table = read_table(table_path, display)
    if isinstance(table, Finding):
        return RobvisImport((), (table,))
    findings = _header_findings(table, tool, display)
    if findings:
        return RobvisImport((), tuple(findings))
    loaded = load_dataset(data_dir)
    records = {record.study.id: record for record in loaded.dataset.records}
    file = loaded.dataset.recommendations_file
    framework = bundled_frameworks().get(file.guide.framework) if file is not None else None
    source = source or f"robvis table {printable(table_path.name)}"
    seen: dict[str, int] = {}
    edits: list[RecordEdit] = []
    for row, cells in table.rows:
        study_id = "" if cells[0] is None else str(cells[0])
        block, problems = _row_block(tool, source, row, cells, display)
        record = records.get(study_id)
        if record is None:
            invalid = any(Path(f.path).stem == study_id for f in loaded.findings)
            why = (
                "is invalid: run `kinship-evidence validate`"
                if invalid
                else f"names no study record in {data_dir}{did_you_mean(study_id, records)}"
            )
            problems.append(_cell_finding(display, row, 0, "Study", f"{study_id!r} {why}", "schema"))
        elif study_id in seen:
            problems.append(
                _cell_finding(display, row, 0, "Study", f"study {study_id!r} is also row {seen[study_id]}", "unique-id")
            )
        elif record.study.risk_of_bias is not None and not force:
            problems.append(
                _cell_finding(
                    display,
                    row,
                    0,
                    "Study",
                    f"{record.path} has a risk_of_bias block already "
                    f"(tool {record.study.risk_of_bias.tool}); it is left unchanged (pass --force to replace it)",
                )
            )
        seen.setdefault(study_id, row)
        if not problems:
            problems += _block_findings(block, tool, row, display)
        if not problems and record is not None:
            edit, disagreement = _plan(record, block, framework)
            problems += [disagreement] if disagreement else []
            edits.append(edit)
        findings += problems
    if not table.rows:
        findings.append(
            Finding(display, table.header_row + 1, 0, "", "schema", "the table has no rows below its header: nothing to import")
        )
    errors = any(finding.is_error for finding in findings)
    return RobvisImport(() if errors else tuple(edits), tuple(sorted_findings(findings)))


def _block_findings(block: dict[str, Any], tool: str, row: int, display: str) -> list[Finding]:
    """The tool's own checks of the judgements (``problems()``), at the cells they concern."""
    names = headers(tool)
    column = {f"risk_of_bias.domains.{slug}": index for index, slug in enumerate(DOMAINS[tool], start=1)}
    column["risk_of_bias.overall"] = len(DOMAINS[tool]) + 1
    found = []
    for path, message in RiskOfBias.model_validate(block).problems():
        index = column.get(path, 0)
        found.append(_cell_finding(display, row, index, names[index], message))
    return found

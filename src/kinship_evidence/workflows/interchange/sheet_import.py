"""``import sheet FILE``: an extraction sheet into one study record per id, or the findings that stop it.

All or nothing: every problem of every row is found in one round (the sheet's header, each
study's record checks at its cells, recommendation ids against ``recommendations.yaml``,
records that exist already), and records are planned only when there is none. Each record's
text is read back by the toolkit's own loader and must give the same study, so what is written
is what was checked. Writing is the command line's (one atomic writer for every file).
"""

from __future__ import annotations

from pathlib import Path

from kinship_evidence.data.dataset import RECOMMENDATIONS_FILE, RECORD_SUFFIX, STUDIES_DIR
from kinship_evidence.data.models import RecommendationsFile, Study
from kinship_evidence.data.reading.strict_yaml import parse_yaml
from kinship_evidence.data.records import validate_file
from kinship_evidence.findings import Finding, sorted_findings
from kinship_evidence.frozen import frozen
from kinship_evidence.workflows.interchange.record_text import record_text
from kinship_evidence.workflows.interchange.sheet_checks import existing_findings, reference_findings, study_findings
from kinship_evidence.workflows.interchange.sheet_rows import SheetStudy, read_sheet
from kinship_evidence.workflows.interchange.tables import read_table


@frozen
class PlannedRecord:
    study_id: str
    path: Path
    text: str


@frozen
class SheetImport:
    records: tuple[PlannedRecord, ...]  # empty when there are findings
    findings: tuple[Finding, ...]
    rows: int = 0


def printable(text: str) -> str:
    """``text`` with every character that could end a comment line shown as ``?``."""
    return "".join(char if char.isprintable() else "?" for char in text)


def _header(sheet_name: str, study: SheetStudy) -> str:
    rows = study.outcome_rows
    where = f"row {rows[0]}" if len(rows) == 1 else f"rows {', '.join(map(str, rows))}"
    return (
        f"Imported from {printable(sheet_name)} ({where}) by `kinship-evidence import sheet`.\n"
        "Check it against its source, then run `kinship-evidence validate`."
    )


def _planned(sheet_name: str, study: SheetStudy, folder: Path) -> PlannedRecord:
    text = record_text(study.data, _header(sheet_name, study))
    loaded = parse_yaml(text, study.study_id)
    if loaded.findings or loaded.data != study.data:  # the writer and the reader disagree: a bug, not the user's
        raise AssertionError(f"the record text of {study.study_id!r} does not read back as its sheet rows")
    Study.model_validate(loaded.data)
    return PlannedRecord(study.study_id, folder / f"{study.study_id}{RECORD_SUFFIX}", text)


def import_sheet(sheet_path: Path, data_dir: Path, output_dir: Path | None = None, force: bool = False) -> SheetImport:
    """The records the sheet at ``sheet_path`` gives, for ``output_dir`` (default ``data_dir/studies``)."""
    display = str(sheet_path)
    table = read_table(sheet_path, display)
    if isinstance(table, Finding):
        return SheetImport((), (table,))
    sheet = read_sheet(table, display)
    findings = list(sheet.findings)
    for study in sheet.studies:
        findings += study_findings(sheet, study)
    rec_path = data_dir / RECOMMENDATIONS_FILE
    recommendations, rec_findings = validate_file(rec_path, str(rec_path), RecommendationsFile)
    findings += rec_findings
    if recommendations is not None:
        findings += reference_findings(sheet, recommendations.recommendations, str(rec_path))
    folder = output_dir if output_dir is not None else data_dir / STUDIES_DIR
    targets = {study.study_id: folder / f"{study.study_id}{RECORD_SUFFIX}" for study in sheet.studies}
    if not force:
        findings += existing_findings(sheet, targets)
    if not sheet.studies and not findings:
        findings.append(Finding(display, 2, 0, "", "schema", "the sheet has no rows below its header: nothing to import"))
    if any(finding.is_error for finding in findings):
        return SheetImport((), tuple(sorted_findings(findings)), len(table.rows))
    records = tuple(_planned(sheet_path.name, study, folder) for study in sheet.studies)
    return SheetImport(records, tuple(sorted_findings(findings)), len(table.rows))

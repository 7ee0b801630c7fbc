"""Every problem of an extraction sheet's studies in one round, each at its cell.

Each study mapping is validated by the record's own model, and the errors are worded by the
same translator as a YAML record's (``data.checks.messages``), so a sheet and a record say the
same thing about the same mistake. A field path becomes a place in the sheet: ``outcomes.N.``
picks the row of the study's N-th outcome (else its first row), the rest picks the column
(``effect.ci.1`` is ``effect.ci_high``; ``recommendations.2`` is ``recommendations``). Then the
checks across files: a recommendation ``recommendations.yaml`` lacks, and a record that exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from pydantic import ValidationError

from kinship_evidence.data.checks.cross_field import every_problem
from kinship_evidence.data.checks.messages import validation_findings
from kinship_evidence.data.checks.references import unknown_reference_message
from kinship_evidence.data.models import Recommendation, Study
from kinship_evidence.findings import Finding
from kinship_evidence.workflows.interchange.columns import CI_PARTS
from kinship_evidence.workflows.interchange.sheet_rows import Sheet, SheetStudy

_CI_COLUMNS = {str(index): part for part, index in CI_PARTS.items()}  # effect.ci.0 -> effect.ci_low


def _place(sheet: Sheet, study: SheetStudy, path: str) -> tuple[int, str]:
    """The row and the column name of a record's field path."""
    parts = path.split(".") if path else []
    row = study.first_row
    if len(parts) >= 2 and parts[0] == "outcomes" and parts[1].isdigit():
        index = int(parts[1])
        row = study.outcome_rows[index] if index < len(study.outcome_rows) else row
        parts = parts[2:]
    if len(parts) >= 2 and parts[-2] == "ci" and parts[-1] in _CI_COLUMNS:
        parts = [*parts[:-2], _CI_COLUMNS[parts[-1]]]
    elif parts and parts[-1] == "ci":
        low = ".".join([*parts[:-1], "ci_low"])
        parts = [*parts[:-1], "ci_low" if low in sheet.columns else "ci_high"]
    elif parts and parts[-1].isdigit():
        parts = parts[:-1]
    name = ".".join(parts)
    if name and name not in sheet.columns:
        nested = [column for column in sheet.columns if column.startswith(name + ".")]
        name = min(nested, key=sheet.columns.__getitem__) if nested else name
    return row, name


def _at_cell(sheet: Sheet, study: SheetStudy, finding: Finding) -> Finding:
    row, name = _place(sheet, study, finding.field)
    if not name:  # the outcome (its row) or the study as a whole
        return replace(
            finding, line=row, column=0, field=f"{study.study_id}: outcome of row {row}" if finding.field else study.study_id
        )
    return sheet.cell_finding(row, name, finding.rule, finding.message)


def study_findings(sheet: Sheet, study: SheetStudy) -> list[Finding]:
    """The record checks of one study, at its cells; empty when the study is a valid record."""
    try:
        Study.model_validate(study.data)
    except ValidationError as error:
        found = validation_findings(every_problem(Study, study.data, error), sheet.display)
        return [_at_cell(sheet, study, finding) for finding in found]
    return []


def reference_findings(sheet: Sheet, recommendations: Sequence[Recommendation], where: str) -> list[Finding]:
    """A recommendation id that ``recommendations.yaml`` (``where``) lacks, at the study's cell."""
    known = {rec.id for rec in recommendations}
    found = []
    for study in sheet.studies:
        named = study.data.get("recommendations")
        for rec_id in named if isinstance(named, list) else []:
            if isinstance(rec_id, str) and rec_id not in known:
                message = unknown_reference_message(rec_id, recommendations, where)
                found.append(sheet.cell_finding(study.first_row, "recommendations", "unknown-recommendation", message))
    return found


def existing_findings(sheet: Sheet, targets: dict[str, Path]) -> list[Finding]:
    """A study whose record file exists already (``--force`` replaces it)."""
    return [
        sheet.cell_finding(
            study.first_row,
            "id",
            "unique-id",
            f"study id {study.study_id!r} is a record already ({targets[study.study_id]}); it is left unchanged "
            "(pass --force to replace it)",
        )
        for study in sheet.studies
        if study.study_id in targets and targets[study.study_id].exists()
    ]

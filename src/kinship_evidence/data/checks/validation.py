"""Validation of a whole dataset: every file's schema, then the cross-file rules."""

from __future__ import annotations

from pathlib import Path

from kinship_evidence.data.checks.dataset_rules import check_dataset
from kinship_evidence.data.dataset import (
    Dataset,
    ProgressCallback,
    load_dataset,
    locate_in_files,
)
from kinship_evidence.findings import Finding
from kinship_evidence.frozen import frozen


@frozen
class ValidationReport:
    dataset: Dataset
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def validate_dataset(root: Path, on_progress: ProgressCallback | None = None) -> ValidationReport:
    """Load ``root`` and run every check; raises DatasetNotFound for a missing folder."""
    loaded = load_dataset(root, on_progress)
    cross_file = locate_in_files(check_dataset(loaded.dataset))
    findings = [*loaded.findings, *cross_file]
    findings.sort(key=Finding.sort_key)  # in place: one list of a million findings, not several
    return ValidationReport(loaded.dataset, tuple(findings))

"""``validate``: every file of a dataset checked, every problem a located finding."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from kinship_evidence.data.checks.dataset_rules import (
    check_dataset,
    id_matches_file,
    known_recommendations,
    outcomes_in_target_domains,
    unique_study_ids,
)
from kinship_evidence.data.checks.validation import ValidationReport, validate_dataset
from kinship_evidence.data.dataset import ProgressCallback, load_study_files, locate_in_files
from kinship_evidence.findings import Finding, sorted_findings
from kinship_evidence.rating.frameworks import bundled_frameworks
from kinship_evidence.workflows.acknowledgements import known_drift_findings
from kinship_evidence.workflows.appraisal_checks import quality_disagreements
from kinship_evidence.workflows.evaluate import require_files


def validate(root: Path, on_progress: ProgressCallback | None = None) -> ValidationReport:
    """Validate the dataset at ``root``, each stated quality against its own appraisal included.

    Raises ``DatasetNotFound`` (a usage error) when ``root`` is not a folder.
    """
    report = validate_dataset(root, on_progress)
    file = report.dataset.recommendations_file
    framework = bundled_frameworks().get(file.guide.framework) if file is not None else None
    extra = quality_disagreements(report.dataset.records, framework)
    extra += known_drift_findings(report.dataset, bundled_frameworks())
    if not extra:
        return report
    return replace(report, findings=tuple(sorted_findings([*report.findings, *extra])))


def validate_drafts(root: Path, files: Sequence[Path], on_progress: ProgressCallback | None = None) -> ValidationReport:
    """``validate FILES``: just these study records, checked against the dataset at ``root``.

    Each file's schema, its id against its file name and the dataset's other records, its
    recommendations against ``recommendations.yaml`` (unknown ids, outcomes outside the targets),
    its stated quality against its appraisal. The dataset's own files are read, not reported,
    unless ``recommendations.yaml`` is unusable (then its findings are, as nothing can be checked).
    """
    dataset_report = validate_dataset(root, on_progress)
    dataset = dataset_report.dataset
    drafts, findings = load_study_files(require_files("validate", files))
    draft_paths = {os.path.realpath(record.path) for record in drafts}
    others = [record for record in dataset.records if os.path.realpath(record.path) not in draft_paths]
    ids = {record.study.id: record.path for record in others}
    for record in drafts:
        if record.study.id in ids:
            findings.append(
                Finding(record.path, 0, 0, "id", "unique-id", f"study id {record.study.id!r} is also used by {ids[record.study.id]}")
            )
    with_drafts = replace(dataset, records=tuple(drafts))
    rules = (id_matches_file, unique_study_ids, known_recommendations, outcomes_in_target_domains)
    findings += locate_in_files(check_dataset(with_drafts, rules))
    file = dataset.recommendations_file
    framework = bundled_frameworks().get(file.guide.framework) if file is not None else None
    findings += quality_disagreements(drafts, framework)
    if file is None:
        findings += [f for f in dataset_report.findings if f.path == dataset.recommendations_path]
    return ValidationReport(with_drafts, tuple(sorted_findings(findings)))

"""``validate``: every file of a dataset checked, every problem a located finding."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kinship_evidence.data.dataset import ProgressCallback
from kinship_evidence.data.validation import ValidationReport, validate_dataset
from kinship_evidence.findings import sorted_findings
from kinship_evidence.rating.frameworks import bundled_frameworks
from kinship_evidence.workflows.appraisal_checks import quality_disagreements


def validate(root: Path, on_progress: ProgressCallback | None = None) -> ValidationReport:
    """Validate the dataset at ``root``, each stated quality against its own appraisal included.

    Raises ``DatasetNotFound`` (a usage error) when ``root`` is not a folder.
    """
    report = validate_dataset(root, on_progress)
    file = report.dataset.recommendations_file
    framework = bundled_frameworks().get(file.guide.framework) if file is not None else None
    extra = quality_disagreements(report.dataset.records, framework)
    if not extra:
        return report
    return replace(report, findings=tuple(sorted_findings([*report.findings, *extra])))

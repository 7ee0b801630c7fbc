"""``validate``: every file of a dataset checked, every problem a located finding."""

from __future__ import annotations

from pathlib import Path

from kinship_evidence.data.dataset import ProgressCallback
from kinship_evidence.data.validation import ValidationReport, validate_dataset


def validate(root: Path, on_progress: ProgressCallback | None = None) -> ValidationReport:
    """Validate the dataset at ``root``; raises ``DatasetNotFound`` (a usage error) when it is not a folder."""
    return validate_dataset(root, on_progress)

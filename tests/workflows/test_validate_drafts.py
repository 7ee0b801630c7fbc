"""`validate FILES`: just these drafts, against the dataset's recommendations."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinship_evidence.errors import FileNotGiven
from kinship_evidence.workflows.validate import validate_drafts

DATA = Path(__file__).resolve().parents[2] / "data"
VALID = Path(__file__).resolve().parents[1] / "data" / "examples" / "valid" / "studies" / "finding-only.yaml"


def _draft(tmp_path: Path, name: str, replacements: dict[str, str]) -> Path:
    text = VALID.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_draft_is_checked_against_the_dataset_recommendations(tmp_path):
    unknown = _draft(tmp_path, "draft-a", {"id: finding-only": "id: draft-a", "  - peer-support": "  - peer-suport"})
    outside = _draft(tmp_path, "draft-b", {"id: finding-only": "id: draft-b", "- domain: carer-wellbeing": "- domain: safety"})
    clean = _draft(tmp_path, "draft-c", {"id: finding-only": "id: draft-c"})
    report = validate_drafts(DATA, [unknown, outside, clean])
    assert sorted((Path(f.path).name, f.rule) for f in report.findings) == [
        ("draft-a.yaml", "unknown-recommendation"), ("draft-b.yaml", "outcome-outside-targets"),
    ]
    assert len(report.dataset.records) == 3


def test_a_draft_whose_id_differs_from_its_name_and_only_drafts_are_reported(tmp_path):
    draft = _draft(tmp_path, "renamed", {})
    report = validate_drafts(DATA, [draft])
    assert "id-matches-file" in {finding.rule for finding in report.findings}
    assert all(finding.path == str(draft) for finding in report.findings)


def test_a_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(FileNotGiven):
        validate_drafts(DATA, [tmp_path / "nope.yaml"])

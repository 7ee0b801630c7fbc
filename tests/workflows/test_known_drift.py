"""Acknowledged drift (``known_drift`` beside ``published_rating``): a note when it matches, an
error when the drift is new or has changed, a warning when the acknowledgement is stale.

The dataset is tests/cli/fixtures/published-differs: two high-quality RCTs derive *strong*
where *good* is published.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

DRIFT = Path(__file__).resolve().parents[1] / "cli" / "fixtures" / "published-differs"


def _dataset(tmp_path: Path, known_drift: str | None = None, published: str = "good") -> Path:
    root = tmp_path / "data"
    shutil.copytree(DRIFT, root)
    path = root / "recommendations.yaml"
    text = path.read_text(encoding="utf-8").replace("published_rating: good", f"published_rating: {published}")
    if known_drift is not None:
        text += f"    known_drift: {known_drift}\n"
    path.write_text(text, encoding="utf-8")
    return root


def _check(rating_cli, root: Path):
    result = rating_cli("check", "--data", root, "--format", "json")
    return result.exit_code, [(f["rule"], f["severity"], f["field"]) for f in json.loads(result.stdout)], result


def test_an_unacknowledged_drift_is_an_error_that_says_how_to_acknowledge_it(rating_cli, tmp_path):
    code, found, result = _check(rating_cli, _dataset(tmp_path))
    assert code == 1
    assert ("rating-drift", "error", "recommendations.0.published_rating") in found
    assert "known_drift: {rating: strong" in json.loads(result.stdout)[-1]["message"] or any(
        "known_drift" in item["message"] for item in json.loads(result.stdout)
    )


def test_a_matching_acknowledgement_is_a_note_and_check_passes(rating_cli, tmp_path):
    root = _dataset(tmp_path, '{rating: strong, reason: "Both trials were appraised after the guide.", studies: [trial-a, trial-b]}')
    code, found, _ = _check(rating_cli, root)
    assert code == 0
    assert ("known-drift", "note", "recommendations.0.known_drift") in found
    assert not [item for item in found if item[1] == "error"]
    text = rating_cli("check", "--data", root)
    assert text.exit_code == 0 and "note: recommendation 1 (rec)" in text.stdout
    assert "1 note" in text.stderr
    github = rating_cli("check", "--data", root, "--format", "github").stdout
    assert github.startswith("::notice ")


def test_a_changed_drift_is_an_error_at_the_acknowledged_rating(rating_cli, tmp_path):
    root = _dataset(tmp_path, '{rating: promising, reason: "An older reading."}')
    code, found, _ = _check(rating_cli, root)
    assert code == 1
    assert ("rating-drift", "error", "recommendations.0.known_drift.rating") in found


def test_a_stale_acknowledgement_is_a_warning(rating_cli, tmp_path):
    root = _dataset(tmp_path, '{rating: strong, reason: "No longer needed."}', published="strong")
    code, found, _ = _check(rating_cli, root)
    assert code == 0
    assert ("stale-known-drift", "warning", "recommendations.0.known_drift") in found


def test_an_acknowledgement_naming_a_missing_study_is_a_warning(rating_cli, tmp_path):
    root = _dataset(tmp_path, '{rating: strong, reason: "Both trials.", studies: [trial-a, trial-z]}')
    code, found, _ = _check(rating_cli, root)
    assert code == 0
    assert ("stale-known-drift", "warning", "recommendations.0.known_drift.studies.1") in found


@pytest.mark.parametrize("framework", ["foundations-pta-2025", "title-iv-e-psc"])
def test_other_frameworks_are_not_compared(rating_cli, tmp_path, framework):
    """Published ratings belong to the guide's own rule set; under another, nothing drifts."""
    code, found, _ = _check(rating_cli, _dataset(tmp_path))
    result = rating_cli("check", "--data", _dataset(tmp_path / framework), "--format", "json", "--framework", framework)
    assert not [f for f in json.loads(result.stdout) if f["rule"] in ("rating-drift", "known-drift")]

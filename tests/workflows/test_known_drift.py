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
    _code, _found, _ = _check(rating_cli, _dataset(tmp_path))
    result = rating_cli("check", "--data", _dataset(tmp_path / framework), "--format", "json", "--framework", framework)
    assert not [f for f in json.loads(result.stdout) if f["rule"] in ("rating-drift", "known-drift")]


# --- issue 22, item 5: typos in an acknowledgement, and an acknowledged drift shown as such ----------


def test_known_drift_typos_passing_validate_is_fixed(rating_cli, tmp_path):
    rating_typo = _dataset(tmp_path / "rating", '{rating: strng, reason: "A typo."}')
    result = rating_cli("validate", "--data", rating_typo, "--format", "json")
    assert result.exit_code == 1
    (finding,) = [f for f in json.loads(result.stdout) if f["rule"] == "invalid-known-drift"]
    assert finding["field"] == "recommendations.0.known_drift.rating" and "did you mean 'strong'?" in finding["message"]
    framework_typo = _dataset(tmp_path / "framework", '{rating: strong, reason: "A typo.", framework: title-iv-e-pcs}')
    for command in ("validate", "check"):
        result = rating_cli(command, "--data", framework_typo, "--format", "json")
        assert result.exit_code == 1
        (finding,) = [f for f in json.loads(result.stdout) if f["rule"] == "invalid-known-drift"]
        assert finding["field"] == "recommendations.0.known_drift.framework"
        assert "did you mean 'title-iv-e-psc'?" in finding["message"]
    # a rating of the acknowledgement's own rule set, not of the guide's
    other_scale = _dataset(tmp_path / "scale", '{rating: strong, reason: "Another scale.", framework: title-iv-e-psc}')
    found = json.loads(rating_cli("validate", "--data", other_scale, "--format", "json").stdout)
    assert any(f["rule"] == "invalid-known-drift" and "well-supported" in f["message"] for f in found)


def test_known_drift_framework_being_ignored_is_fixed(rating_cli, tmp_path):
    """known_drift.framework pins the acknowledgement to a rule set: under another one it acknowledges nothing."""
    elsewhere = _dataset(
        tmp_path / "elsewhere", '{rating: strong, reason: "Made under another rule set.", framework: foundations-pta-2025}'
    )
    code, found, _ = _check(rating_cli, elsewhere)
    assert code == 1
    assert ("rating-drift", "error", "recommendations.0.known_drift.framework") in found
    assert not [item for item in found if item[0] == "known-drift"]


def test_a_non_default_guide_framework_can_acknowledge_its_drift(rating_cli, tmp_path):
    root = _dataset(tmp_path, '{rating: good, reason: "Both trials.", framework: foundations-pta-2025}', published="promising")
    path = root / "recommendations.yaml"
    text = path.read_text(encoding="utf-8")
    assert "framework: foundations-kinship-2024" in text
    path.write_text(text.replace("framework: foundations-kinship-2024", "framework: foundations-pta-2025", 1), encoding="utf-8")
    code, found, _ = _check(rating_cli, root)
    assert code == 0 and ("known-drift", "note", "recommendations.0.known_drift") in found


def test_an_acknowledged_drift_shown_as_no_match_outside_check_is_fixed(rating_cli, tmp_path):
    root = _dataset(tmp_path, '{rating: strong, reason: "Both trials were appraised after the guide."}')
    table = rating_cli("rate", "--data", root, "--color", "never")
    assert table.exit_code == 0 and "acknowledged" in table.stdout and "NO MATCH" not in table.stdout
    rated = json.loads(rating_cli("rate", "--data", root, "--format", "json").stdout)
    drift = rated["recommendations"][0]["drift"]
    assert drift == {"status": "acknowledged", "reason": "Both trials were appraised after the guide."}
    explained = rating_cli("explain", "1", "--data", root)
    assert "as known_drift acknowledges: Both trials were appraised after the guide." in explained.stdout
    assert json.loads(rating_cli("explain", "1", "--data", root, "--format", "json").stdout)["drift"]["status"] == "acknowledged"
    unacknowledged = json.loads(rating_cli("rate", "--data", _dataset(tmp_path / "new"), "--format", "json").stdout)
    assert unacknowledged["recommendations"][0]["drift"] == {"status": "unacknowledged", "reason": None}
    report_dir = tmp_path / "site"
    assert rating_cli("report", "--data", root, "--output", report_dir).exit_code == 0
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    assert 'class="match-acknowledged">acknowledged<' in page and "the drift is acknowledged in known_drift" in page

"""Cross-file checks of a dataset (issue 22, item 4: a misspelt outcome domain)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _misspelt(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    record = data / "studies" / "arizona-kinship-support-services.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("  - domain: permanence", "  - domain: permanency", 1), encoding="utf-8")
    return data


def test_a_misspelt_outcome_domain_being_accepted_is_fixed(tmp_path, rating_cli):
    data = _misspelt(tmp_path)
    found = json.loads(rating_cli("validate", "--data", data, "--format", "json").stdout)
    (finding,) = [f for f in found if f["rule"] == "unknown-outcome-domain"]
    assert finding["path"].endswith("arizona-kinship-support-services.yaml") and finding["field"] == "outcomes.0.domain"
    assert finding["severity"] == "warning" and "did you mean 'permanence'?" in finding["message"]
    assert "'permanency'" in finding["message"]
    strict = rating_cli("check", "--data", data, "--strict", "--format", "json")
    assert strict.exit_code == 1
    assert any(f["rule"] == "unknown-outcome-domain" for f in json.loads(strict.stdout))


def test_a_new_domain_with_no_near_name_is_taken_as_written(rating_cli):
    found = json.loads(rating_cli("validate", "--data", ROOT / "data", "--format", "json").stdout)
    assert not [f for f in found if f["rule"] == "unknown-outcome-domain"]  # kin-tech's own 'safety'

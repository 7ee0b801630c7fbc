"""`kinship-evidence robustness [REC]` on the command line: formats, REC, method options, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "workflows" / "fixtures"
STRONG = FIXTURES / "strong-two-trials"


def test_not_robust_still_exits_0_with_a_note(rating_cli) -> None:
    result = rating_cli("robustness", "--data", STRONG)
    assert result.exit_code == 0, result.stderr
    assert "1 rec: strong, fragile" in result.stdout
    assert "note: 1 rating(s) fragile: a single change flips them" in result.stderr


def test_bcg_is_robust_in_json(rating_cli) -> None:
    result = rating_cli("robustness", "1", "--data", FIXTURES / "bcg-vaccine-trials", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (rec,) = json.loads(result.stdout)["recommendations"]
    assert (rec["id"], rec["rating"], rec["robust"], rec["flips"]) == ("bcg-vaccination", "strong", True, [])
    assert result.stderr.startswith("read 14 files (dataset: ") and result.stderr.count("\n") == 1


def test_rec_by_number_or_id_and_an_unknown_one(rating_cli) -> None:
    by_number = json.loads(rating_cli("robustness", "6", "--data", DATA, "-f", "json").stdout)
    by_id = json.loads(rating_cli("robustness", "financial-allowances", "--data", DATA, "-f", "json").stdout)
    assert by_number == by_id and [rec["number"] for rec in by_id["recommendations"]] == [6]
    unknown = rating_cli("robustness", "nine", "--data", DATA)
    assert unknown.exit_code == 2 and unknown.stdout == ""
    assert unknown.stderr.startswith("error: no recommendation 'nine'; known: 1 (navigation)")


def test_method_options_set_the_methods_the_changes_start_from(rating_cli) -> None:
    result = rating_cli("robustness", "--data", STRONG, "--ci", "hksj", "--prediction", "z", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["methods"]["ci"] == "hksj" and data["methods"]["prediction"] == "z"
    (rec,) = data["recommendations"]
    assert rec["rating"] == "promising"  # k = 2: the HKSJ CI includes no effect
    back = [flip["method"]["estimator"] for flip in rec["flips"] if flip["change"] == "method" and flip["rating"] == "strong"]
    assert back == ["reml", "dl", "pm"]  # each Wald combination gives strong back
    assert {flip["method"]["ci"] for flip in rec["flips"] if flip["change"] == "method"} == {"wald"}


def test_invalid_data_exits_1_and_rates_nothing(rating_cli, tmp_path: Path) -> None:
    root = tmp_path / "broken"
    shutil.copytree(STRONG, root)
    study = root / "studies" / "trial-b.yaml"
    study.write_text(study.read_text().replace("design: rct", "design: trial"))
    result = rating_cli("robustness", "--data", root, "--format", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "nothing rated" in result.stderr


def test_markdown_and_a_bad_format(rating_cli) -> None:
    result = rating_cli("robustness", "--data", STRONG, "--format", "markdown")
    assert result.exit_code == 0 and "| 1 | A recommendation. | strong | **fragile** | without `trial-a`" in result.stdout
    assert rating_cli("robustness", "--data", STRONG, "--format", "csv").exit_code == 2


def test_json_does_not_import_rich() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kinship_evidence", "robustness", "--format", "json", "--data", str(DATA)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)
    modules = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert "kinship_evidence.workflows.robustness" in modules
    assert not [name for name in modules if name.split(".")[0] == "rich"]


def test_the_readme_example_is_real_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ kinship-evidence robustness --data tests/workflows/fixtures/strong-two-trials\n"
    shown = readme[readme.index(command) + len(command):]
    shown = shown[: shown.index("```")]
    result = subprocess.run(
        [sys.executable, "-m", "kinship_evidence", "robustness", "--data", "tests/workflows/fixtures/strong-two-trials"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert result.returncode == 0 and result.stdout == shown

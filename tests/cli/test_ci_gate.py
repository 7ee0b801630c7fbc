"""The CI gate as shipped: the Actions example's `check` job and both pre-commit hooks pass on the
bundled data, fail when a new eligible trial changes a rating without an acknowledgement, and pass
again once the drift is acknowledged with known_drift. The hooks are run as .pre-commit-hooks.yaml
states them (entry, args, no file names), the Actions job as docs/github-actions-example.yml runs it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
ACTIONS = yaml.safe_load((ROOT / "docs" / "github-actions-example.yml").read_text(encoding="utf-8"))

NEW_TRIAL = (Path(__file__).resolve().parent / "fixtures" / "second-parenting-trial.yaml").read_text(encoding="utf-8")


def _run(command: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``command`` as a shell would split it, with `kinship-evidence` as this interpreter's module."""
    argv = shlex.split(command)
    assert argv[0] == "kinship-evidence"
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "COLUMNS")}
    environment["PYTHONPATH"] = str(ROOT / "src")
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "kinship_evidence", *argv[1:]], cwd=cwd, env=environment,
        capture_output=True, text=True, timeout=120,
    )


def _hook_commands() -> list[str]:
    assert {hook["id"] for hook in HOOKS} == {"kinship-evidence-check", "kinship-evidence-validate"}
    assert all(hook["pass_filenames"] is False for hook in HOOKS)
    return [" ".join([hook["entry"], *hook.get("args", [])]) for hook in HOOKS]


def _actions_check_command() -> str:
    steps = ACTIONS["jobs"]["check"]["steps"]
    (command,) = [step["run"] for step in steps if "run" in step and step["run"].startswith("kinship-evidence ")]
    return command


def _repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "data", repo / "data")
    return repo


def test_the_gate_passes_on_the_shipped_data(tmp_path):
    repo = _repository(tmp_path)
    for command in [*_hook_commands(), _actions_check_command()]:
        result = _run(command, repo, env={"GITHUB_ACTIONS": "true"} if command == _actions_check_command() else None)
        assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-2000:])
        assert "internal error" not in result.stderr


def test_a_new_trial_that_changes_a_rating_fails_the_gate_until_acknowledged(tmp_path):
    repo = _repository(tmp_path)
    (repo / "data" / "studies" / "second-parenting-trial.yaml").write_text(NEW_TRIAL, encoding="utf-8")
    check = next(command for command in _hook_commands() if " check" in command)
    validate = next(command for command in _hook_commands() if " validate" in command)
    assert _run(validate, repo).returncode == 0  # the record is valid: only the rating moved
    for command in (check, _actions_check_command()):
        result = _run(command, repo, env={"GITHUB_ACTIONS": "true"} if command == _actions_check_command() else None)
        assert result.returncode == 1, (command, result.stdout[-2000:])
        assert "rating-drift" in result.stdout and "'good'" in result.stdout
    actions = _run(_actions_check_command(), repo, env={"GITHUB_ACTIONS": "true"})
    assert "::error file=" in actions.stdout  # an annotation on recommendations.yaml
    recommendations = repo / "data" / "recommendations.yaml"
    text = recommendations.read_text(encoding="utf-8")
    anchor = "  - id: parenting-support\n"
    assert anchor in text
    block = text.split(anchor, 1)[1].split("\n  - id:", 1)[0]
    acknowledged = block.replace(
        "    published_rating: promising",
        "    published_rating: promising\n    known_drift:\n      rating: good\n"
        "      reason: A second trial since the guide.\n      studies: [second-parenting-trial]",
        1,
    )
    assert acknowledged != block
    recommendations.write_text(text.replace(block, acknowledged, 1), encoding="utf-8")
    for command in (check, _actions_check_command()):
        result = _run(command, repo, env={"GITHUB_ACTIONS": "true"} if command == _actions_check_command() else None)
        assert result.returncode == 0, (command, result.stdout[-2000:])
        assert "known-drift" in result.stdout


def test_a_gate_run_in_the_wrong_folder_checking_the_bundled_dataset_is_fixed(tmp_path: Path) -> None:
    """Issue 22, item 1: no --data, no configuration, no ./data: check, validate and diff exit 2."""
    for command in ("kinship-evidence check", "kinship-evidence validate", "kinship-evidence diff . ."):
        result = _run(command, tmp_path)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "--data DIR" in result.stderr or "--data-path DIR" in result.stderr, result.stderr
        assert result.stdout == ""
    message = _run("kinship-evidence check", tmp_path).stderr
    assert "no ./data folder" in message and "pyproject.toml" in message
    reading = _run("kinship-evidence recommendations --format json", tmp_path)  # a reading command keeps the fallback
    assert reading.returncode == 0 and "(the dataset bundled with kinship-evidence)" in reading.stderr

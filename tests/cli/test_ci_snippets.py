"""Every CI snippet a user is told to paste works as written (issue 22, item 14).

Each snippet is taken from README.md and docs/ as they show it, never retyped here: the
pre-commit configuration is run by pre-commit itself in a scratch git repository, the shipped
hooks (``.pre-commit-hooks.yaml``) through ``pre-commit try-repo`` on a commit of this
repository, and the GitHub Actions example's ``run:`` steps by bash, as the runner runs them
(``bash -e``, its environment files), in a scratch clone with an ``origin`` to compare against.
The steps that need GitHub itself (``uses:``, the ``pip install`` line you point at your source,
``gh pr comment``) are the only ones not run. Each snippet also fails when it should: a new trial
that moves a rating fails the hook and the check job.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ACTIONS_FILE = ROOT / "docs" / "github-actions-example.yml"
PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
NEEDS_PRE_COMMIT = pytest.mark.skipif(
    not Path(PRE_COMMIT).exists() and not os.environ.get("CI"), reason="pre-commit is not installed (it is with .[test])"
)
NEW_TRIAL = (Path(__file__).resolve().parent / "fixtures" / "second-parenting-trial.yaml").read_text(encoding="utf-8")


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.S)


def _pre_commit_configs() -> list[str]:
    docs = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md"))]
    blocks = [block for text in (README, *docs) for block in _yaml_blocks(text)]
    return [block for block in blocks if block.startswith("# .pre-commit-config.yaml")]


def _env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "COLUMNS")}
    bin_folder = str(Path(sys.executable).parent)  # where kinship-evidence and pre-commit are installed
    env.update(PATH=f"{bin_folder}{os.pathsep}{env.get('PATH', '')}", PRE_COMMIT_HOME=str(home / "pre-commit"),
               HOME=str(home), GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.org")
    return env


def _git(repo: Path, env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd=repo, env=env,
        check=True, capture_output=True, text=True,
    ).stdout


def _scratch_repository(tmp_path: Path, env: dict[str, str]) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "data", repo / "data")
    _git(repo, env, "init", "-q")
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-qm", "the dataset")
    return repo


def _add_rating_changing_trial(repo: Path, env: dict[str, str], folder: str = "data") -> None:
    (repo / folder / "studies" / "second-parenting-trial.yaml").write_text(NEW_TRIAL, encoding="utf-8")
    _git(repo, env, "add", "-A")


def _pull_request(tmp_path: Path, origin: Path, env: dict[str, str], folder: str) -> Path:
    """A clone of ``origin`` on a branch that adds the rating-changing trial to ``folder``."""
    clone = tmp_path / "clone"
    _git(tmp_path, env, "clone", "-q", str(origin), str(clone))
    _git(clone, env, "checkout", "-q", "-b", "new-trial")
    _add_rating_changing_trial(clone, env, folder)
    _git(clone, env, "commit", "-qm", "a second trial")
    return clone


def test_the_readme_shows_a_pre_commit_configuration():
    assert _pre_commit_configs(), "README lost its pre-commit configuration"


@pytest.mark.parametrize("config", _pre_commit_configs())
def test_every_rev_a_pre_commit_snippet_names_exists_in_this_repository(config):
    """Cause: the README named `rev: v0.1.0`, a tag that does not exist."""
    for repo in yaml.safe_load(config)["repos"]:
        if repo["repo"] in ("local", "meta"):
            continue
        result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{repo['rev']}^{{commit}}"], cwd=ROOT,
                                capture_output=True, text=True)
        assert result.returncode == 0, f"rev {repo['rev']!r} names no commit of this repository"


@NEEDS_PRE_COMMIT
@pytest.mark.parametrize("config", _pre_commit_configs())
def test_the_readme_pre_commit_configuration_runs_verbatim_and_catches_drift(config, tmp_path):
    env = _env(tmp_path)
    repo = _scratch_repository(tmp_path, env)
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(repo, env, "add", ".pre-commit-config.yaml")
    passed = subprocess.run([PRE_COMMIT, "run", "--all-files"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    _add_rating_changing_trial(repo, env)
    failed = subprocess.run([PRE_COMMIT, "run", "--all-files"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert failed.returncode == 1 and "rating-drift" in failed.stdout, failed.stdout + failed.stderr


@NEEDS_PRE_COMMIT
def test_the_shipped_hooks_install_and_run_from_a_commit_of_this_repository(tmp_path):
    """The remote form: pre-commit installs the tool from a commit (what `rev:` pins) and runs the hook."""
    env = _env(tmp_path)
    source = tmp_path / "kinship-evidence"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "*_cache", "__pycache__", "*.egg-info"))
    _git(source, env, "init", "-q")
    _git(source, env, "add", "-A")
    _git(source, env, "commit", "-qm", "this tree")
    repo = _scratch_repository(tmp_path, env)
    for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")):
        result = subprocess.run([PRE_COMMIT, "try-repo", str(source), hook["id"], "--all-files"], cwd=repo, env=env,
                                capture_output=True, text=True, timeout=900)
        assert result.returncode == 0 and "Passed" in result.stdout, result.stdout + result.stderr


def _actions() -> dict:
    return yaml.safe_load(ACTIONS_FILE.read_text(encoding="utf-8"))


def _runnable_steps(job: str) -> list[dict]:
    """The job's ``run:`` steps, without the install line (yours to point at your source) and GitHub's own commands."""
    steps = [step for step in _actions()["jobs"][job]["steps"] if "run" in step]
    return [step for step in steps if not step["run"].startswith("pip install") and not step["run"].startswith("gh ")]


def _run_step(step: dict, repo: Path, env: dict[str, str], github: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A step as the runner runs it: ``bash -e`` on its script, ``${{ ... }}`` and the step's env filled in."""
    step_env = {key: re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: github[m.group(1)], str(value))
                for key, value in step.get("env", {}).items()}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=repo,
                          env={**env, **github["environment"], **step_env}, capture_output=True, text=True, timeout=300)  # type: ignore[dict-item]


def _github(tmp_path: Path) -> dict:
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    summary.touch()
    output.touch()
    return {"github.base_ref": "main", "environment": {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary),
                                                       "GITHUB_OUTPUT": str(output)}}


def test_the_actions_check_job_runs_verbatim_and_fails_on_drift(tmp_path):
    env = _env(tmp_path)
    repo = _scratch_repository(tmp_path, env)
    (step,) = _runnable_steps("check")
    passed = _run_step(step, repo, env, _github(tmp_path))
    assert passed.returncode == 0, passed.stdout + passed.stderr
    _add_rating_changing_trial(repo, env)
    failed = _run_step(step, repo, env, _github(tmp_path))
    assert failed.returncode == 1 and "::error file=" in failed.stdout, failed.stdout + failed.stderr


def test_the_actions_pull_request_job_runs_verbatim_and_reports_the_changed_rating(tmp_path):
    env = _env(tmp_path)
    clone = _pull_request(tmp_path, _scratch_repository(tmp_path, env), env, "data")
    github = _github(tmp_path)
    (step,) = _runnable_steps("rating-changes")
    result = _run_step(step, clone, env, github)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "changed=true" in Path(github["environment"]["GITHUB_OUTPUT"]).read_text()
    summary = Path(github["environment"]["GITHUB_STEP_SUMMARY"]).read_text()
    assert "Evidence ratings changed" in summary and "second-parenting-trial" in summary


def test_the_actions_pull_request_job_runs_verbatim_where_the_configuration_names_the_data_folder(tmp_path):
    env = _env(tmp_path)
    origin = tmp_path / "repo"
    shutil.copytree(ROOT / "data", origin / "evidence")
    (origin / "pyproject.toml").write_text('[tool.kinship-evidence]\ndata = "evidence"\n', encoding="utf-8")
    _git(origin, env, "init", "-q")
    _git(origin, env, "add", "-A")
    _git(origin, env, "commit", "-qm", "the dataset in evidence/")
    clone = _pull_request(tmp_path, origin, env, "evidence")
    github = _github(tmp_path)
    (step,) = _runnable_steps("rating-changes")
    result = _run_step(step, clone, env, github)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "changed=true" in Path(github["environment"]["GITHUB_OUTPUT"]).read_text()

"""``history --by commit``: a fixture repository of four commits, built here with the git binary.

1. add ``trial-a`` (a single high-quality RCT, favourable): promising;
2. add ``trial-b`` (a second one): the pool of two high-quality trials excludes 0: strong;
3. edit ``trial-b`` (its effect becomes null, -0.05 with se 0.1): the pool includes 0: promising;
4. add ``trial-c`` (favourable, 0.4) and remove ``trial-b``: trial-a and trial-c pool to strong again.

Each point names the records its commit added, removed or edited; no temporary copy is left in
``$TMPDIR`` afterwards, nor when the command is sent SIGTERM while it reads a commit.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kinship_evidence.errors import RevisionNotFound, UnknownName
from kinship_evidence.workflows.history.by_commit import history_by_commit

ROOT = Path(__file__).resolve().parents[3]
TRIALS = ROOT / "tests" / "workflows" / "fixtures" / "strong-two-trials"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git binary")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    )
    return done.stdout


def trial(study_id: str, estimate: float) -> str:
    text = (TRIALS / "studies" / "trial-a.yaml").read_text(encoding="utf-8")
    return text.replace("trial-a", study_id).replace("estimate: 0.5", f"estimate: {estimate}")


def commit(repo: Path, message: str, write: dict[str, str], remove: tuple[str, ...] = ()) -> str:
    for name, text in write.items():
        (repo / "data" / "studies" / f"{name}.yaml").write_text(text, encoding="utf-8")
    for name in remove:
        (repo / "data" / "studies" / f"{name}.yaml").unlink()
    git(repo, "add", "-A", "data")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, list[str]]:
    repo = tmp_path / "repo"
    (repo / "data" / "studies").mkdir(parents=True)
    shutil.copyfile(TRIALS / "recommendations.yaml", repo / "data" / "recommendations.yaml")
    (repo / "README").write_text("not the dataset\n")
    git(repo, "init", "-q")
    git(repo, "add", "README")
    git(repo, "commit", "-qm", "a commit outside the dataset folder")
    shas = [
        commit(repo, "add trial-a", {"trial-a": trial("trial-a", 0.5)}),
        commit(repo, "add trial-b", {"trial-b": trial("trial-b", 0.3)}),
        commit(repo, "trial-b: the published effect is null", {"trial-b": trial("trial-b", -0.05)}),
        commit(repo, "add trial-c, drop trial-b", {"trial-c": trial("trial-c", 0.4)}, remove=("trial-b",)),
    ]
    return repo, shas


def test_each_commit_names_its_records_and_rating(repo, tmp_path, monkeypatch) -> None:
    root, shas = repo
    scratch = tmp_path / "tmpdir"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    (found,) = history_by_commit(reference="rec", cwd=root)
    points = found.points
    assert [p.commit.sha for p in points] == shas  # the commit outside data/ is not listed
    assert points[0].commit.subject == "add trial-a"
    assert [(p.added, p.removed, p.edited) for p in points] == [
        (("trial-a",), (), ()), (("trial-b",), (), ()), ((), (), ("trial-b",)), (("trial-c",), ("trial-b",), ()),
    ]
    assert [p.rating for p in points] == ["promising", "strong", "promising", "strong"]
    assert [p.changed for p in points] == [True, True, True, True]
    assert all(len(p.commit.short) >= 7 and p.commit.date[:4].isdigit() for p in points)
    assert list(scratch.iterdir()) == [], "a temporary copy was left behind"


def test_a_range_lists_only_its_commits(repo) -> None:
    root, shas = repo
    (found,) = history_by_commit(f"{shas[1]}..HEAD", "1", cwd=root)
    assert [p.commit.sha for p in found.points] == shas[2:]
    assert found.points[0].edited == ("trial-b",)  # against its parent, the commit before the range


def test_a_bad_range_and_an_unknown_recommendation_are_usage_errors(repo) -> None:
    root, _ = repo
    with pytest.raises(RevisionNotFound):
        history_by_commit("no-such-branch..HEAD", cwd=root)
    with pytest.raises(UnknownName):
        history_by_commit(reference="nothing", cwd=root)


def test_outside_a_repository_is_a_usage_error(tmp_path) -> None:
    with pytest.raises(RevisionNotFound):
        history_by_commit(cwd=tmp_path)


def test_sigterm_mid_run_removes_the_copy_and_exits_143(tmp_path, terminated_mid_copy) -> None:
    """A repository whose commits are slow to read (3,000 records), killed while one is copied out."""
    repo = tmp_path / "large"
    shutil.copytree(ROOT / "data", repo / "data")
    template = (repo / "data" / "studies" / "kin-tech.yaml").read_text(encoding="utf-8")
    git(repo, "init", "-q")
    for part in range(2):
        for index in range(1500):
            study_id = f"generated-{part}-{index:05d}"
            (repo / "data" / "studies" / f"{study_id}.yaml").write_text(
                template.replace("id: kin-tech", f"id: {study_id}"), encoding="utf-8"
            )
        git(repo, "add", "data")
        git(repo, "commit", "-qm", f"part {part}")
    scratch = tmp_path / "tmpdir"
    scratch.mkdir()
    code, stderr = terminated_mid_copy(["history", "--by", "commit"], repo, scratch, "history")
    assert code == 143, stderr
    assert "terminated" in stderr and "Traceback" not in stderr
    assert list(scratch.iterdir()) == [], "history left a temporary copy behind"

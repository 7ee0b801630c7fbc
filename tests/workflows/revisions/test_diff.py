"""`diff OLD NEW`: which ratings changed and which studies changed them, through folders and git revisions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kinship_evidence.workflows.revisions.diff import DatasetDiff, diff_datasets

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"

# A second favourable moderate-quality RCT on carer wellbeing: with McCallion 2004 it makes two
# favourable studies, so recommendation 3 (peer-support) rises from promising to good.
PEER_TRIAL = """\
id: {id}
citation: Example, A. (2020). A trial of peer support groups for kinship carers.
year: 2020
source: https://example.org/{id}
country: GB
design: rct
quality: moderate
recommendations: [peer-support]
sample_size: 120
outcomes:
  - domain: carer-wellbeing
    description: Carer wellbeing (WEMWBS), peer support groups against usual support
    favourable: higher
    measure: smd
    groups:
      intervention: {{mean: 50.1, sd: 8.0, n: 60}}
      control: {{mean: 46.0, sd: 8.2, n: 60}}
"""


def add_study(data: Path, study_id: str = "peer-trial-2020") -> Path:
    path = data / "studies" / f"{study_id}.yaml"
    path.write_text(PEER_TRIAL.format(id=study_id), encoding="utf-8")
    return path


def run(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kinship_evidence", "diff", *map(str, args)],
        capture_output=True, text=True, timeout=60, cwd=cwd, env=_env(),
    )


def _env() -> dict[str, str]:
    import os

    import kinship_evidence

    source = str(Path(kinship_evidence.__file__).resolve().parents[1])  # this copy, from any cwd
    return {**os.environ, "GITHUB_ACTIONS": "", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent", "PYTHONPATH": source}


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True, env=_env(),
    )


def committed_repo(tmp_path: Path, prepare=lambda data: None) -> Path:
    """A git repository whose first commit holds a copy of the bundled dataset (after ``prepare``)."""
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    prepare(repo / "data")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "dataset")
    return repo


@pytest.fixture
def two_folders(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(DATA, old)
    shutil.copytree(DATA, new)
    return old, new


def _changes(diff: DatasetDiff) -> dict[tuple[str, str | None], tuple[str | None, str | None, list[str]]]:
    return {
        (c.recommendation, c.domain): (c.before, c.after, [f"{s.study_id}:{s.change}" for s in c.causes])
        for c in diff.ratings
    }


# ---------------------------------------------------------------------------------------
# The "done when" cases


def test_folders_adding_a_study_names_it_and_removing_it_reports_no_change(two_folders) -> None:
    old, new = two_folders
    added = add_study(new)
    result = diff_datasets(str(old), str(new))
    assert result.diff is not None and result.diff.changed
    assert _changes(result.diff) == {
        ("peer-support", None): ("promising", "good", ["peer-trial-2020:added"]),
        ("peer-support", "carer-wellbeing"): ("promising", "good", ["peer-trial-2020:added"]),
    }
    added.unlink()
    again = diff_datasets(str(old), str(new))
    assert again.diff is not None and not again.diff.changed and again.diff.studies == ()


def test_folders_on_the_command_line_exit_1_then_0(two_folders) -> None:
    old, new = two_folders
    added = add_study(new)
    changed = run(old, new, cwd=old.parent)
    assert changed.returncode == 1, changed.stderr
    assert "Recommendation 3 (peer-support): promising -> good" in changed.stdout
    assert "caused by: peer-trial-2020 (added)" in changed.stdout
    added.unlink()
    same = run(old, new, cwd=old.parent)
    assert same.returncode == 0, same.stderr
    assert same.stdout.startswith("No rating changed")


def test_git_revisions_name_the_study_and_its_removal_restores(tmp_path: Path) -> None:
    repo = committed_repo(tmp_path)
    add_study(repo / "data")
    git(repo, "add", "data")
    git(repo, "commit", "-qm", "add a peer-support trial")

    changed = run("HEAD~1", "HEAD", "--format", "json", cwd=repo)
    assert changed.returncode == 1, changed.stderr
    data = json.loads(changed.stdout)
    assert data["changed"] is True
    assert data["studies"] == [{"study": "peer-trial-2020", "change": "added"}]
    overall = next(r for r in data["ratings"] if r["domain"] is None)
    assert (overall["recommendation"], overall["before"], overall["after"]) == ("peer-support", "promising", "good")
    assert overall["causes"] == [{"study": "peer-trial-2020", "change": "added"}]

    (repo / "data" / "studies" / "peer-trial-2020.yaml").unlink()
    git(repo, "add", "-A", "data")
    git(repo, "commit", "-qm", "remove it again")
    same = run("HEAD~2", "HEAD", cwd=repo)
    assert same.returncode == 0, same.stderr
    assert same.stdout.startswith("No rating changed from HEAD~2")
    assert not list(tmp_path.glob("kinship-evidence-diff-*"))


def test_revision_against_the_working_tree(tmp_path: Path) -> None:
    repo = committed_repo(tmp_path)
    add_study(repo / "data", "uncommitted-trial")
    result = diff_datasets("HEAD", ".", cwd=repo)
    assert result.diff is not None
    assert result.diff.old.startswith("HEAD (") and result.diff.new == "./data"
    assert _changes(result.diff)[("peer-support", None)] == ("promising", "good", ["uncommitted-trial:added"])
    with pytest.raises(Exception, match="neither a folder nor a revision"):
        diff_datasets("no-such-branch", ".", cwd=repo)
    with pytest.raises(Exception, match="has no folder 'elsewhere'"):
        diff_datasets("HEAD", ".", data_path="elsewhere", cwd=repo)


# ---------------------------------------------------------------------------------------
# Attribution


def test_an_edited_study_is_named(two_folders) -> None:
    old, new = two_folders
    path = new / "studies" / "mccallion-2004-support-groups.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("quality: moderate", "quality: low"), encoding="utf-8")
    diff = diff_datasets(str(old), str(new)).diff
    assert diff is not None
    assert _changes(diff)[("peer-support", None)] == (
        "promising", "none", ["mccallion-2004-support-groups:edited"]
    )


def test_when_no_single_study_restores_the_rating_the_changes_are_listed_together(two_folders) -> None:
    old, new = two_folders  # with McCallion 2004 either new trial alone lifts peer-support to good
    add_study(new, "trial-a")
    add_study(new, "trial-b")
    diff = diff_datasets(str(old), str(new)).diff
    assert diff is not None
    change = next(c for c in diff.ratings if c.recommendation == "peer-support" and c.domain is None)
    assert (change.before, change.after, change.causes) == ("promising", "good", ())
    assert {s.study_id for s in change.related_studies} == {"trial-a", "trial-b"}
    from kinship_evidence.reports.registry import writer

    text = writer("diff", "text")(diff)
    assert "no single study restores the old rating; changes together: trial-a (added), trial-b (added)" in text


def test_a_change_to_recommendations_yaml_is_reported_as_such(two_folders) -> None:
    old, new = two_folders
    recs = new / "recommendations.yaml"
    text = recs.read_text(encoding="utf-8")
    text = text.replace("outcomes: [carer-wellbeing]\n    published_rating: promising\n  - id: cognitive", "outcomes: [child-behaviour]\n    published_rating: promising\n  - id: cognitive", 1)
    recs.write_text(text.replace("published_rating: good", "published_rating: strong", 1), encoding="utf-8")
    diff = diff_datasets(str(old), str(new)).diff
    assert diff is not None
    descriptions = [item.description for item in diff.guide]
    assert "recommendation peer-support: outcomes [carer-wellbeing] -> [child-behaviour]" in descriptions
    assert "recommendation navigation: published_rating good -> strong" in descriptions
    change = next(c for c in diff.ratings if c.recommendation == "peer-support" and c.domain is None)
    assert change.causes == () and (change.before, change.after) == ("promising", "none")
    assert [item.description for item in change.related_guide] == [
        "recommendation peer-support: outcomes [carer-wellbeing] -> [child-behaviour]"
    ]
    domains = {c.domain: (c.before, c.after) for c in diff.ratings if c.recommendation == "peer-support"}
    assert domains["carer-wellbeing"] == ("promising", None) and domains["child-behaviour"] == (None, "none")


# ---------------------------------------------------------------------------------------
# Formats, invalid data, usage errors


def test_markdown_is_a_pull_request_comment(two_folders) -> None:
    from kinship_evidence.reports.registry import writer

    old, new = two_folders
    add_study(new)
    diff = diff_datasets(str(old), str(new)).diff
    assert diff is not None
    markdown = writer("diff", "markdown")(diff)
    assert markdown.startswith("### Evidence ratings changed")
    assert "| 3 | peer-support | (overall) | promising | **good** | caused by: `peer-trial-2020` (added) |" in markdown


def test_invalid_data_on_a_revision_is_reported_with_its_revision_path(tmp_path: Path) -> None:
    def break_a_record(data: Path) -> None:
        broken = add_study(data)
        broken.write_text(broken.read_text(encoding="utf-8").replace("year: 2020", "year: soon"), encoding="utf-8")

    repo = committed_repo(tmp_path, break_a_record)
    result = run("HEAD", ".", cwd=repo)
    assert result.returncode == 1 and result.stdout == ""
    assert "HEAD:data/studies/peer-trial-2020.yaml:3:1: year:" in result.stderr
    assert any(line.startswith("data/studies/peer-trial-2020.yaml:3:1: year:") for line in result.stderr.splitlines())
    assert "nothing compared" in result.stderr


def test_an_argument_naming_nothing_is_a_usage_error(tmp_path: Path) -> None:
    result = run("no-such-thing", DATA, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: no-such-thing is not a folder") and "Traceback" not in result.stderr


def test_machine_formats_of_diff_do_not_import_rich(two_folders) -> None:
    old, new = two_folders
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kinship_evidence", "diff", str(old), str(new), "--format", "json"],
        capture_output=True, text=True, timeout=60, env=_env(),
    )
    assert result.returncode == 0
    json.loads(result.stdout)
    modules = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert "kinship_evidence.workflows.revisions.diff" in modules
    assert not [name for name in modules if name.split(".")[0] == "rich"]


def test_revisions_are_read_as_git_reads_them(tmp_path: Path) -> None:
    """``:/message`` (the youngest commit whose message matches), annotated tags; a tree is refused."""
    repo = committed_repo(tmp_path)
    git(repo, "tag", "-a", "v1", "-m", "the first dataset")
    add_study(repo / "data")
    git(repo, "add", "data")
    git(repo, "commit", "-qm", "add a peer-support trial")
    by_message = diff_datasets(":/^dataset", ":/peer-support trial", cwd=repo)
    assert by_message.diff is not None
    assert _changes(by_message.diff)[("peer-support", None)] == ("promising", "good", ["peer-trial-2020:added"])
    by_tag = diff_datasets("v1", "HEAD", cwd=repo)
    assert by_tag.diff is not None and by_tag.diff.old.startswith("v1 (")
    assert by_tag.diff.ratings == by_message.diff.ratings
    assert diff_datasets("HEAD^{commit}", ".", cwd=repo).diff.changed is False
    for spec, message in [
        ("HEAD^{tree}", "names a git tree, not a commit"),
        ("HEAD:data/recommendations.yaml", "names a git blob, not a commit"),
        (":/no commit says this", "neither a folder nor a revision"),
        ("--all", "neither a folder nor a revision"),
    ]:
        with pytest.raises(Exception, match=message):
            diff_datasets(spec, ".", cwd=repo)
    result = run("--", ":/peer-support", cwd=repo)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------------------
# Committed symbolic links: the revision side sees what the working tree sees


def _linked_studies(data: Path) -> None:
    """A study kept outside data/ (linked in), and a second link to it from a linked folder."""
    shared = data.parent / "shared"
    shared.mkdir()
    (data / "studies" / "kin-tech.yaml").rename(shared / "kin-tech.yaml")
    (data / "studies" / "kin-tech.yaml").symlink_to("../../shared/kin-tech.yaml")
    (shared / "more").mkdir()
    add_study(data).rename(shared / "more" / "peer-trial-2020.yaml")
    (data / "studies" / "peer-trial-2020.yaml").symlink_to("../../shared/more/../more/peer-trial-2020.yaml")


def test_committed_symlinked_studies_are_read_on_the_revision_side(tmp_path: Path) -> None:
    repo = committed_repo(tmp_path, _linked_studies)
    result = diff_datasets("HEAD", ".", cwd=repo)
    assert result.findings == () and result.diff is not None
    assert not result.diff.changed and result.diff.studies == ()
    same = run("HEAD", ".", cwd=repo)
    assert same.returncode == 0, same.stderr + same.stdout
    # and the linked study counts: without it the rating differs
    git(repo, "rm", "-q", "data/studies/peer-trial-2020.yaml")
    git(repo, "commit", "-qm", "unlink the trial")
    changed = diff_datasets("HEAD~1", "HEAD", cwd=repo).diff
    assert changed is not None
    assert _changes(changed)[("peer-support", None)] == ("good", "promising", ["peer-trial-2020:removed"])


def test_a_linked_studies_folder_and_a_linked_dataset_folder(tmp_path: Path) -> None:
    def link_folders(data: Path) -> None:
        (data / "studies").rename(data.parent / "all-studies")
        (data / "studies").symlink_to("../all-studies")
        data.rename(data.parent / "evidence")
        (data.parent / "elsewhere").symlink_to("evidence")

    repo = committed_repo(tmp_path, link_folders)
    os.symlink("evidence", repo / "data")  # the working tree's data/ (not committed)
    result = diff_datasets("HEAD", ".", data_path="elsewhere", cwd=repo)
    assert result.findings == () and result.diff is not None and not result.diff.changed
    assert len(diff_datasets("HEAD", "HEAD", data_path="elsewhere", cwd=repo).diff.frameworks) == 1


LINKS = {
    "outside.yaml": ("../../../outside.yaml", "cannot read file: No such file or directory"),
    "absolute.yaml": ("/etc/passwd", "cannot read file: No such file or directory"),
    "nowhere.yaml": ("no-such-study.yaml", "cannot read file: No such file or directory"),
    "out-and-back.yaml": ("../../../repo/data/studies/kin-tech.yaml", "cannot read file: No such file or directory"),
    "loop.yaml": ("loop.yaml", "cannot read file: Too many levels of symbolic links"),
    "folder.yaml": ("..", "is a directory, not a YAML file"),
    "through-a-file.yaml": ("kin-tech.yaml/x", "cannot read file: Not a directory"),
}


def test_links_out_of_the_repository_or_nowhere_are_dangling_on_the_revision_side(tmp_path: Path) -> None:
    def plant(data: Path) -> None:
        for name, (target, _) in LINKS.items():
            (data / "studies" / name).symlink_to(target)

    repo = committed_repo(tmp_path, plant)
    result = diff_datasets("HEAD", "HEAD", cwd=repo)
    assert result.diff is None
    shown = {(f.path, f.message) for f in result.findings}
    for name, (_, message) in LINKS.items():
        assert (f"HEAD:data/studies/{name}", message) in shown, (name, sorted(shown))
    side = diff_datasets("HEAD", ".", cwd=repo)  # the working tree agrees, link for link
    working = {(f.path, f.message) for f in side.findings if not f.path.startswith("HEAD:")}
    for name, (_, message) in LINKS.items():
        if name not in ("absolute.yaml", "out-and-back.yaml"):  # the working tree may follow those out
            assert (str(repo / "data" / "studies" / name), message) in working, (name, sorted(working))
    assert not list(tmp_path.glob("kinship-evidence-diff-*"))


# ---------------------------------------------------------------------------------------
# Issue 22, item 6: the configured data folder, and every committed file


def _evidence_repo(tmp_path: Path) -> Path:
    """A repository that keeps its dataset in ``evidence/`` and says so in pyproject.toml."""
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "evidence")
    (repo / "pyproject.toml").write_text('[tool.kinship-evidence]\ndata = "evidence"\n', encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "dataset in evidence/")
    return repo


def test_diff_ignoring_the_configured_data_folder_is_fixed(tmp_path: Path) -> None:
    repo = _evidence_repo(tmp_path)
    add_study(repo / "evidence")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "add a peer-support trial")
    changed = run("HEAD~1", "HEAD", "--format", "json", cwd=repo)
    assert changed.returncode == 1, changed.stderr
    assert json.loads(changed.stdout)["studies"] == [{"study": "peer-trial-2020", "change": "added"}]
    working = run("HEAD", ".", cwd=repo)  # the working tree's folder: ./evidence, as configured
    assert working.returncode == 0, working.stderr
    sub = repo / "evidence" / "studies"  # run from below the configuration: the same folder of the repository
    assert run("HEAD~1", "HEAD", "--format", "json", cwd=sub).returncode == 1
    explicit = run("HEAD~1", "HEAD", "--data-path", "data", cwd=repo)  # --data-path overrides the configuration
    assert explicit.returncode == 2 and "has no folder 'data'" in explicit.stderr


def test_diff_through_git_archive_honouring_export_ignore_is_fixed(tmp_path: Path) -> None:
    repo = committed_repo(tmp_path)
    add_study(repo / "data")
    (repo / "data" / ".gitattributes").write_text("studies/peer-trial-2020.yaml export-ignore\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a trial kept out of release archives")
    same = run("HEAD", ".", "--format", "json", cwd=repo)  # an unchanged tree: nothing added or removed
    assert same.returncode == 0, same.stderr
    assert json.loads(same.stdout)["studies"] == []

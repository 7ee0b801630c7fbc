"""Arguments that name nothing are usage errors (exit 2), and a file given twice counts once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kinship_evidence.workflows.what_if import what_if

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
PEER_TRIAL = """\
id: {id}
citation: Example, A. (2020). A trial of peer support groups for kinship carers.
year: 2020
source: https://example.org/{id}
country: GB
design: rct
quality: moderate
recommendations: [peer-support]
outcomes:
  - domain: carer-wellbeing
    description: Carer wellbeing, peer support groups against usual support
    favourable: higher
    measure: smd
    groups:
      intervention: {{mean: 50.1, sd: 8.0, n: 60}}
      control: {{mean: 46.0, sd: 8.2, n: 60}}
"""


def trial(folder: Path, name: str, study_id: str = "peer-trial-2020") -> Path:
    path = folder / name
    path.write_text(PEER_TRIAL.format(id=study_id), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args, message",
    [
        (["rate", "--with", "nope.yaml"], "error: --with nope.yaml: no such file"),
        (["rate", "--with", "no-folder/nope.yaml"], "error: --with no-folder/nope.yaml: no such file"),
        (["rate", "--rules", "nope.yaml"], "error: --rules nope.yaml: no such file"),
        (["check", "--rules", "nope.yaml"], "error: --rules nope.yaml: no such file"),
        (["explain", "1", "--rules", "nope.yaml"], "error: --rules nope.yaml: no such file"),
        (["frameworks", "--rules", "nope.yaml"], "error: --rules nope.yaml: no such file"),
        (["validate", "--data", ""], "error: --data needs a path"),
        (["validate", "--data", "  "], "error: --data needs a path"),
        (["rate", "--data", ""], "error: --data needs a path"),
        (["check", "-d", ""], "error: --data needs a path"),
        (["new", "x-study", "--data", ""], "error: --data needs a path"),
        (["rate", "--with", ""], "error: --with needs a path"),
        (["rate", "--rules", ""], "error: --rules needs a path"),
        (["diff", "", "."], "error: an empty argument names neither a folder nor a revision"),
    ],
)
def test_an_argument_that_names_nothing_is_a_usage_error(args, message, rating_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    extra = [] if args[0] in ("frameworks", "new", "diff") or "--data" in args or "-d" in args else ["--data", DATA]
    result = rating_cli(*args, *extra)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message), result.stderr
    assert "internal error" not in result.stderr and not list(tmp_path.iterdir())


def test_a_dangling_link_given_as_with_is_a_usage_error(rating_cli, tmp_path):
    os.symlink("gone.yaml", tmp_path / "link.yaml")
    result = rating_cli("rate", "--data", DATA, "--with", tmp_path / "link.yaml")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_an_unreadable_with_file_is_still_a_finding(rating_cli, tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    result = rating_cli("rate", "--data", DATA, "--with", tmp_path / "folder.yaml")
    assert result.exit_code == 1 and "[file-unreadable]" in result.stderr


def _peer_studies(result) -> list[str]:
    rating = next(r for r in result.what_if[0].ratings if r.recommendation.id == "peer-support")
    return next(d for d in rating.domains if d.domain == "carer-wellbeing").study_ids


def test_the_same_with_file_given_twice_counts_once(tmp_path):
    path = trial(tmp_path, "peer.yaml")
    os.symlink(path.name, tmp_path / "alias.yaml")
    once = _peer_studies(what_if(DATA, [], [path]))
    assert once.count("peer-trial-2020") == 1
    for again in ([path, path], [path, tmp_path / "alias.yaml"], [path, Path(os.path.relpath(path))]):
        result = what_if(DATA, [], again)
        assert not result.evaluation.has_errors, result.evaluation.findings
        assert _peer_studies(result) == once
        assert result.with_files == (str(path),)


def test_two_with_records_with_one_id_are_a_finding_at_the_second(rating_cli, tmp_path):
    first, second = trial(tmp_path, "one.yaml"), trial(tmp_path, "two.yaml")
    result = rating_cli("rate", "--data", DATA, "--with", first, "--with", second, "--format", "json")
    assert result.exit_code == 1
    assert f"{second}:1:1: id: study id 'peer-trial-2020' is also used by {first} [unique-id]" in result.stderr
    assert str(first) + ":" not in result.stderr.replace(f"used by {first}", "")
    assert result.stdout == ""


def test_a_with_record_replacing_a_dataset_study_is_not_a_duplicate(tmp_path):
    data = Path(shutil.copytree(DATA, tmp_path / "data"))
    study = next((data / "studies").glob("*.yaml"))
    result = what_if(data, [], [study])
    assert not result.evaluation.has_errors

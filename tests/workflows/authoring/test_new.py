"""`new STUDY_ID`: a commented template record, written atomically, never over an existing file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kinship_evidence.cli import app
from kinship_evidence.data.checks.validation import validate_dataset
from kinship_evidence.data.models import Outcome, Study
from kinship_evidence.errors import RecordExists
from kinship_evidence.workflows.authoring.new_study import study_template, write_new

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
SOURCE = str(ROOT / "src")  # children started in another folder import this copy

FILLED = {
    "citation:": "citation: Example, A. (2021). A trial.",
    "year:": "year: 2021",
    "source:": "source: https://example.org/trial",
    "country:": "country: GB",
    "design:": "design: rct",
    "quality:": "quality: moderate",
    "recommendations: []": "recommendations: [peer-support]",
    "- domain:": "- domain: carer-wellbeing",
    "description:": "description: Carer wellbeing against usual support",
    "favourable:": "favourable: higher",
    "finding:": "finding: favourable",
}


@pytest.fixture
def dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    monkeypatch.chdir(tmp_path)
    return data


def new(*args: str):
    return CliRunner().invoke(app, ["new", *args])


def fill(text: str) -> str:
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        key = next((k for k in FILLED if stripped.startswith(k) and not stripped.startswith("#")), None)
        lines.append(line[: len(line) - len(line.lstrip())] + FILLED[key] if key else line)
    return "\n".join(lines) + "\n"


def test_new_writes_a_template_that_fails_validation_until_filled_in(dataset: Path) -> None:
    result = new("new-trial-2021")
    assert result.exit_code == 0, result.output
    path = dataset / "studies" / "new-trial-2021.yaml"
    assert result.stdout == "data/studies/new-trial-2021.yaml\n"
    assert path.read_text(encoding="utf-8") == study_template("new-trial-2021")
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temporary file left

    findings = [f for f in validate_dataset(dataset).findings if f.path.endswith("new-trial-2021.yaml")]
    fields = {f.field for f in findings}
    assert {"citation", "year", "source", "country", "design", "quality", "recommendations"} <= fields
    assert {"outcomes.0.domain", "outcomes.0.description", "outcomes.0.favourable"} <= fields
    assert all(f.line > 0 for f in findings)

    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    report = validate_dataset(dataset)
    assert report.errors == 0, report.findings


def test_the_template_mentions_every_field_of_the_format() -> None:
    text = study_template("x")
    for name in [*Study.model_fields, *Outcome.model_fields]:
        assert f"{name}:" in text, name


def test_new_refuses_an_existing_file_and_leaves_it_byte_for_byte(dataset: Path) -> None:
    path = dataset / "studies" / "kin-tech.yaml"
    before = path.read_bytes()
    stat = path.stat()
    result = subprocess.run(
        [sys.executable, "-m", "kinship_evidence", "new", "kin-tech"],
        capture_output=True, text=True, timeout=60, cwd=dataset.parent, env={**os.environ, "PYTHONPATH": SOURCE},
    )
    assert result.returncode == 1
    assert "already exists" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_write_new_never_replaces_a_file_that_appears_first(tmp_path: Path) -> None:
    target = tmp_path / "race.yaml"
    target.write_bytes(b"theirs\n")
    with pytest.raises(RecordExists):
        write_new(target, "ours\n")
    assert target.read_bytes() == b"theirs\n"
    assert os.listdir(tmp_path) == ["race.yaml"]


@pytest.mark.parametrize("bad", ["Capital", "with space", "under_score", "", "a" * 121, "../escape"])
def test_a_study_id_that_is_not_a_slug_is_a_usage_error(dataset: Path, bad: str) -> None:
    result = new(bad)
    assert result.exit_code == 2
    assert "must be a slug" in result.stderr
    assert sorted(p.name for p in (dataset / "studies").iterdir()) == sorted(p.name for p in (DATA / "studies").iterdir())


def test_new_without_a_data_folder_is_a_usage_error_and_never_writes_into_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = new("a-study")
    assert result.exit_code == 2 and "no ./data folder" in result.stderr
    import kinship_evidence

    package = Path(kinship_evidence.__file__).parent
    refused = new("a-study", "--data", str(package))
    assert refused.exit_code == 2 and "inside the installed package" in refused.stderr
    assert not (package / "studies").exists()
    missing = new("a-study", "--data", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "not found" in missing.stderr


def test_new_creates_the_studies_folder_of_an_existing_dataset(tmp_path: Path) -> None:
    data = tmp_path / "mine"
    data.mkdir()
    result = new("first-study", "--data", str(data))
    assert result.exit_code == 0, result.output
    assert (data / "studies" / "first-study.yaml").is_file()


@pytest.mark.parametrize("make, kind", [("file", "a file"), ("dangling-link", "a link to nothing")])
def test_new_when_studies_is_a_file_says_so(tmp_path: Path, make: str, kind: str) -> None:
    data = tmp_path / "mine"
    data.mkdir()
    if make == "file":
        (data / "studies").write_text("not a folder\n")
    else:
        os.symlink("nowhere", data / "studies")
    result = new("first-study", "--data", str(data))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {data / 'studies'} is {kind}, not a folder"), result.stderr
    assert "File exists" not in result.stderr
    assert sorted(p.name for p in data.iterdir()) == ["studies"]

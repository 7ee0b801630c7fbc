"""`rate --without STUDY --with FILE`: what-if ratings beside the current ones."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kinship_evidence.cli import app

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"

TRIAL = """\
id: peer-trial-2020
citation: Example, A. (2020). A trial of peer support groups for kinship carers.
year: 2020
source: https://example.org/peer-trial-2020
country: GB
design: rct
quality: moderate
recommendations: [peer-support]
outcomes:
  - domain: carer-wellbeing
    description: Carer wellbeing, peer support groups against usual support
    favourable: higher
    finding: favourable
"""


@pytest.fixture
def extra(tmp_path: Path) -> Path:
    path = tmp_path / "peer-trial-2020.yaml"
    path.write_text(TRIAL, encoding="utf-8")
    return path


def rate(*args: object):
    runner = CliRunner(env={"COLUMNS": "200", "GITHUB_ACTIONS": ""})
    return runner.invoke(app, ["rate", "--data", str(DATA), *map(str, args)])


def test_json_adds_what_if_beside_the_current_ratings(extra: Path) -> None:
    result = rate("--with", extra, "--without", "smith-2018-cbt", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["what_if"] == {"without": ["smith-2018-cbt"], "with": [str(extra)]}
    by_id = {rec["id"]: rec for rec in data["recommendations"]}
    assert by_id["peer-support"]["rating"] == "promising"
    assert by_id["peer-support"]["what_if"]["rating"] == "good" and by_id["peer-support"]["what_if"]["changed"]
    assert by_id["cognitive-behavioural-therapy"]["rating"] == "promising"
    assert by_id["cognitive-behavioural-therapy"]["what_if"] == {
        "rating": "none", "changed": True, "outcomes": [{"domain": "carer-wellbeing", "rating": None, "changed": True}],
    }
    assert not by_id["navigation"]["what_if"]["changed"]


def test_without_what_if_options_the_json_shape_is_unchanged() -> None:
    data = json.loads(rate("--format", "json").stdout)
    assert "what_if" not in data and all("what_if" not in rec for rec in data["recommendations"])


def test_table_csv_and_markdown_show_both(extra: Path) -> None:
    table = rate("--with", extra)
    assert table.exit_code == 0, table.output
    assert "What-if" in table.stdout
    peer = next(line for line in table.stdout.splitlines() if "peer-support" in line)
    assert [c.strip() for c in peer.split("\u2502")[1:-1]] == ["3", "peer-support", "promising", "good", "promising"]
    assert "(changed)" in table.stdout
    rows = list(csv.DictReader(io.StringIO(rate("--with", extra, "--format", "csv").stdout)))
    peer = next(row for row in rows if row["id"] == "peer-support")
    assert (peer["rating"], peer["what_if_rating"], peer["what_if_domain_rating"]) == ("promising", "good", "good")
    markdown = rate("--with", extra, "--format", "markdown").stdout
    assert "| # | Recommendation | Current | What-if | Published |" in markdown
    assert "| promising | **good** (changed) | promising |" in markdown


def test_a_with_file_replaces_the_record_with_its_id(tmp_path: Path) -> None:
    edited = tmp_path / "mccallion.yaml"
    text = (DATA / "studies" / "mccallion-2004-support-groups.yaml").read_text(encoding="utf-8")
    edited.write_text(text.replace("quality: moderate", "quality: low"), encoding="utf-8")
    data = json.loads(rate("--with", edited, "--format", "json").stdout)
    peer = next(rec for rec in data["recommendations"] if rec["id"] == "peer-support")
    assert (peer["rating"], peer["what_if"]["rating"]) == ("promising", "none")


def test_an_invalid_with_record_is_a_finding(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(TRIAL.replace("year: 2020", "year: later"), encoding="utf-8")
    result = rate("--with", broken, "--format", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{broken}:3:1: year:" in result.stderr


def test_an_unknown_without_id_is_a_usage_error() -> None:
    result = rate("--without", "no-such-study")
    assert result.exit_code == 2
    assert "--without names no study in the dataset: no-such-study" in result.stderr


def test_what_if_json_does_not_import_rich(extra: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kinship_evidence", "rate", "--data", str(DATA),
         "--with", str(extra), "--format", "json"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0
    assert "what_if" in json.loads(result.stdout)
    modules = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert "kinship_evidence.workflows.what_if" in modules
    assert not [name for name in modules if name.split(".")[0] == "rich"]

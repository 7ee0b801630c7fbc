"""`import robvis` and `export robvis` end to end (in-process): round trip, in-place edits, refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[2] / "workflows" / "interchange" / "fixtures" / "robvis-round-trip"
TABLES = {"rob2": "robvis-rob2.csv", "robins-i": "robvis-robins-i.csv"}


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(FIXTURE, root)
    return root


def _import(rating_cli, root: Path, tool: str, *extra: object, table: Path | None = None):
    return rating_cli("import", "robvis", table or FIXTURE / TABLES[tool], "--tool", tool, "--data", root, *extra)


def test_import_then_export_gives_the_same_tables(rating_cli, dataset, tmp_path):
    for tool in TABLES:
        result = _import(rating_cli, dataset, tool)
        assert result.exit_code == 0, result.stdout + result.stderr
        assert "removed `quality: not-appraised`" in result.stderr
    assert rating_cli("validate", "--data", dataset).exit_code == 0
    out = tmp_path / "out"
    result = rating_cli("export", "robvis", out, "--data", dataset)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert sorted(path.name for path in out.iterdir()) == sorted(TABLES.values())
    for name in TABLES.values():
        assert (out / name).read_text() == (FIXTURE / name).read_text()


def test_the_edit_keeps_every_other_line_and_comment(rating_cli, dataset):
    before = (dataset / "studies" / "stein-aronson-1953.yaml").read_text().splitlines()
    assert _import(rating_cli, dataset, "robins-i").exit_code == 0
    after = (dataset / "studies" / "stein-aronson-1953.yaml").read_text().splitlines()
    at = before.index("quality: not-appraised  # until the appraisal is imported")
    block = [
        "risk_of_bias:",
        "  tool: robins-i",
        "  source: robvis table robvis-robins-i.csv",
        "  domains: {confounding: serious, selection: low, classification: moderate, deviations: low, "
        "missing-data: no-information, measurement: low, reporting: low}",
        "  overall: serious",
    ]
    assert after == [*before[:at], *block, *before[at + 1 :]]
    assert "design: qed  # dat.bcg alloc: alternate" in after


def test_a_stated_quality_the_appraisal_contradicts_is_reported_as_validate_would(rating_cli, dataset):
    record = dataset / "studies" / "normand-orpington-mild.yaml"
    record.write_text(record.read_text().replace("quality: not-appraised  #", "quality: high  #"))
    before = {path.name: path.read_text() for path in (dataset / "studies").iterdir()}
    result = _import(rating_cli, dataset, "rob2")
    assert result.exit_code == 1
    assert f"{record}:8:1: quality: quality is stated 'high' but the risk_of_bias appraisal gives 'low'" in result.stdout
    assert result.stdout.rstrip().endswith("[quality-disagrees]")
    assert {path.name: path.read_text() for path in (dataset / "studies").iterdir()} == before  # nothing written


def test_an_existing_block_is_refused_unless_force(rating_cli, dataset, tmp_path):
    assert _import(rating_cli, dataset, "rob2").exit_code == 0
    changed = tmp_path / "changed.csv"
    changed.write_text(
        (FIXTURE / TABLES["rob2"])
        .read_text()
        .replace("normand-edinburgh,Low,Low,Low,Low,Low,Low", "normand-edinburgh,Low,Low,Low,Low,High,High")
    )
    refused = _import(rating_cli, dataset, "rob2", table=changed)
    assert refused.exit_code == 1
    assert "A (Study): " in refused.stdout and "has a risk_of_bias block already (tool rob2)" in refused.stdout
    record = dataset / "studies" / "normand-edinburgh.yaml"
    assert "reporting: low}" in record.read_text()
    assert _import(rating_cli, dataset, "rob2", "--force", table=changed).exit_code == 0
    text = record.read_text()
    assert "reporting: high}" in text and text.count("risk_of_bias:") == 1 and "source: robvis table changed.csv" in text


def test_every_bad_cell_is_located_with_the_nearest_word(rating_cli, dataset, tmp_path):
    table = tmp_path / "bad.csv"
    table.write_text(
        "Study,D1,D2,D3,D4,D5,Overall,Weight\n"
        "normand-edinburgh,Low,Some concern,Low,Low,Low,Low,311\n"
        "normand-edinbrugh,Low,Low,Low,Low,Low,Low,311\n"
        "normand-montreal-home,Low,Low,,Serious,Low,Low,lots\n"
    )
    result = _import(rating_cli, dataset, "rob2", table=table)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert lines[0].startswith(f"{table}:2:3: C (D2): 'Some concern' is not a Cochrane RoB 2 (randomised trials) judgement")
    assert "did you mean 'Some concerns'?" in lines[0]
    assert (
        lines[1].startswith(f"{table}:3:1: A (Study): 'normand-edinbrugh' names no study record")
        and "did you mean 'normand-edinburgh'?" in lines[1]
    )
    assert lines[2].startswith(f"{table}:4:4: D (D3): empty: write a judgement")
    assert lines[3].startswith(f"{table}:4:5: E (D4): 'Serious' is not a Cochrane RoB 2")
    assert lines[4].startswith(f"{table}:4:8: H (Weight): robvis's Weight is a number, got 'lots'")
    assert "quality: not-appraised" in (dataset / "studies" / "normand-edinburgh.yaml").read_text()


def test_a_table_of_another_tool_is_named(rating_cli, dataset):
    result = _import(rating_cli, dataset, "rob2", table=FIXTURE / TABLES["robins-i"])
    assert result.exit_code == 1
    assert "has the columns Study, D1, D2, D3, D4, D5, Overall, Weight" in result.stdout and "see --tool" in result.stdout


def test_the_tables_first_line_is_the_r_call(rating_cli, dataset, tmp_path):
    for tool in TABLES:
        _import(rating_cli, dataset, tool)
    out = tmp_path / "out"
    rating_cli("export", "robvis", out, "--data", dataset)
    first = (out / "robvis-rob2.csv").read_text().splitlines()[0]
    assert first.startswith('# R: dat <- read.csv("robvis-rob2.csv", comment.char = "#"')
    assert 'robvis::rob_traffic_light(dat, tool = "ROB2")' in first and 'robvis::rob_summary(dat, tool = "ROB2")' in first
    again = rating_cli("export", "robvis", out, "--data", dataset)
    assert again.exit_code == 2 and "already exist" in again.stderr

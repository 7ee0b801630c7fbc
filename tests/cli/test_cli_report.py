"""``report --output DIR``: the page written whole into DIR, never over one without --force."""

from __future__ import annotations

from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "reports" / "fixtures" / "forest-four-trials"


def test_report_creates_the_folder_and_refuses_to_overwrite(rating_cli, tmp_path):
    out = tmp_path / "site" / "nested"
    result = rating_cli("report", "--output", out, "--data", FIXTURE, "--estimator", "dl")
    assert result.exit_code == 0, result.stderr
    page = out / "index.html"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "DerSimonian-Laird" in page.read_text(encoding="utf-8") and result.stdout == ""
    page.write_text("mine")
    again = rating_cli("report", "--output", out, "--data", FIXTURE)
    assert again.exit_code == 2 and "already exists" in again.stderr and "--force" in again.stderr
    assert page.read_text() == "mine"
    forced = rating_cli("report", "--output", out, "--data", FIXTURE, "--force")
    assert forced.exit_code == 0 and page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]  # no temporary file left


def test_invalid_data_writes_nothing(rating_cli, tmp_path):
    broken = tmp_path / "data"
    (broken / "studies").mkdir(parents=True)
    (broken / "recommendations.yaml").write_text("guide: [\n")
    result = rating_cli("report", "--output", tmp_path / "out", "--data", broken)
    assert result.exit_code == 1 and not (tmp_path / "out").exists()

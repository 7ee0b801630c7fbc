"""The researcher's loop on the command line: `new` pre-filled, `validate FILES`, `recommendations`,
explain and check with --with/--without, the rate table's fragile marker, report's robustness."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
STRONG = ROOT / "tests" / "workflows" / "fixtures" / "strong-two-trials"
DRIFT = Path(__file__).resolve().parent / "fixtures" / "published-differs"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path


def test_new_prefilled_then_validate_just_that_draft(project, validation_kit):
    made = validation_kit.run_cli(
        "new", "kin-2025", "--recommendation", "3", "--design", "rct", "--country", "GB",
        "--domain", "carer-wellbeing", "--form", "groups", cwd=project,
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout == "data/studies/kin-2025.yaml\n"
    result = validation_kit.run_cli("validate", "data/studies/kin-2025.yaml", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("data/studies/kin-2025.yaml:") for line in lines)
    assert any("outcomes.0.groups.intervention.mean" in line for line in lines)
    assert not any(field in result.stdout for field in (": design:", ": country:", ": recommendations.0:"))
    assert result.stderr.startswith(f"{len(lines)} errors, 0 warnings in 1 file (dataset: data/)")


def test_new_refuses_a_bad_recommendation_and_writes_nothing(project, validation_kit):
    result = validation_kit.run_cli("new", "kin-2025", "-r", "peer-suport", cwd=project)
    assert result.returncode == 2 and "did you mean 'peer-support'?" in result.stderr
    assert not (project / "data" / "studies" / "kin-2025.yaml").exists()


def test_validate_a_draft_outside_the_dataset(tmp_path, validation_kit):
    draft = tmp_path / "draft.yaml"
    draft.write_text((DATA / "studies" / "kin-tech.yaml").read_text().replace("id: kin-tech", "id: draft"))
    result = validation_kit.run_cli("validate", draft, "--data", DATA)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.startswith("ok: 1 file, no problems")


def test_recommendations_lists_ids_ratings_targets_and_domains(validation_kit):
    result = validation_kit.run_cli("recommendations", "--data", DATA, "--format", "json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert [rec["number"] for rec in listing["recommendations"]] == [1, 2, 3, 4, 5, 6]
    peer = listing["recommendations"][2]
    assert (peer["id"], peer["published_rating"], peer["target_domains"]) == ("peer-support", "promising", ["carer-wellbeing"])
    domains = {use["domain"]: use for use in listing["domains"]}
    assert domains["carer-wellbeing"]["recommendations"] == 2 and domains["permanence"]["studies"] > 0
    text = validation_kit.run_cli("recommendations", "--data", DATA)
    assert "3  peer-support  (published: promising)" in text.stdout and "Outcome domains in use" in text.stdout
    markdown = validation_kit.run_cli("recommendations", "--data", DATA, "-f", "markdown")
    assert markdown.stdout.startswith("| # | Recommendation | Published rating | Target domains |")


def test_explain_and_check_with_a_study_left_out(validation_kit):
    explained = validation_kit.run_cli("explain", "1", "--data", STRONG, "--format", "json")
    without = validation_kit.run_cli("explain", "1", "--data", STRONG, "--format", "json", "--without", "trial-b")
    assert explained.returncode == without.returncode == 0, without.stderr
    assert (json.loads(explained.stdout)["rating"], json.loads(without.stdout)["rating"]) == ("strong", "promising")
    assert "trial-b" in json.dumps(json.loads(explained.stdout)["eligible"])
    assert "trial-b" not in json.dumps(json.loads(without.stdout)["eligible"])
    drift = validation_kit.run_cli("check", "--data", STRONG, "--without", "trial-b")
    assert drift.returncode == 1 and "[rating-drift]" in drift.stdout  # promising where strong is published
    assert validation_kit.run_cli("check", "--data", STRONG).returncode == 0


def test_check_with_a_draft_reports_its_findings(tmp_path, validation_kit):
    draft = tmp_path / "trial-c.yaml"
    draft.write_text((STRONG / "studies" / "trial-a.yaml").read_text().replace("id: trial-a", "id: trial-c").replace("country: ", "country: x"))
    result = validation_kit.run_cli("check", "--data", STRONG, "--with", draft)
    assert result.returncode == 1 and f"{draft}:" in result.stdout


def test_an_unknown_without_id_is_a_usage_error(validation_kit):
    result = validation_kit.run_cli("explain", "1", "--data", STRONG, "--without", "nobody")
    assert result.returncode == 2 and "--without names no study in the dataset: nobody" in result.stderr


def test_rate_table_marks_fragile_ratings(validation_kit):
    result = validation_kit.run_cli("rate", "--data", STRONG)
    assert result.returncode == 0, result.stderr
    assert "fragile" in result.stdout
    assert "fragile" not in validation_kit.run_cli("rate", "--data", STRONG, "-f", "json").stdout


def test_report_shows_the_robustness_analysis(tmp_path, validation_kit):
    result = validation_kit.run_cli("report", "--data", STRONG, "--output", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Robustness: not computed" not in page
    assert "trial-a" in page and "promising" in page


def test_fragility_is_not_computed_for_a_large_dataset(rating_cli, monkeypatch):
    from kinship_evidence.cli import rating_commands

    monkeypatch.setattr(rating_commands, "FRAGILE_LIMIT", 1)  # STRONG has 2 records: "large" here
    result = rating_cli("rate", "--data", STRONG)
    assert result.exit_code == 0, result.stderr
    assert "note: fragility not computed (more than 1 study records); run `robustness`" in result.stderr
    assert "fragile" not in result.stdout

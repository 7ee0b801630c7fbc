"""``sof [REC]``: the Summary of findings on the bundled data and the certainty fixtures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "rating" / "certainty" / "fixtures"
BUNDLED = Path(__file__).resolve().parents[2] / "data"


def _run(*args: str, encoding: str = "utf-8") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80", "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "kinship_evidence", *args], capture_output=True, text=True,
                          env=env, encoding=encoding, errors="strict", timeout=120)


def test_sof_on_the_bundled_data_reads_at_80_columns() -> None:
    result = _run("sof", "--data", str(BUNDLED))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    for number in range(1, 7):
        assert f"Summary of findings: recommendation {number} (" in result.stdout
    assert "(deciding domain)" in result.stdout and "\u2295" in result.stdout
    assert "Certainty (GRADE) rates every study of the rule set's designs" in result.stdout
    assert "Guide's analysis" in result.stdout


def test_sof_falls_back_to_ascii_circles() -> None:
    result = _run("sof", "1", "--data", str(FIXTURES / "imprecision-ci-crosses-null"), encoding="ascii")
    assert result.returncode == 0, result.stderr
    assert "+++o moderate, starting high (1)" in result.stdout
    assert "1. Imprecision -1 (computed): 95% CI -0.01 to 0.21 includes no effect" in result.stdout


def test_sof_json_and_markdown(rating_cli) -> None:
    result = rating_cli("sof", "rec", "--data", FIXTURES / "recorded-judgement-overrides", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (summary,) = json.loads(result.stdout)["summaries"]
    (outcome,) = summary["outcomes"]
    assert outcome["deciding"] is True and outcome["certainty"]["level"] == "high"
    imprecision = outcome["certainty"]["domains"]["imprecision"]
    assert imprecision["source"] == "recorded" and imprecision["rating_down"] == 0
    assert imprecision["computed"]["rating_down"] == 1 and "includes no effect" in imprecision["computed"]["reason"]
    assert "effects this small do not matter" in outcome["footnotes"][0]
    markdown = rating_cli("sof", "--data", FIXTURES / "recorded-judgement-overrides", "--format", "markdown")
    assert markdown.exit_code == 0
    assert "| Outcome | Participants (studies) | Relative effect (95% CI) |" in markdown.stdout
    assert "\u2295\u2295\u2295\u2295 high, starting high<sup>1</sup>" in markdown.stdout


def test_sof_of_an_unknown_recommendation_is_a_usage_error(rating_cli) -> None:
    result = rating_cli("sof", "nope", "--data", FIXTURES / "recorded-judgement-overrides")
    assert result.exit_code == 2 and "no recommendation 'nope'" in result.stderr


def test_rate_json_carries_certainty_per_outcome(rating_cli) -> None:
    result = rating_cli("rate", "--data", FIXTURES / "small-study-asymmetry", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (outcome,) = json.loads(result.stdout)["recommendations"][0]["outcomes"]
    certainty = outcome["certainty"]
    assert certainty["level"] == "low" and certainty["start"] == "high"
    assert set(certainty["domains"]) == {"risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias"}
    bias = certainty["domains"]["publication_bias"]
    assert bias["rating_down"] == 1 and bias["source"] == "computed" and bias["egger"]["df"] == 10
    keys = {"comparator_per_1000", "intervention_per_1000", "difference_per_1000", "ci_low", "ci_high"}
    assert set(certainty["absolute"]) >= keys
    assert certainty["absolute"]["text"] == "SMD 0.21 higher (0.12 to 0.30 higher)"


def test_explain_shows_computed_and_recorded(rating_cli) -> None:
    result = rating_cli("explain", "rec", "--data", FIXTURES / "recorded-judgement-overrides")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "imprecision: 0 recorded: a made-up reviewer judgement" in text
    assert "(computed: -1: 95% CI -0.01 to 0.21 includes no effect (0)" in text
    assert "a Wald z interval with k = 3 (<= 4)" in text


def test_check_warns_about_a_more_favourable_recorded_judgement(rating_cli) -> None:
    result = rating_cli("check", "--data", FIXTURES / "recorded-judgement-overrides")
    assert result.exit_code == 0, result.stderr  # a warning
    (line,) = [line for line in result.stdout.splitlines() if "[certainty-override]" in line]
    assert "recommendations.yaml:9:23: " in line
    assert "recommendations.0.certainty.carer-wellbeing.imprecision.rating_down" in line
    assert "more favourable than the computed 1" in line and "effects this small do not matter" in line


def test_an_invalid_certainty_block_is_a_located_finding(rating_cli, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(FIXTURES / "recorded-judgement-overrides", tmp_path / "data")
    path = tmp_path / "data" / "recommendations.yaml"
    text = path.read_text().replace("imprecision: {rating_down: 0, reason:", "imprecisoin: {rating_down: 3, reason:")
    path.write_text(text + "        baseline_risk: 1.5\n")
    result = rating_cli("validate", "--data", tmp_path / "data")
    assert result.exit_code == 1
    assert "recommendations.yaml:9:9: recommendations.0.certainty.carer-wellbeing.imprecisoin: unknown field" in result.stdout
    baseline = "recommendations.yaml:10:9: recommendations.0.certainty.carer-wellbeing.baseline_risk: must be below 1, got 1.5"
    assert baseline in result.stdout

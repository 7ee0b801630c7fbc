"""`rate` and `check` on the command line: output formats, exit codes, and startup imports."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parents[1] / "rating" / "fixtures"
DRIFT = Path(__file__).resolve().parent / "fixtures" / "published-differs"
METHODS = {"meta-analysis", "narrative", "single-study", "none"}
SYNTHESIS_KEYS = {"method", "k", "measure", "estimate", "ci_low", "ci_high", "tau2", "i2"}


def _published_rating_lines(path: Path) -> list[int]:
    """1-based line numbers of each recommendation's published_rating, read from the file itself."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, 1) if line.strip().startswith("published_rating:")]


def test_rate_json_has_the_documented_shape(rating_cli) -> None:
    result = rating_cli("rate", "--data", DATA, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["framework"] == "foundations-kinship-2024"
    assert data["estimator"] == "reml"
    recs = data["recommendations"]
    assert [rec["number"] for rec in recs] == [1, 2, 3, 4, 5, 6]
    for rec in recs:
        assert {"id", "number", "text", "rating", "published_rating", "outcomes"} <= set(rec)
        assert rec["rating"] in {"strong", "good", "promising", "none"}
        for outcome in rec["outcomes"]:
            assert {"domain", "rating", "studies", "synthesis"} <= set(outcome)
            assert all(isinstance(study, str) for study in outcome["studies"])
            synthesis = outcome["synthesis"]
            assert set(synthesis) >= SYNTHESIS_KEYS
            assert synthesis["method"] in METHODS
            assert synthesis["k"] == len(outcome["studies"]) or synthesis["method"] == "meta-analysis"
    by_id = {rec["id"]: rec for rec in recs}
    allowances = by_id["financial-allowances"]
    assert (allowances["rating"], allowances["published_rating"]) == ("promising", "promising")
    assert [o["domain"] for o in allowances["outcomes"]] == ["financial-wellbeing", "permanence"]
    permanence = allowances["outcomes"][1]["synthesis"]
    # only Illinois counts (the other waiver trials are not appraised); its risk difference
    assert (permanence["method"], permanence["k"], permanence["measure"]) == ("single-study", 1, "risk-difference")
    assert [rec["published_rating"] for rec in recs] == ["good", *["promising"] * 5]


def test_rate_json_pooled_numbers(rating_cli) -> None:
    """strong-two-high-rcts: SMD 0.5 and 0.3 with se 0.1 pool to 0.4 [0.4 -/+ 1.96 * 0.1], tau^2 0.01,
    I^2 = (Q - 1) / Q with Q = 100 * 0.1^2 * 2 = 2 (DL and REML agree for two equal variances)."""
    for estimator in ("reml", "dl"):
        data = json.loads(rating_cli("rate", "--data", FIXTURES / "strong-two-high-rcts", "--format", "json",
                              "--estimator", estimator).stdout)
        assert data["estimator"] == estimator
        (rec,) = data["recommendations"]
        (outcome,) = rec["outcomes"]
        synthesis = outcome["synthesis"]
        assert (rec["rating"], outcome["rating"]) == ("strong", "strong")
        assert (synthesis["method"], synthesis["k"]) == ("meta-analysis", 2)
        assert synthesis["measure"] == "smd"
        expected = {"estimate": 0.4, "ci_low": 0.4 - 0.196, "ci_high": 0.4 + 0.196, "tau2": 0.01, "i2": 0.5}
        assert {key: synthesis[key] for key in expected} == pytest.approx(expected, abs=1e-4)


def test_rate_csv(rating_cli) -> None:
    result = rating_cli("rate", "--data", DATA, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"framework", "number", "id", "rating", "published_rating", "domain", "method", "k", "estimate"} <= set(rows[0])
    json_data = json.loads(rating_cli("rate", "--data", DATA, "--format", "json").stdout)
    expected = [(str(rec["number"]), o["domain"], o["rating"]) for rec in json_data["recommendations"] for o in rec["outcomes"]]
    assert [(row["number"], row["domain"], row["domain_rating"]) for row in rows] == expected
    assert {row["method"] for row in rows} <= METHODS


def test_rate_markdown(rating_cli) -> None:
    result = rating_cli("rate", "--data", DATA, "--format", "markdown")
    assert result.exit_code == 0
    table = [line for line in result.stdout.splitlines() if line.startswith("|")]
    assert table[0] == (
        "| # | Recommendation | Rating | Published | Match | Deciding domain | Studies | Participants | Effect | Appraised |"
    )
    assert len(table) == 2 + 6
    row_6 = [cell.strip() for cell in table[-1].strip("|").split("|")]
    assert row_6[0] == "6" and row_6[2:] == [
        "promising", "promising", "yes", "permanence", "1", "6,757", "RD 0.06 [0.01, 0.11]", "0 of 1",
    ]
    drift = rating_cli("rate", "--data", DRIFT, "--format", "markdown").stdout
    assert "| strong | good | **no** |" in drift.splitlines()[-1]


def test_rate_table_shows_six_recommendations(rating_cli) -> None:
    result = rating_cli("rate", "--data", DATA)
    assert result.exit_code == 0
    out = result.stdout
    assert "foundations-kinship-2024, REML" in out
    numbered = re.findall(r"^│ (\d) │", out, flags=re.MULTILINE)
    assert numbered == ["1", "2", "3", "4", "5", "6"]
    ratings = re.findall(r"^│ \d │ [a-z-]+ +│ (\w+) ", out, flags=re.MULTILINE)
    assert ratings == ["good", "promising", "promising", "promising", "promising", "promising"]
    assert out.count("NO MATCH") == 0 and out.count(" match ") == 6
    assert "Offer financial allowances" in out
    assert "financial-allowances" in out and "1 study, n=6,757" in out  # deciding domain: permanence (Illinois)
    assert "differ from their published rating" not in result.stderr
    drift = rating_cli("rate", "--data", DRIFT)
    assert "NO MATCH" in drift.stdout
    assert "1 recommendation(s) differ from their published rating" in drift.stderr
    assert "DerSimonian-Laird" in rating_cli("rate", "--data", DATA, "--estimator", "dl").stdout


def test_rate_table_side_by_side_for_all_frameworks(rating_cli) -> None:
    out = rating_cli("rate", "--data", DATA, "--framework", "all").stdout
    for framework in ("foundations-kinship-2024", "foundations-pta-2025", "title-iv-e-psc"):
        assert framework in out
    drift = rating_cli("rate", "--data", DRIFT, "--framework", "all").stdout
    assert "published:" in drift and "NO MATCH" in drift  # strong where the guide publishes good


def test_drift_exit_codes(rating_cli) -> None:
    """A derived rating that differs from the published one: `rate` still rates (exit 0, README:
    it exits 1 only for invalid data); `check` exits 1 with a rating-drift finding at the line."""
    assert rating_cli("rate", "--data", DRIFT, "--format", "json").exit_code == 0
    result = rating_cli("check", "--data", DRIFT, "--format", "json")
    assert result.exit_code == 1
    (finding,) = [item for item in json.loads(result.stdout) if item["rule"] == "rating-drift"]
    line = _published_rating_lines(DRIFT / "recommendations.yaml")[0]
    assert (finding["rule"], finding["field"], finding["line"]) == ("rating-drift", "recommendations.0.published_rating", line)
    assert finding["path"].endswith("recommendations.yaml")
    assert "'strong'" in finding["message"] and "'good'" in finding["message"]
    text = rating_cli("check", "--data", DRIFT)
    located = rf"recommendations\.yaml:{line}:\d+: recommendations\.0\.published_rating: .*\[rating-drift\]"
    assert re.search(located, text.stdout)


def test_check_passes_when_every_rating_matches(rating_cli) -> None:
    root = FIXTURES / "strong-two-high-rcts"
    assert rating_cli("rate", "--data", root).exit_code == 0
    result = rating_cli("check", "--data", root)
    assert (result.exit_code, result.stdout) == (0, "")
    assert json.loads(rating_cli("check", "--data", root, "--format", "json").stdout) == []


def test_invalid_data_is_not_rated(rating_cli, tmp_path) -> None:
    root = tmp_path / "data"
    shutil.copytree(FIXTURES / "strong-two-high-rcts", root)
    study = root / "studies" / "trial-b.yaml"
    study.write_text(study.read_text().replace("risk_of_bias:", "quality: excellent\nrisk_of_bias:"))
    for args in (("rate",), ("rate", "--format", "json"), ("explain", "rec")):
        result = rating_cli(*args, "--data", root)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert "trial-b.yaml:7:1: quality:" in result.stderr
        assert "nothing rated" in result.stderr
    check = rating_cli("check", "--data", root)
    assert check.exit_code == 1 and "trial-b.yaml:7:1: quality:" in check.stdout


@pytest.mark.parametrize(
    "args",
    [("rate", "--format", "json"), ("check", "--format", "json"), ("validate", "--format", "json")],
    ids=lambda args: args[0],
)
def test_machine_formats_do_not_import_rich(args) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kinship_evidence", *args, "--data", str(DATA)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert result.returncode in (0, 1)
    json.loads(result.stdout)
    modules = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert "kinship_evidence.cli" in modules
    assert not [name for name in modules if name.split(".")[0] == "rich"]

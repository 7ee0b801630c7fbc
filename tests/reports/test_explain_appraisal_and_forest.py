"""`explain` pieces at 80 columns: the risk-of-bias table, each study's quality basis, the forest
plot (header, weights, no-effect line, diamond, prediction interval, heterogeneity, log axis),
and the JSON that carries the same at full precision.

rob2-appraisals (see fixtures/README.md): SMD 0.5, 0.3, 0.1, each se 0.1. Equal variances, so
every weight is 1/3, the pooled estimate 0.3, Q = 100 * (0.2^2 + 0 + 0.2^2) = 8 on df 2, whose
chi-square tail is exp(-8 / 2) = 0.0183; REML tau^2 = (Q - df) / (k * 100) = 0.03 for equal
variances, I^2 = 0.03 / (0.03 + 0.01) = 75%.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROB2 = FIXTURES / "rob2-appraisals"
ODDS = FIXTURES / "odds-ratio-pool"


@pytest.fixture
def explain(monkeypatch):
    from typer.testing import CliRunner

    from kinship_evidence.cli import app

    runner = CliRunner(env={"COLUMNS": "80", "GITHUB_ACTIONS": ""})

    def invoke(root: Path, *args: str) -> str:
        result = runner.invoke(app, ["explain", "1", "--data", str(root), *args])
        assert result.exit_code == 0, result.stderr
        return result.stdout

    return invoke


def _forest(out: str) -> list[str]:
    lines = out.splitlines()
    start = lines.index("  forest plot (all eligible studies pooled on one scale):")
    return lines[start + 1 :]


def test_risk_of_bias_table_per_tool(explain) -> None:
    out = explain(ROB2).splitlines()
    start = out.index("  risk of bias, Cochrane RoB 2 (randomised trials):")
    assert out[start + 1].split() == ["Study", "D1", "D2", "D3", "D4", "D5", "Overall"]
    assert out[start + 2].split() == ["trial-a", "+", "+", "+", "+", "+", "+"]
    assert out[start + 3].split() == ["trial-b", "+", "!", "!", "!", "+", "!"]  # D1 from its signalling answers
    rest = " ".join(" ".join(out[start + 4 :]).split())
    assert rest.startswith("D1 Bias arising from the randomisation process; D2 Bias due to deviations")
    assert "+ Low risk of bias ! Some concerns x High risk of bias - Not assessed" in rest
    assert "note: trial-b: some concerns in 3 domains" in rest and "RoB 2 lets a reviewer judge the result at high risk" in rest
    assert "no risk-of-bias appraisal recorded: trial-c" in rest


def test_each_study_says_its_quality_and_basis(explain) -> None:
    out = explain(ROB2)
    assert "      quality high: RoB 2 overall low -> high (foundations-kinship-2024)" in out
    assert "      quality moderate: RoB 2 overall some-concerns -> moderate" in out
    assert "      quality moderate: quality stated, not appraised" in out
    assert "Appraised: 2 of 3 eligible studies" in out


def test_forest_plot_pieces(explain) -> None:
    forest = _forest(explain(ROB2, "--prediction", "t-k1"))
    header, *rows = forest
    assert header.split()[:2] == ["Study", "Weight"] and header.endswith("Estimate [95% CI]")
    studies = rows[:3]
    assert [row.split()[0] for row in studies] == ["trial-a", "trial-b", "trial-c"]
    weights = [float(re.search(r"(\d+\.\d)%", row).group(1)) for row in studies]
    assert weights == [33.3, 33.3, 33.3] and sum(weights) == pytest.approx(100, abs=0.2)
    zero = studies[0].index("|")
    assert all(row[zero] == "|" for row in rows[:5])  # the no-effect line in every row, over whiskers too
    assert studies[2][zero - 2 : zero + 2] == "[-|-"  # trial-c's CI crosses no effect: drawn over the whisker
    pooled, interval, axis, ticks = rows[3:7]
    assert pooled.startswith("  RE model  100.0%") and "\u25c6" in pooled and pooled.endswith("0.300 [0.074, 0.526]")
    assert pooled.index("<") < pooled.index("\u25c6") < pooled.index(">")
    assert interval.startswith("  95% PI") and "(" in interval and ")" in interval
    assert re.search(r"\[-0\.\d{3}, 1\.\d{3}\]$", interval)
    assert axis.strip().count("+") >= 2 and ticks.split()[:1] == ["0"] and axis[zero] == "+"
    caption = " ".join(forest[8:])
    assert "SMD (no effect at |; higher is better)" in caption
    assert "Heterogeneity: tau^2 = 0.0300, I^2 = 75.0%, Q = 8.00, df = 2, p = 0.0183" in caption
    assert "Methods: REML, Wald z CI, t(k-1) prediction interval" in caption
    assert "95% PI" not in explain(ROB2)  # no prediction interval unless computed


def test_forest_plot_of_odds_ratios_has_a_log_axis_on_the_natural_scale(explain) -> None:
    forest = _forest(explain(ODDS))
    # 60/100 vs 45/100: OR = (60/40) / (45/55) = 1.8333; long ids sit on their own line.
    name = forest.index("  illinois-subsidized-guardianship-waiver-extension")
    row = forest[name + 1]
    assert row.split()[0] == "32.3%" and row.endswith("1.833 [1.046, 3.214]")
    axis_index = next(i for i, line in enumerate(forest) if line.strip() and set(line.strip()) == {"-", "+"})
    axis, ticks = forest[axis_index], forest[axis_index + 1]
    assert ticks.split() == ["1", "2"]  # exp of the log axis: OR 1 and 2, not 0 and 0.693
    one, two = ticks.index("1"), ticks.index("2")
    assert axis[one] == axis[two] == "+" and row[one] == "|"  # no effect at OR 1
    pooled = forest[forest.index("  RE model") + 1]
    assert "\u25c6" in pooled and float(re.search(r"(\d\.\d{3}) \[", pooled).group(1)) > 1  # an OR, not a log OR
    assert "OR (log axis, no effect at |; higher is better)" in " ".join(forest)


def test_json_quality_and_risk_of_bias(explain) -> None:
    data = json.loads(explain(ROB2, "--format", "json"))
    (domain,) = data["outcomes"]
    studies = {study["id"]: study for study in domain["studies"]}
    b = studies["trial-b"]["quality"]
    assert (b["quality"], b["basis_kind"]) == ("moderate", "appraised")
    rob = b["risk_of_bias"]
    assert rob["tool"] == "rob2" and rob["from_answers"] == ["randomisation"]
    assert rob["domains"] == {
        "randomisation": "low", "deviations": "some-concerns", "missing-data": "some-concerns",
        "measurement": "some-concerns", "reporting": "low",
    }
    assert (rob["overall"], rob["stated_overall"], rob["override_reason"]) == ("some-concerns", None, None)
    assert rob["source"].startswith("A made-up appraisal")
    c = studies["trial-c"]["quality"]
    assert c == {"quality": "moderate", "basis_kind": "stated", "basis": "quality moderate stated, not appraised", "risk_of_bias": None}
    (table,) = domain["risk_of_bias"]
    assert table["tool"] == "rob2" and table["headers"]["D1"] == "randomisation" and table["headers"]["Overall"] == "overall"
    assert [row["study"] for row in table["rows"]] == ["trial-a", "trial-b"]
    assert table["rows"][1]["overall"] == "some-concerns" and len(table["notes"]) == 1
    assert data["appraised"] == {"eligible": 3, "appraised": 2}
    synthesis = domain["synthesis"]
    assert synthesis["tau2"] == pytest.approx(0.03, abs=1e-6)
    assert synthesis["ci_low"] == pytest.approx(0.3 - 1.959964 * math.sqrt(0.04 / 3), abs=1e-5)
    assert synthesis["ci_low"] != round(synthesis["ci_low"], 6)  # full precision, not the text's 3 decimals
    assert {"estimate", "ci_low", "weights", "q_p"} <= set(synthesis)  # every existing key is kept


@pytest.mark.parametrize("plot", [30, 60, 100])
def test_log_axis_ticks_are_round_natural_values(plot) -> None:
    from kinship_evidence.reports.forest.text import _tick_label, _ticks

    low, high = math.log(0.002), math.log(238.6)  # the ORs of a wide prediction interval
    labels = [_tick_label("log-odds-ratio", tick) for tick in _ticks("log-odds-ratio", low, high, plot)]
    assert "1" in labels and 2 <= len(labels) <= plot // 10 + 1
    assert set(labels) <= {"0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "20", "50", "100", "200"}

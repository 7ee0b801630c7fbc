"""What each forest panel holds: studies, weights, arm data, footnotes (metafor forest() numbers, RevMan columns)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from kinship_evidence.reports.forest.panels import explained_panels
from kinship_evidence.reports.forest.rows import (
    ArmData,
    arm_cells,
    arm_headers,
    arm_totals,
    heterogeneity_line,
    interval_label,
    p_label,
)
from kinship_evidence.stats.methods import MethodOverrides
from kinship_evidence.workflows.evaluate import evaluate
from kinship_evidence.workflows.explain import find_recommendation

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _panels(fixture: str, rec: str, **methods: str):
    evaluation = evaluate(FIXTURES / fixture, methods=MethodOverrides(**methods))
    return explained_panels(find_recommendation(evaluation.reports, rec))


@pytest.fixture(scope="module")
def four():
    return {panel.title: panel for panel in _panels("forest-four-trials", "rec", prediction="t-k1")}


@pytest.fixture(scope="module")
def reviewer():
    return {panel.title: panel for panel in _panels("forest-reviewer", "mixed-designs")}


def test_one_panel_per_pooled_domain_with_weights_and_natural_scale_labels(four):
    assert sorted(four) == ["carer-wellbeing", "permanence"]
    ratio = four["permanence"]
    assert ratio.is_ratio and ratio.null == 1.0 and ratio.axis_label == "Risk ratio (log scale)"
    assert [row.label for row in ratio.rows] == ["trial-a", "trial-b", "trial-c", "trial-d"]
    assert math.isclose(sum(row.weight for row in ratio.rows), 1.0)
    assert [f"{100 * row.weight:.1f}" for row in ratio.rows] == ["28.0", "22.9", "30.5", "18.6"]  # metafor weights()
    first = ratio.rows[0]
    assert interval_label(ratio, first.estimate, first.ci_low, first.ci_high) == "1.33 [1.10, 1.61]"  # 0.6 / 0.45
    pooled = ratio.pooled
    assert interval_label(ratio, pooled.estimate, pooled.ci_low, pooled.ci_high) == "1.24 [1.05, 1.47]"
    assert ratio.has_prediction and f"{math.exp(pooled.pi_low):.2f}" == "0.76"
    assert heterogeneity_line(pooled) == "Heterogeneity: τ² = 0.017, I² = 57.9%, Q = 6.96 (df = 3, p = 0.073)"
    smd = four["carer-wellbeing"]
    assert not smd.is_ratio and smd.null == 0.0 and not smd.has_prediction  # k = 2


def test_arm_data_columns_as_revman(four):
    ratio, smd = four["permanence"], four["carer-wellbeing"]
    assert arm_headers(ratio) == ("Events", "Total") and arm_headers(smd) == ("Mean", "SD", "Total")
    assert arm_cells(ratio, ratio.rows[0].arms) == (("120", "200"), ("90", "200"))
    assert arm_cells(smd, smd.rows[0].arms) == (("12.0", "4.0", "200"), ("10.4", "4.0", "200"))
    assert arm_totals(ratio) == (("405", "720"), ("318", "720"))  # 120+75+160+50 of 200+150+250+120
    assert ArmData(200, events=120).compact() == "120/200" and ArmData(50, mean=1.25, sd=0.5).compact() == "1.2 (0.5), 50"


def test_favours_follow_the_outcome_direction(four, reviewer):
    assert four["permanence"].favours == ("Favours control", "Favours intervention")  # higher is better
    assert reviewer["placement-disruption"].favours == ("Favours intervention", "Favours control")  # lower is better


def test_risk_of_bias_rows_come_from_the_recorded_appraisals(four, reviewer):
    rows = {row.label: row.appraisal for row in four["permanence"].rows}
    assert rows["trial-c"] is None  # a stated quality only
    assert [cell.symbol for cell in rows["trial-b"].domains] == ["+", "+", "!", "+", "+"]
    assert [cell.header for cell in rows["trial-b"].domains] == ["D1", "D2", "D3", "D4", "D5"]
    assert rows["trial-b"].overall.symbol == "!" and rows["trial-a"].overall.symbol == "+"
    assert reviewer["placement-disruption"].tools == ("rob2", "robins-i")


def test_the_footnote_names_every_study_left_out_and_why(reviewer):
    pooled = reviewer["placement-disruption"]
    assert [row.label for row in pooled.rows] == [
        "county-kinship-navigator-trial-2019", "matched-comparison-kinship-study", "statewide-navigator-replication-trial",
    ]
    assert pooled.left_out == (
        "small-pilot-trial-high-risk: not eligible for this recommendation "
        "(quality low is below high or moderate (RoB 2 overall high -> low (foundations-kinship-2024)))",
    )
    narrative = reviewer["carer-wellbeing"]
    assert narrative.left_out == ("statewide-navigator-replication-trial: reports a finding without numbers (favourable)",)


def test_a_narrative_domain_and_a_single_study_are_drawn_without_a_diamond(reviewer):
    narrative = reviewer["carer-wellbeing"]
    assert narrative.pooled is None and narrative.synthesis == "not pooled"
    assert [row.weight for row in narrative.rows] == [None]
    assert narrative.notes[0].startswith("not pooled: narrative synthesis (2 of 2 favourable")
    (single,) = _panels("forest-reviewer", "one-trial")
    assert single.pooled is None and single.synthesis == "single study" and single.notes == ("a single study: nothing to pool",)
    assert interval_label(single, single.rows[0].estimate, single.rows[0].ci_low, single.rows[0].ci_high) == "1.64 [1.02, 2.65]"


def test_p_label():
    assert p_label(0.0004) == "p < 0.001" and p_label(0.0734) == "p = 0.073" and p_label(None) == "p = n/a"

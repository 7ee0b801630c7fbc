"""Forest plots: what each panel holds (metafor forest() layout) and the files matplotlib draws."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from kinship_evidence.reports.forest.rows import (
    explained_panels,
    heterogeneity_line,
    interval_label,
    p_label,
)
from kinship_evidence.stats.methods import MethodOverrides
from kinship_evidence.workflows.evaluate import evaluate
from kinship_evidence.workflows.explain import find_recommendation

FIXTURE = Path(__file__).parent.parent / "fixtures" / "forest-four-trials"
pytest.importorskip("matplotlib", reason="the plots extra (matplotlib) is part of the test extra")


@pytest.fixture(scope="module")
def panels():
    evaluation = evaluate(FIXTURE, methods=MethodOverrides(prediction="t-k1"))
    return {panel.title: panel for panel in explained_panels(find_recommendation(evaluation.reports, "rec"))}


def test_one_panel_per_pooled_domain_with_weights_and_natural_scale_labels(panels):
    assert sorted(panels) == ["carer-wellbeing", "permanence"]
    ratio = panels["permanence"]
    assert ratio.is_ratio and ratio.null == 1.0 and "log scale" in ratio.axis_label
    assert [row.label for row in ratio.rows] == ["trial-a", "trial-b", "trial-c", "trial-d"]
    assert math.isclose(sum(row.weight for row in ratio.rows), 1.0)
    assert [f"{100 * row.weight:.1f}" for row in ratio.rows] == ["28.0", "22.9", "30.5", "18.6"]
    first = ratio.rows[0]
    assert interval_label(ratio, first.estimate, first.ci_low, first.ci_high) == "1.33 [1.10, 1.61]"  # 0.6 / 0.45
    pooled = ratio.pooled
    assert interval_label(ratio, pooled.estimate, pooled.ci_low, pooled.ci_high) == "1.24 [1.05, 1.47]"
    assert ratio.has_prediction and f"{math.exp(pooled.pi_low):.2f}" == "0.76"
    assert heterogeneity_line(pooled) == "tau^2 = 0.017, I^2 = 57.9%, Q = 6.96 (df = 3, p = 0.073)"
    smd = panels["carer-wellbeing"]
    assert not smd.is_ratio and smd.null == 0.0 and not smd.has_prediction  # k = 2


def test_risk_of_bias_rows_come_from_the_recorded_appraisals(panels):
    rows = {row.label: row.appraisal for row in panels["permanence"].rows}
    assert rows["trial-c"] is None  # a stated quality only
    assert [cell.symbol for cell in rows["trial-b"].domains] == ["+", "+", "!", "+", "+"]
    assert [cell.header for cell in rows["trial-b"].domains] == ["D1", "D2", "D3", "D4", "D5"]
    assert rows["trial-b"].overall.symbol == "!" and rows["trial-a"].overall.symbol == "+"


def test_p_label():
    assert p_label(0.0004) == "p < 0.001" and p_label(0.0734) == "p = 0.073" and p_label(None) == "p = n/a"


def _texts(svg: str) -> list[str]:
    """matplotlib writes each text of an SVG (drawn as paths) as a comment before it."""
    return [text.strip() for text in re.findall(r"<!-- (.*?) -->", svg)]


def test_the_svg_holds_every_part_of_the_plot_and_is_deterministic(panels):
    from kinship_evidence.reports.forest.figure import render

    chosen = [panels["permanence"], panels["carer-wellbeing"]]
    svg = render(chosen, "svg")
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    assert render(chosen, "svg") == svg  # no date, fixed hash salt
    texts = _texts(svg.decode())
    for expected in (
        "Study", "Weight", "Estimate [95% CI]", "trial-a", "28.0%", "1.33 [1.10, 1.61]", "Random-effects model",
        "1.24 [1.05, 1.47]", "95% prediction interval", "[0.76, 2.03]",
        "tau^2 = 0.017, I^2 = 57.9%, Q = 6.96 (df = 3, p = 0.073)",
        "Random-effects model: REML, Wald z CI, t(k-1) prediction interval", "Overall", "D5", "not appraised",
        "Risk ratio (log scale); higher is better", "Standardised mean difference; higher is better",
    ):
        assert expected in texts, expected
    assert "1" in texts and "0.75" in texts  # natural-scale tick labels of the log axis, no effect at 1


@pytest.mark.parametrize(("plot_format", "header"), [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF")])
def test_png_and_pdf(panels, plot_format, header):
    from kinship_evidence.reports.forest.figure import render

    assert render(list(panels.values()), plot_format).startswith(header)


def test_the_no_effect_line_is_always_inside_the_axis(panels):
    import dataclasses

    from kinship_evidence.reports.forest.figure import _limits

    far = panels["permanence"]
    shifted = tuple(dataclasses.replace(row, estimate=row.estimate + 3, ci_low=row.ci_low + 3, ci_high=row.ci_high + 3) for row in far.rows)
    pooled = dataclasses.replace(far.pooled, ci_low=3.1, ci_high=3.4, pi_low=None, pi_high=None)
    low, high = _limits(dataclasses.replace(far, rows=shifted, pooled=pooled))
    assert low < 0 < high  # log scale 0 is a ratio of 1

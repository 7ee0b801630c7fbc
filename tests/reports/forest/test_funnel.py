"""Funnel plots: the geometry of metafor's funnel() (R fixture), the k >= 10 rule, Egger's line, the file."""

from __future__ import annotations

import dataclasses
import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kinship_evidence.reports.forest.funnel import EggerResult, egger_line, funnel_panels
from kinship_evidence.workflows.evaluate import evaluate
from kinship_evidence.workflows.explain import find_recommendation

BCG = Path(__file__).resolve().parents[2] / "workflows" / "fixtures" / "bcg-vaccine-trials"
REFERENCE = json.loads((Path(__file__).parent / "reference" / "funnel_reference.json").read_text())
# the fixture's ids of dat.bcg's 13 trials, in dat.bcg's order (REFERENCE["trials"])
IDS = [
    "aronson-1948", "ferguson-simes-1949", "rosenthal-1960", "hart-sutherland-1977", "frimodt-moller-1973",
    "stein-aronson-1953", "vandiviere-1973", "tpt-madras-1980", "coetzee-berjak-1968", "rosenthal-1961",
    "comstock-1974", "comstock-webster-1969", "comstock-1976",
]


def _funnels(framework: str):
    return funnel_panels(find_recommendation(evaluate(BCG, framework=framework).reports, "bcg-vaccination"))


@pytest.fixture(scope="module")
def bcg():
    (panel,), skipped = _funnels("title-iv-e-psc")  # countries: any, so all 13 trials are pooled
    assert skipped == []
    return panel


def test_the_funnel_is_metafors(bcg):
    """metafor 3.8 funnel(rma(yi, vi, method="REML")) on escalc("RR", dat.bcg): points, refline, region, limits."""
    points = {study: (y, se) for study, y, se in bcg.points}
    assert sorted(points) == sorted(IDS) and bcg.k == 13
    for study, x, y in zip(IDS, REFERENCE["x"], REFERENCE["y"], strict=True):
        assert math.isclose(points[study][0], x, rel_tol=1e-9) and math.isclose(points[study][1], y, rel_tol=1e-9), study
    assert math.isclose(bcg.refline, REFERENCE["refline"], rel_tol=1e-6)
    for ours, theirs in zip((*bcg.region, *bcg.xlim), (*REFERENCE["region"], *REFERENCE["xlim"]), strict=True):
        assert math.isclose(ours, theirs, rel_tol=1e-6)
    assert math.isclose(bcg.se_max, REFERENCE["ylim"][0], rel_tol=1e-12)
    assert bcg.axis_label == "Log risk ratio"


def test_fewer_than_ten_pooled_studies_draw_no_funnel_and_say_why():
    panels, skipped = _funnels("foundations-kinship-2024")  # the high-income rule leaves 9 trials
    assert panels == [] and skipped == ["tuberculosis: 9 pooled studies, fewer than 10"]


@pytest.mark.parametrize("egger", [EggerResult(-1.2345, 11, 0.2446), {"t": -1.2345, "df": 11, "p": 0.2446}])
def test_egger_line_from_a_result_or_a_mapping(egger):
    assert egger_line(egger) == "Egger's test: t = -1.23, df = 11, p = 0.245"
    assert egger_line(EggerResult(3.0, 11, 0.0004)) == "Egger's test: t = 3.00, df = 11, p < 0.001"


def test_the_svg_holds_the_plot_and_the_egger_line_as_text(bcg):
    pytest.importorskip("matplotlib", reason="the plots extra (matplotlib) is part of the test extra")
    from kinship_evidence.reports.forest.funnel import render_funnel

    with_egger = dataclasses.replace(bcg, egger=EggerResult(-1.2345, 11, 0.2445))
    svg = render_funnel([with_egger], "svg")
    assert render_funnel([with_egger], "svg") == svg  # deterministic
    texts = [element.text for element in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "Funnel plot: tuberculosis" in texts and "Standard error" in texts and "Log risk ratio" in texts
    assert any(text and text.startswith("Egger's test: t = -1.23, df = 11") for text in texts)
    assert "0.730" in texts and "0.000" in texts  # y from max(sei) to 0, inverted
    bare = [element.text for element in ET.fromstring(render_funnel([bcg], "svg")).iter("{http://www.w3.org/2000/svg}text")]
    # no result given: Egger's test of the points drawn, as metafor regtest(model="lm", predictor="sei")
    # gives it on dat.bcg log RR (t = -1.4013, df = 11, p = 0.1887; tests/stats/reference/egger_reference.json)
    assert "Egger's test: t = -1.40, df = 11, p = 0.189" in bare

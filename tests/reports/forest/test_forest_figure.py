"""The forest figure as a reviewer reads it: text kept as text, columns that never overlap, every part present.

The SVG is parsed (``<text>`` elements, their x, y and anchor) and each label's extent is measured
in the font it is set in, so overlap and clipping are tested, not eyeballed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kinship_evidence.reports.forest.panels import explained_panels
from kinship_evidence.stats.methods import MethodOverrides
from kinship_evidence.workflows.evaluate import evaluate
from kinship_evidence.workflows.explain import find_recommendation

FIXTURES = Path(__file__).parent.parent / "fixtures"
SVG = "{http://www.w3.org/2000/svg}"
pytest.importorskip("matplotlib", reason="the plots extra (matplotlib) is part of the test extra")


def _panels(fixture: str, rec: str):
    evaluation = evaluate(FIXTURES / fixture, methods=MethodOverrides(prediction="t-k1"))
    return explained_panels(find_recommendation(evaluation.reports, rec))


def _texts(svg: bytes) -> list[dict]:
    """Every ``<text>`` of the SVG: its string, x, y, anchor, size and weight, and its left and right edge."""
    from kinship_evidence.reports.forest.drawing import text_width

    found = []
    for element in ET.fromstring(svg).iter(f"{SVG}text"):
        style = dict(part.split(": ", 1) for part in element.get("style", "").split("; ") if ": " in part)
        size, bold = float(style["font-size"].removesuffix("px")), style.get("font-weight") == "700"
        x, text = float(element.get("x")), element.text or ""
        width = text_width(text, size, bold)
        anchor = style.get("text-anchor", "start")
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        found.append({"text": text, "x": x, "y": float(element.get("y")), "left": left, "right": left + width, "anchor": anchor})
    return found


def _svg_width(svg: bytes) -> float:
    return float(ET.fromstring(svg).get("width").removesuffix("pt"))


@pytest.fixture(scope="module")
def four_svg() -> bytes:
    from kinship_evidence.reports.forest.figure import render

    return render(_panels("forest-four-trials", "rec"), "svg")


@pytest.fixture(scope="module")
def reviewer_svg() -> bytes:
    from kinship_evidence.reports.forest.figure import render

    return render(_panels("forest-reviewer", "mixed-designs"), "svg")


def test_the_svg_keeps_its_text_as_text_and_is_deterministic(four_svg):
    from kinship_evidence.reports.forest.figure import render

    assert four_svg.startswith(b"<?xml") and render(_panels("forest-four-trials", "rec"), "svg") == four_svg
    assert b"<path" not in four_svg.split(b"<text", 1)[0] or b"glyph" not in four_svg  # no glyph outlines
    texts = [t["text"] for t in _texts(four_svg)]
    for expected in (
        "Study", "Intervention", "Control", "Events", "Total", "Mean", "SD", "Weight", "RR [95% CI]", "SMD [95% CI]",
        "trial-a", "120", "28.0%", "1.33 [1.10, 1.61]", "Random-effects model", "405", "1.24 [1.05, 1.47]",
        "95% prediction interval", "[0.76, 2.03]", "Heterogeneity: τ² = 0.017, I² = 57.9%, Q = 6.96 (df = 3, p = 0.073)",
        "Random-effects model: REML, Wald z CI, t(k-1) prediction interval", "RoB 2", "Overall", "D5", "not appraised",
        "Risk ratio (log scale)", "Standardised mean difference", "Favours control", "Favours intervention",
    ):
        assert expected in texts, expected
    assert [t for t in ("0.7", "1", "1.5", "2", "3") if t in texts] == ["0.7", "1", "1.5", "2", "3"]  # ticks past 0.72 and 2.03


def test_long_study_labels_never_run_into_the_next_column(reviewer_svg):
    texts = _texts(reviewer_svg)
    labels = [t for t in texts if t["text"].endswith(("-2019", "-study", "-trial")) and t["anchor"] == "start" and t["x"] < 20]
    assert len(labels) >= 4 and max(len(t["text"]) for t in labels) >= 35
    for label in labels:
        same_row = [t for t in texts if abs(t["y"] - label["y"]) < 1 and t is not label]
        assert same_row and min(t["left"] for t in same_row) > label["right"] + 4, label["text"]


def test_nothing_is_cut_at_the_image_edge(reviewer_svg):
    width = _svg_width(reviewer_svg)
    texts = _texts(reviewer_svg)
    assert all(t["left"] >= 0 and t["right"] <= width for t in texts), [t["text"] for t in texts if t["right"] > width]
    assert any(t["text"].startswith("Risk of bias, ROBINS-I") for t in texts)


def test_each_risk_of_bias_tool_has_its_own_columns(reviewer_svg):
    texts = _texts(reviewer_svg)
    y = {t["text"]: t["y"] for t in texts if t["text"] == "matched-comparison-kinship-study" and t["x"] < 20}
    headers = {t["text"]: t for t in texts if t["text"] in ("RoB 2", "ROBINS-I")}
    assert set(headers) == {"RoB 2", "ROBINS-I"}
    header_row = headers["ROBINS-I"]["y"] + 16  # the column headers, a row under the tools' names (pooled panel)
    d1 = sorted(t["x"] for t in texts if t["text"] == "D1" and abs(t["y"] - header_row) < 2)
    d7 = [t["x"] for t in texts if t["text"] == "D7"]
    assert len(d1) == 2 and len(d7) == 1 and d7[0] > d1[1]  # D7 only in the ROBINS-I block, right of its D1
    robins_row = [t for t in texts if abs(t["y"] - y["matched-comparison-kinship-study"]) < 1 and t["text"] in ("+", "!")]
    assert len(robins_row) == 8 and min(t["x"] for t in robins_row) >= d1[1] - 1  # its dots in the ROBINS-I block only


def test_favours_labels_stand_on_the_side_the_outcome_calls_good(reviewer_svg, four_svg):
    def sides(svg):
        texts = _texts(svg)
        good = [t for t in texts if t["text"] == "Favours intervention"]
        bad = [t for t in texts if t["text"] == "Favours control"]
        return [(g["anchor"], b["anchor"]) for g, b in zip(good, bad, strict=True)]

    assert sides(four_svg) == [("start", "end")] * 2  # higher is better: intervention right of no effect
    assert ("end", "start") in sides(reviewer_svg)  # placement disruption, lower is better: intervention left


def test_left_out_studies_and_unpooled_domains_are_said(reviewer_svg):
    from kinship_evidence.reports.forest.figure import render

    texts = [t["text"] for t in _texts(reviewer_svg)]
    assert "Outcome domain: carer-wellbeing (not pooled)" in texts and "Not in this plot or not pooled:" in texts
    assert any(t.startswith("– small-pilot-trial-high-risk: not eligible for this recommendation") for t in texts)
    single = [t["text"] for t in _texts(render(_panels("forest-reviewer", "one-trial"), "svg"))]
    assert "Outcome domain: permanence (single study)" in single and "family-conference-trial" in single
    assert "Weight" not in single and "Random-effects model" not in single


@pytest.mark.parametrize(("plot_format", "header"), [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF")])
def test_png_and_pdf(plot_format, header):
    from kinship_evidence.reports.forest.figure import render

    assert render(_panels("forest-reviewer", "mixed-designs"), plot_format).startswith(header)

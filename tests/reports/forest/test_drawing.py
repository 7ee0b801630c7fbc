"""The plots' text measure: words measured once and summed equal the whole text measured."""

from __future__ import annotations

import itertools

import pytest

pytest.importorskip("matplotlib")

from kinship_evidence.reports.forest.drawing import FONT, text_width, wrap_to

TEXTS = [
    "Risk of bias, RoB 2: D1 randomisation, D2 deviations; + low; - some concerns; x high.",
    "– kinship-navigator-2019: excluded by the rule set (quasi-experimental design); its result is shown as not counted",
    "Heterogeneity: tau^2 = 0.04 [0.00, 0.31]; I^2 = 42%; Q(5) = 8.61, p = 0.13",
    "Winokur, Holtan & Batchelder (2018): Systematic review of kinship care effects — Wellbeing",
    "AVAVA To Ty “quoted” 1,234.5 – 7 x 3  double  spaces",
]


def _whole(text: str, size: float, bold: bool) -> float:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    return float(text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0])


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("text", TEXTS)
def test_text_width_summed_by_word_equals_the_whole_text_measured(text: str, bold: bool) -> None:
    assert text_width(text, 8.0, bold) == pytest.approx(_whole(text, 8.0, bold), rel=1e-9)


@pytest.mark.parametrize("width", [40.0, 120.0, 300.0])
def test_wrapped_lines_fit_and_keep_every_word(width: float) -> None:
    text = " ".join(TEXTS)
    lines = wrap_to(text, width)
    assert all(_whole(line, 8.0, False) <= width or " " not in line.strip() for line in lines)
    assert [word for line in lines for word in line.split()] == text.split()
    assert all(line.startswith("    ") and not line.startswith("     ") for line in lines[1:] if line.strip())
    # greedy: the next line's first word would not have fitted on the line before
    for before, after in itertools.pairwise(lines):
        assert _whole(f"{before} {after.split()[0]}", 8.0, False) > width

"""The HTML report page: its sections, escaping, and the robustness block passed in."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinship_evidence.reports.html.page import format_html
from kinship_evidence.stats.methods import MethodOverrides
from kinship_evidence.workflows.evaluate import evaluate
from kinship_evidence.workflows.report import GuideReport, robustness_by_recommendation

FIXTURE = Path(__file__).parent.parent / "fixtures" / "forest-four-trials"


@pytest.fixture(scope="module")
def evaluation():
    return evaluate(FIXTURE, methods=MethodOverrides(prediction="t-k1"))


def test_page_sections_and_escaping(evaluation):
    pytest.importorskip("matplotlib")
    page = format_html(GuideReport(evaluation))
    assert page.startswith("<!DOCTYPE html>")
    assert "Offer kinship carers a &lt;support&gt; programme &amp; follow it up." in page
    assert "<support>" not in page
    # ratings table: number, text, derived, published, match
    assert '<td class="match-yes">yes</td>' in page and "<td>strong</td><td>strong</td>" in page
    # summary of findings: natural scale for the ratio measure, participants, appraised count
    assert "Risk ratio 1.24 [1.05, 1.47]; 95% prediction interval [0.76, 2.03]" in page
    assert "<td>permanence</td><td>strong</td><td>4</td><td>1440</td>" in page
    assert "<td>3 of 4</td>" in page
    assert page.count('<svg role="img"') == 1 and "<!--" not in page  # one figure, its comments removed
    assert "Cochrane RoB 2 (randomised trials)" in page and 'title="Some concerns">!</span>' in page
    assert "trial-c: quality high stated, not appraised" in page
    assert "Robustness: not computed." in page
    assert "<script" not in page and "<link" not in page and 'src="' not in page  # nothing fetched


def test_robustness_from_the_one_robustness_result(evaluation):
    """The page shows workflows.robustness's own result (no second type, no dicts in between)."""
    from kinship_evidence.workflows.robustness import assess

    blocks = robustness_by_recommendation(assess(evaluation))
    (item,) = blocks["rec"]
    page = format_html(GuideReport(evaluation, blocks))
    if item.robust:
        assert "robust (no change tried flips it)" in page
    else:
        assert f"{len(item.flips)} change(s) flip it" in page
        assert f"<td>{item.flips[0].change}</td>" in page
    assert "Robustness: not computed." in format_html(GuideReport(evaluation))


def test_without_matplotlib_the_page_says_what_to_install(evaluation, monkeypatch):
    import sys

    for name in [name for name in sys.modules if name == "matplotlib" or name.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    page = format_html(GuideReport(evaluation))
    assert "install kinship-evidence[plots]" in page and "<svg" not in page


def test_several_frameworks_give_unique_ids_and_working_links():
    pytest.importorskip("matplotlib")
    import collections
    import re

    page = format_html(GuideReport(evaluate(FIXTURE, framework="all")))
    ids = collections.Counter(re.findall(r'\bid="([^"]+)"', page))
    assert page.count('<svg role="img"') == 3 and ids and max(ids.values()) == 1
    references = set(re.findall(r'href="#([^"]+)"', page)) | set(re.findall(r"url\(#([^)]+)\)", page))
    assert references and not references - set(ids)
    assert 'href="#rec-rec-title-iv-e-psc"' in page


def test_the_page_is_rendered_with_autoescape_and_no_hand_escaping():
    """Jinja2 with autoescape writes every value; no module of the HTML report writes tags itself."""
    from kinship_evidence.reports.html.page import environment

    assert environment().autoescape is True
    html_package = Path(__file__).resolve().parents[3] / "src" / "kinship_evidence" / "reports" / "html"
    for module in html_package.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert "html import escape" not in source and "<td" not in source and "<tr" not in source, module.name


def test_a_hostile_recommendation_text_is_escaped_by_the_template(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    recs = data / "recommendations.yaml"
    text = recs.read_text(encoding="utf-8")
    recs.write_text(text.replace("Offer kinship carers a <support> programme & follow it up.", "<script>alert(1)</script> & x"))
    page = format_html(GuideReport(evaluate(data)))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; x" in page


def test_inline_plots_keep_their_text_as_text_at_full_size(evaluation):
    pytest.importorskip("matplotlib")
    import re

    page = format_html(GuideReport(evaluation))
    figure = page[page.index('<figure class="forest">'):page.index("</figure>")]
    texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", figure)
    assert {"trial-a", "trial-d", "Favours intervention", "RR [95% CI]"} <= set(texts)  # selectable, searchable
    assert "figure.forest svg,figure.funnel svg{max-width:none" in page  # drawn at its own size (9 pt text), scrolled, not shrunk
    assert "font-size: 9px" in figure  # 9 user units of a pt-sized SVG: 12 CSS px


def test_funnel_plots_in_the_report_where_ten_or_more_studies_are_pooled(evaluation):
    pytest.importorskip("matplotlib")
    bcg = Path(__file__).resolve().parents[2] / "workflows" / "fixtures" / "bcg-vaccine-trials"
    page = format_html(GuideReport(evaluate(bcg, framework="title-iv-e-psc")))
    assert page.count('<figure class="funnel">') == 1 and "Funnel plot: tuberculosis" in page
    small = format_html(GuideReport(evaluation))
    assert '<figure class="funnel">' not in small
    assert "No funnel plot (it needs at least 10 pooled studies; Sterne et al. 2011): carer-wellbeing: 2 pooled studies" in small


def test_studies_left_out_of_a_plot_are_listed_as_page_text_not_drawn_in_the_figure():
    """The report lists each plot's left-out studies in HTML beside the figure (a 10,000-record
    dataset leaves thousands out: drawn in the SVG footer they took half the page's time)."""
    pytest.importorskip("matplotlib")
    page = format_html(GuideReport(evaluate(FIXTURE.parent / "forest-reviewer")))
    assert '<details class="left-out"><summary>' in page and ": not in this plot or not pooled (" in page
    listed = page.split('<details class="left-out">', 1)[1]
    assert "<li>small-pilot-trial-high-risk: not eligible for this recommendation" in listed
    figures = "".join(part.split("</svg>", 1)[0] for part in page.split("<svg")[1:])
    assert "small-pilot-trial-high-risk: not eligible" not in figures and "Not in this plot or not pooled:" not in figures

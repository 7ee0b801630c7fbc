"""Sections of the HTML report that stand alone: inline forest plots, risk-of-bias tables, robustness.

Every user-supplied string passes :func:`html.escape`; the forest plots are the SVG of
:mod:`kinship_evidence.reports.forest.figure`, embedded in the page (no external file, no
network), with matplotlib's comments removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from kinship_evidence.rating.results import RecommendationRating
from kinship_evidence.reports.forest.panels import recommendation_panels
from kinship_evidence.reports.tables.appraisal_rows import AppraisalRow, appraisal_row, legend
from kinship_evidence.workflows.report import Robustness

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
SYMBOL_CLASSES = {"+": "low", "!": "some", "x": "high", "xx": "critical", "?": "unclear", "-": "none"}


def forest_plots(rating: RecommendationRating, framework_label: str = "") -> str:
    """The recommendation's forest plots as one inline SVG (or a note why there is none)."""
    from kinship_evidence.reports.forest.figure import render

    panels = recommendation_panels(rating, framework_label)
    if not panels:
        return '<p class="note">No study of an outcome domain gives numbers for an effect size, so there is no forest plot.</p>'
    label = f"Forest plots of recommendation {rating.recommendation.number}: " + ", ".join(p.title for p in panels)
    return _inline_svg(lambda: render(panels, "svg"), f"forest-{rating.recommendation.id}-{framework_label}-", label, "forest")


def funnel_plots(rating: RecommendationRating, framework_label: str = "") -> str:
    """Funnel plots of the domains pooled from 10 or more studies, and a note naming the others."""
    from kinship_evidence.reports.forest.funnel import MIN_STUDIES, recommendation_funnels, render_funnel

    panels, skipped = recommendation_funnels(rating, framework_label)
    parts = []
    if panels:
        label = f"Funnel plots of recommendation {rating.recommendation.number}: " + ", ".join(p.title for p in panels)
        parts.append(_inline_svg(lambda: render_funnel(panels, "svg"), f"funnel-{rating.recommendation.id}-{framework_label}-",
                                 label, "funnel"))
    if skipped:
        parts.append(
            f'<p class="note">No funnel plot (it needs at least {MIN_STUDIES} pooled studies; Sterne et al. 2011): '
            f"{escape('; '.join(skipped))}.</p>"
        )
    return "".join(parts) or '<p class="note">No outcome domain rated.</p>'


def _inline_svg(draw: Callable[[], bytes], prefix: str, label: str, kind: str) -> str:
    """A figure drawn as SVG, inline: comments removed, ids made unique, labelled for a screen reader."""
    from kinship_evidence.reports.forest.drawing import PlottingUnavailable

    try:
        svg = draw().decode("utf-8")
    except PlottingUnavailable as error:
        return f'<p class="note">{escape(str(error))}</p>'
    svg = _unique_ids(_COMMENT.sub("", svg[svg.index("<svg"):]), prefix)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="{kind}" ', 1)
    return f'<figure class="{kind}">{svg}</figure>'


def _unique_ids(svg: str, prefix: str) -> str:
    """Prefix every id (and every reference to one) so several inline figures never share an id."""
    svg = re.sub(r'\bid="', f'id="{prefix}', svg)
    svg = re.sub(r'href="#', f'href="#{prefix}', svg)
    return re.sub(r"url\(#", f"url(#{prefix}", svg)


def _symbol(symbol: str, label: str) -> str:
    kind = SYMBOL_CLASSES.get(symbol, "none")
    return f'<span class="rob rob-{kind}" title="{escape(label)}">{escape(symbol)}</span>'


def _appraisal_rows(rating: RecommendationRating) -> tuple[dict[str, AppraisalRow], list[tuple[str, str]]]:
    """Each eligible study's appraisal row (its first domain's), and those without one with why."""
    rows: dict[str, AppraisalRow] = {}
    bare: dict[str, str] = {}
    for domain in rating.domains:
        for item in domain.evidence:
            study_id = item.study.id
            if study_id in rows or study_id in bare:
                continue
            row = appraisal_row(item.quality)
            if row is None:
                bare[study_id] = item.quality.basis
            else:
                rows[study_id] = row
    return rows, list(bare.items())


def risk_of_bias_tables(rating: RecommendationRating) -> str:
    """One traffic-light table per appraisal tool (study x domain, then overall), with its legend."""
    rows, bare = _appraisal_rows(rating)
    parts = []
    for tool in dict.fromkeys(row.tool for row in rows.values()):
        members = {study_id: row for study_id, row in rows.items() if row.tool == tool}
        first = next(iter(members.values()))
        headers = [*first.domains, first.overall]
        head = "".join(f'<th scope="col" title="{escape(cell.title)}">{escape(cell.header)}</th>' for cell in headers)
        body = "".join(
            f'<tr><th scope="row">{escape(study_id)}</th>'
            + "".join(f"<td>{_symbol(cell.symbol, cell.label)}</td>" for cell in (*row.domains, row.overall))
            + "</tr>"
            for study_id, row in members.items()
        )
        key = "".join(f"<li>{escape(cell.header)}: {escape(cell.title)}</li>" for cell in first.domains)
        symbols = "".join(f"<li>{_symbol(symbol, label)} {escape(label)}</li>" for symbol, label in legend(tool))
        parts.append(
            f'<table class="rob-table"><caption>{escape(first.tool_label)}</caption>'
            f'<thead><tr><th scope="col">Study</th>{head}</tr></thead><tbody>{body}</tbody></table>'
            f'<div class="legend"><ul class="domains">{key}</ul><ul class="symbols">{symbols}</ul></div>'
        )
    if bare:
        items = "".join(f"<li>{escape(study_id)}: {escape(basis)}</li>" for study_id, basis in bare)
        parts.append(f'<p>No risk-of-bias appraisal recorded:</p><ul class="unappraised">{items}</ul>')
    return "".join(parts) or '<p class="note">No eligible study.</p>'


def robustness_section(blocks: tuple[Robustness, ...] | None) -> str:
    """``robust``, or each change that flips the rating; "not computed" when none was given."""
    if blocks is None:
        return '<p class="note">Robustness: not computed.</p>'
    parts = []
    for block in blocks:
        if block.robust and not block.flips:
            parts.append(f'<p class="robust">Rating <strong>{escape(block.rating)}</strong>: robust (no change tried flips it).</p>')
            continue
        rows = "".join(
            f"<tr><td>{escape(f.change)}</td><td>{escape(f.study)}</td><td>{escape(f.method)}</td><td>{escape(f.rating)}</td></tr>"
            for f in block.flips
        )
        parts.append(
            f'<p class="flips">Rating <strong>{escape(block.rating)}</strong>: {len(block.flips)} change(s) flip it.</p>'
            '<table class="flip-table"><thead><tr><th scope="col">Change</th><th scope="col">Study</th>'
            f'<th scope="col">Method</th><th scope="col">Rating after</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    return "".join(parts) or '<p class="note">Robustness: not computed.</p>'

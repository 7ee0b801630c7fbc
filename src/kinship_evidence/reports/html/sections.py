"""Sections of the HTML report as plain values for the template: inline forest plots,
risk-of-bias tables, robustness.

Nothing here writes HTML but the forest plot: the SVG of
:mod:`kinship_evidence.reports.forest.figure`, embedded in the page (no external file, no
network), with matplotlib's comments removed, made unique in its ids and passed on as
:class:`markupsafe.Markup` (the one value the template does not escape: matplotlib's SVG writer
escapes every text it draws). Every other value is escaped by the template's autoescape.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field, replace
from typing import Any

from kinship_evidence.frozen import frozen
from kinship_evidence.rating.results import RecommendationRating
from kinship_evidence.reports.forest.panels import recommendation_panels
from kinship_evidence.reports.tables.appraisal_rows import AppraisalCell, AppraisalRow, appraisal_row, legend
from kinship_evidence.workflows.robustness import RecommendationRobustness

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
SYMBOL_CLASSES = {"+": "low", "!": "some", "x": "high", "xx": "critical", "?": "unclear", "-": "none"}


@frozen
class ForestPlot:
    """An inline figure (forest or funnel plot), or the note saying why there is none."""

    svg: Any = None  # markupsafe.Markup of our own SVG, or None
    note: str = ""
    kind: str = "forest"
    #: per panel, its title and the studies not in it or not pooled (as text beside the figure)
    left_out: tuple[tuple[str, tuple[str, ...]], ...] = ()


@frozen
class FunnelPlots:
    figure: ForestPlot | None = None  # None: no domain pooled 10 or more studies
    note: str = ""  # the domains with fewer, named


@frozen
class SymbolCell:
    symbol: str
    label: str

    @property
    def kind(self) -> str:
        return SYMBOL_CLASSES.get(self.symbol, "none")


@frozen
class ToolTable:
    tool_label: str
    headers: list[AppraisalCell]
    domain_key: list[AppraisalCell]
    rows: list[dict[str, Any]]
    legend: list[SymbolCell]


@frozen
class RiskOfBiasSection:
    tools: list[ToolTable] = field(default_factory=list)
    unappraised: list[tuple[str, str]] = field(default_factory=list)


def forest_plot(rating: RecommendationRating, framework_label: str = "") -> ForestPlot:
    """The recommendation's forest plots as one inline SVG (or a note why there is none)."""
    from kinship_evidence.reports.forest.figure import render

    panels = recommendation_panels(rating, framework_label)
    if not panels:
        return ForestPlot(note="No study of an outcome domain gives numbers for an effect size, so there is no forest plot.")
    label = f"Forest plots of recommendation {rating.recommendation.number}: " + ", ".join(p.title for p in panels)
    plot = _inline_svg(
        lambda: render(panels, "svg", left_out=False), f"forest-{rating.recommendation.id}-{framework_label}-", label, "forest"
    )
    return replace(plot, left_out=tuple((panel.title, tuple(panel.left_out)) for panel in panels if panel.left_out))


def funnel_plot(rating: RecommendationRating, framework_label: str = "") -> FunnelPlots:
    """Funnel plots of the domains pooled from 10 or more studies, and a note naming the others."""
    from kinship_evidence.reports.forest.funnel import MIN_STUDIES, recommendation_funnels, render_funnel

    panels, skipped = recommendation_funnels(rating, framework_label)
    figure = None
    if panels:
        label = f"Funnel plots of recommendation {rating.recommendation.number}: " + ", ".join(p.title for p in panels)
        figure = _inline_svg(lambda: render_funnel(panels, "svg"), f"funnel-{rating.recommendation.id}-{framework_label}-",
                             label, "funnel")
    note = (
        f"No funnel plot (it needs at least {MIN_STUDIES} pooled studies; Sterne et al. 2011): {'; '.join(skipped)}."
        if skipped else ""
    )
    return FunnelPlots(figure, note)


def _inline_svg(draw: Callable[[], bytes], prefix: str, label: str, kind: str) -> ForestPlot:
    """A figure drawn as SVG, inline: comments removed, ids made unique, labelled for a screen reader.

    The one value the template does not escape (:class:`markupsafe.Markup`): our own SVG, whose
    text matplotlib's SVG writer escapes; the label we add is escaped here."""
    from markupsafe import Markup, escape

    from kinship_evidence.reports.forest.drawing import PlottingUnavailable

    try:
        svg = draw().decode("utf-8")
    except PlottingUnavailable as error:
        return ForestPlot(note=str(error), kind=kind)
    svg = _unique_ids(_COMMENT.sub("", svg[svg.index("<svg"):]), prefix)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="{kind}" ', 1)
    return ForestPlot(svg=Markup(svg), kind=kind)


def _unique_ids(svg: str, prefix: str) -> str:
    """Prefix every id (and every reference to one) so several inline figures never share an id."""
    from markupsafe import escape

    prefix = str(escape(prefix))
    svg = re.sub(r'\bid="', f'id="{prefix}', svg)
    svg = re.sub(r'href="#', f'href="#{prefix}', svg)
    return re.sub(r"url\(#", f"url(#{prefix}", svg)


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


def risk_of_bias_section(rating: RecommendationRating) -> RiskOfBiasSection:
    """One traffic-light table per appraisal tool (study x domain, then overall), with its legend."""
    rows, bare = _appraisal_rows(rating)
    tables = []
    for tool in dict.fromkeys(row.tool for row in rows.values()):
        members = {study_id: row for study_id, row in rows.items() if row.tool == tool}
        first = next(iter(members.values()))
        tables.append(
            ToolTable(
                tool_label=first.tool_label,
                headers=[*first.domains, first.overall],
                domain_key=list(first.domains),
                rows=[
                    {"study": study_id, "cells": [SymbolCell(cell.symbol, cell.label) for cell in (*row.domains, row.overall)]}
                    for study_id, row in members.items()
                ],
                legend=[SymbolCell(symbol, label) for symbol, label in legend(tool)],
            )
        )
    return RiskOfBiasSection(tools=tables, unappraised=bare)


@frozen
class FlipRow:
    change: str
    study: str
    method: str
    rating: str


@frozen
class RobustnessBlock:
    rating: str
    robust: bool
    flips: list[FlipRow]


def robustness_blocks(items: tuple[RecommendationRobustness, ...] | None) -> list[RobustnessBlock] | None:
    """Each rating's robustness as the page shows it (None: not computed)."""
    if items is None:
        return None
    return [
        RobustnessBlock(
            item.rating.rating,
            item.robust,
            [
                FlipRow(flip.change, flip.study or "", flip.methods.describe() if flip.methods is not None else "", flip.rating)
                for flip in item.flips
            ],
        )
        for item in items
    ]

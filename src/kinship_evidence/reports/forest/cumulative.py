"""Cumulative forest plots of ``history --plot``: one row per step (year or commit), the domain's
pooled estimate and 95% CI as the studies accumulate, and the rating at that step as a label.

As metafor's ``forest(cumul(res))``: a point and whisker per step, the step's label on the left,
``estimate [low, high]`` and the rating on the right, a vertical no-effect line. One panel per
(recommendation, pooled domain); a step whose domain was not pooled (fewer than two studies on one
scale) has its row, with the synthesis said in words instead of a whisker. Ratio scales are drawn
on the log scale they are pooled on and labelled on the natural scale, as the forest plots are.

matplotlib is imported inside :func:`render_cumulative` only (through ``figure.require_matplotlib``);
output is deterministic (the forest plots' fixed fonts and metadata).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from kinship_evidence.frozen import frozen
from kinship_evidence.reports.forest.drawing import RC, check_format, figure_bytes, require_matplotlib
from kinship_evidence.reports.text.natural_scale import interval_text, is_log, label
from kinship_evidence.workflows.history.points import RecommendationHistory

WIDTH_IN = 10.0
ROW_IN = 0.3
LABEL_X, AXES_X0, AXES_X1, VALUE_X, RATING_X = 0.02, 0.24, 0.62, 0.64, 0.985


@frozen(slots=True)
class Step:
    label: str  # the year, or a commit's short hash and date
    rating: str
    changed: bool
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    words: str  # the synthesis, when not pooled


@frozen(slots=True)
class CumulativePanel:
    title: str
    scale: str
    favourable: str
    steps: tuple[Step, ...]


def cumulative_panels(histories: Sequence[RecommendationHistory]) -> list[CumulativePanel]:
    """One panel per recommendation and domain that some step pooled by meta-analysis."""
    panels = []
    for history in histories:
        domains = list(dict.fromkeys(d.domain for p in history.points for d in p.domains if d.estimate is not None))
        for name in domains:
            steps, scale, favourable = [], "", "higher"
            for point in history.points:
                label = str(point.year) if point.commit is None else f"{point.commit.short} {point.commit.date[:10]}"
                found = next((d for d in point.domains if d.domain == name), None)
                if found is None:
                    steps.append(Step(label, point.rating or "not rated", point.changed, None, None, None, "no studies"))
                    continue
                scale, favourable = found.scale or scale, found.favourable or favourable
                words = "" if found.estimate is not None else f"{found.synthesis}, k={found.k}"
                steps.append(Step(label, found.rating, found.changed, found.estimate, found.ci_low, found.ci_high, words))
            title = f"Recommendation {history.number} ({history.id}), {name}: cumulative by {history.by}"
            panels.append(CumulativePanel(title, scale, favourable, tuple(steps)))
    return panels


def _draw(fig: Any, ax: Any, panel: CumulativePanel) -> None:
    steps = panel.steps
    rows = list(range(len(steps), 0, -1))
    pooled = [s for s in steps if s.ci_low is not None and s.ci_high is not None]
    low = min([0.0, *(s.ci_low for s in pooled if s.ci_low is not None)])
    high = max([0.0, *(s.ci_high for s in pooled if s.ci_high is not None)])
    pad = 0.05 * (high - low or 1.0)
    ax.set_xlim(low - pad, high + pad)
    ax.set_ylim(0.3, len(steps) + 0.7)
    ax.axvline(0.0, color="#555555", linewidth=0.8)
    ax.set_yticks([])
    for spine in ("left", "right", "top"):
        ax.spines[spine].set_visible(False)
    transform = fig.transFigure
    for y, step in zip(rows, steps, strict=True):
        weight = "bold" if step.changed else "normal"
        fy = ax.transData.transform((0, y))[1]
        fy = fig.transFigure.inverted().transform((0, fy))[1]
        fig.text(LABEL_X, fy, step.label, transform=transform, va="center", ha="left")
        fig.text(RATING_X, fy, step.rating, transform=transform, va="center", ha="right", weight=weight)
        if step.estimate is None or step.ci_low is None or step.ci_high is None:
            fig.text(VALUE_X, fy, step.words, transform=transform, va="center", ha="left", color="#555555")
            continue
        ax.plot([step.ci_low, step.ci_high], [y, y], color="black", linewidth=1.0)
        ax.plot([step.estimate], [y], marker="s", color="black", markersize=5)
        shown = interval_text(panel.scale, step.estimate, step.ci_low, step.ci_high)
        fig.text(VALUE_X, fy, shown, transform=transform, va="center", ha="left")
    if is_log(panel.scale):
        ticks = ax.get_xticks()
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{math.exp(t):.2g}" for t in ticks])
    log = " (log scale)" if is_log(panel.scale) else ""
    ax.set_xlabel(f"{label(panel.scale)}{log}; {panel.favourable} is better")
    ax.set_title(panel.title, loc="left", fontsize=9)


def render_cumulative(panels: Sequence[CumulativePanel], plot_format: str) -> bytes:
    """The cumulative forest plots of ``panels``, stacked in one figure, as ``plot_format`` bytes."""
    check_format(plot_format)
    matplotlib = require_matplotlib()
    from matplotlib.figure import Figure

    units = [len(panel.steps) + 3 for panel in panels]
    total = sum(units)
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, ROW_IN * total + 0.2))
        top = 1.0
        for size in units:
            height = (size - 3) / total
            bottom = top - 1.2 / total - height
            fig.add_axes((AXES_X0, bottom, AXES_X1 - AXES_X0, height))
            top -= size / total
        for ax, panel in zip(fig.axes, panels, strict=True):
            _draw(fig, ax, panel)
        return figure_bytes(fig, plot_format)

"""Forest plots drawn with matplotlib (the optional ``plots`` extra), as SVG, PNG or PDF bytes.

The layout is RevMan's, the numbers are R metafor's ``forest()``: a row per study with its label
(the column as wide as the longest label), its arm data (events and total, or mean, SD and
total, under "Intervention" and "Control"), its random-effects weight, ``estimate [95% CI]`` on
the natural scale, a square sized by its weight (area proportional) with its 95% CI whisker,
and its risk of bias (robvis-like traffic lights: a coloured disc with its text symbol, so it
reads without colour), one block of columns per appraisal tool (RoB 2's D1-D5 never share a
column with ROBINS-I's D1-D7). Then the pooled diamond, the prediction interval when computed,
the axis (its ticks cover every interval, see :mod:`~kinship_evidence.reports.forest.axis`) with
"Favours control / Favours intervention" on the sides the outcome's ``favourable`` gives, and
footnotes: heterogeneity (τ², I², Q), methods, re-expressed studies, every study of the domain
left out and why, and each tool's key, wrapped to the figure's width.

Coordinates are points from the top-left corner of the figure (one axes covers it), so the
columns are measured in the font they are set in; the figure is as wide as its columns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kinship_evidence.data.risk_of_bias.vocabulary import TOOL_SHORT_LABELS
from kinship_evidence.reports.forest.axis import axis_ticks, tick_label
from kinship_evidence.reports.forest.drawing import (
    PLOT_FORMATS,
    RC,
    PlottingUnavailable,
    check_format,
    figure_bytes,
    require_matplotlib,
    text_width,
    wrap_to,
)
from kinship_evidence.reports.forest.rows import (
    ForestPanel,
    arm_cells,
    arm_headers,
    arm_totals,
    heterogeneity_line,
    interval_label,
    methods_line,
    weight_label,
)
from kinship_evidence.reports.tables.appraisal_rows import AppraisalRow, legend

__all__ = ["PLOT_FORMATS", "PlottingUnavailable", "render", "require_matplotlib"]

# robvis colours (McGuinness & Higgins 2021): low, some concerns, high, critical, no information
_SYMBOL_COLOURS = {"+": "#02C100", "!": "#E2DF07", "x": "#BF0000", "xx": "#820000", "?": "#4EA1F7", "-": "#D9D9D9"}
SIZE, SMALL = 9.0, 8.0  # points
ROW, GAP, MARGIN, PLOT_WIDTH, DOT_COLUMN = 16.0, 12.0, 12.0, 230.0, 15.0
POOLED_LABEL, PI_LABEL = "Random-effects model", "95% prediction interval"
GROUP_Y, HEADER_Y, FIRST_ROW, FOOTER = 20 + ROW * 0.5, 20 + ROW * 1.5, 20 + ROW * 2.5, 54.0  # points below a panel's top


@dataclass
class _Columns:
    """x positions (points) of one panel's columns: left edges, or right edges for numbers."""

    study: float = MARGIN
    arms: list[tuple[str, list[tuple[float, float]]]] = field(default_factory=list)  # (arm, [(left, right)])
    weight: float = 0.0  # right edge
    estimate: float = 0.0  # right edge
    plot: tuple[float, float] = (0.0, 0.0)
    rob: list[tuple[str, list[float]]] = field(default_factory=list)  # (tool, centres of D1.. and Overall)
    width: float = 0.0


def _widest(texts: Sequence[str], bold: bool = False) -> float:
    return max((text_width(text, SIZE, bold) for text in texts), default=0.0)


def _columns(panel: ForestPanel) -> _Columns:
    cols = _Columns()
    labels = [row.label for row in panel.rows] + ["Study"] + ([POOLED_LABEL] if panel.pooled else [])
    x = MARGIN + max(_widest(labels[:-1] if not panel.pooled else labels), _widest([POOLED_LABEL], True) if panel.pooled else 0.0)
    x += GAP
    headers = arm_headers(panel)
    cells = [arm_cells(panel, row.arms) for row in panel.rows]
    totals = arm_totals(panel)
    for side, arm in enumerate(("Intervention", "Control")):
        if not headers:
            break
        spans, start = [], x
        for i, header in enumerate(headers):
            width = max(_widest([header], True), _widest([c[side][i] for c in cells]),
                        _widest([totals[side][i]], True) if totals else 0.0)
            spans.append((x, x + width))
            x += width + GAP / 2
        if x - GAP / 2 - start < _widest([arm], True):  # the group header is wider than its columns
            x = start + _widest([arm], True) + GAP / 2
        cols.arms.append((arm, spans))
        x += GAP / 2
    estimates = [interval_label(panel, r.estimate, r.ci_low, r.ci_high) for r in panel.rows] + [panel.estimate_header]
    if panel.pooled is not None:
        estimates.append(interval_label(panel, panel.pooled.estimate, panel.pooled.ci_low, panel.pooled.ci_high))
    if panel.pooled is not None:
        cols.weight = x + _widest(["Weight", "100.0%"], True)
        x = cols.weight + GAP
    cols.estimate = x + _widest(estimates, True)
    cols.plot = (cols.estimate + GAP + 4, cols.estimate + GAP + 4 + PLOT_WIDTH)
    x = cols.plot[1] + GAP + 4
    for tool in panel.tools:
        first = next(r.appraisal for r in panel.rows if r.appraisal is not None and r.appraisal.tool == tool)
        centres = [x + DOT_COLUMN * (i + 0.5) for i in range(len(first.domains))]
        overall = _widest([first.overall.header], True) + 4
        x += DOT_COLUMN * len(first.domains) + 2
        centres.append(x + overall / 2)
        x += overall
        x = max(x, centres[0] - DOT_COLUMN / 2 + _widest([TOOL_SHORT_LABELS[tool]], True)) + GAP
        cols.rob.append((tool, centres))
    cols.width = max(x + MARGIN - (GAP if cols.rob else 0.0), cols.plot[1] + MARGIN)
    return cols


def _footer(panel: ForestPanel, width: float, left_out: bool = True) -> list[str]:
    lines = []
    if panel.pooled is not None:
        lines += [heterogeneity_line(panel.pooled), methods_line(panel.pooled)]
    lines += [f"Note: {note}" for note in panel.notes]
    if panel.left_out and left_out:
        lines.append("Not in this plot or not pooled:")
        lines += [f"– {line}" for line in panel.left_out]
    lines += [_rob_key(panel, tool) for tool in panel.tools]
    # 8% slack: a renderer's hinting (or a browser's substitute font, for inline SVG) sets text a little wider
    return [wrapped for line in lines for wrapped in wrap_to(line, 0.92 * (width - 2 * MARGIN), SMALL)]


def _rob_key(panel: ForestPanel, tool: str) -> str:
    first: AppraisalRow = next(r.appraisal for r in panel.rows if r.appraisal is not None and r.appraisal.tool == tool)
    domains = ", ".join(f"{cell.header} {cell.title.lower()}" for cell in first.domains)
    symbols = "; ".join(f"{symbol} {label.lower()}" for symbol, label in legend(tool))
    return f"Risk of bias, {first.tool_label}: {domains}{'. ' if domains else ''}{symbols}."


@dataclass
class _Canvas:
    ax: Any
    top: float  # y of the panel's top edge, points from the figure's top

    def text(self, x: float, y: float, text: str, size: float = SIZE, **style: Any) -> None:
        self.ax.text(x, self.top + y, text, fontsize=size, parse_math=False, va="center", clip_on=False, **style)

    def line(self, xs: Sequence[float], ys: Sequence[float], **style: Any) -> None:
        self.ax.plot(list(xs), [self.top + y for y in ys], solid_capstyle="butt", **style)


def _axis_y(panel: ForestPanel) -> float:
    """Where the axis line of the panel is, points below its top."""
    last = FIRST_ROW + ROW * (len(panel.rows) - 1)
    if panel.pooled is not None:
        last += ROW + 6 + (ROW if panel.has_prediction else 0.0)
    return last + ROW / 2 + 4


def _panel_height(panel: ForestPanel, footer: list[str]) -> float:
    return _axis_y(panel) + FOOTER + 11 * len(footer) + 16


def _draw_panel(canvas: _Canvas, panel: ForestPanel, cols: _Columns, footer: list[str]) -> None:
    from matplotlib.patches import Circle, Polygon, Rectangle

    bold: dict[str, Any] = {"fontweight": "bold"}
    kind = f" ({panel.synthesis})" if panel.synthesis else ""
    canvas.text(MARGIN, 10, f"Outcome domain: {panel.title}{kind}", 10.0, ha="left", **bold)
    group_y, header_y = GROUP_Y, HEADER_Y
    for arm, spans in cols.arms:
        canvas.text((spans[0][0] + spans[-1][1]) / 2, group_y, arm, ha="center", **bold)
        canvas.line([spans[0][0], spans[-1][1]], [group_y + ROW / 2 - 2] * 2, color="black", linewidth=0.5)
        for (_, right), header in zip(spans, arm_headers(panel), strict=True):
            canvas.text(right, header_y, header, ha="right", **bold)
    for tool, centres in cols.rob:
        canvas.text((centres[0] + centres[-1]) / 2, group_y, TOOL_SHORT_LABELS[tool], ha="center", **bold)
        rule = [centres[0] - DOT_COLUMN / 2, centres[-1] + DOT_COLUMN / 2]
        canvas.line(rule, [group_y + ROW / 2 - 2] * 2, color="black", linewidth=0.5)
        first = next(r.appraisal for r in panel.rows if r.appraisal is not None and r.appraisal.tool == tool)
        for centre, heading in zip(centres, (*first.domains, first.overall), strict=True):
            canvas.text(centre, header_y, heading.header, 7.5, ha="center", **bold)
    canvas.text(cols.study, header_y, "Study", ha="left", **bold)
    if panel.pooled is not None:
        canvas.text(cols.weight, header_y, "Weight", ha="right", **bold)
    canvas.text(cols.estimate, header_y, panel.estimate_header, ha="right", **bold)
    middle = (cols.plot[0] + cols.plot[1]) / 2
    canvas.text(middle, group_y, panel.scale_name, ha="center", **bold)
    canvas.text(middle, header_y, "IV, random, 95% CI" if panel.pooled else "95% CI", ha="center", **bold)

    values = [v for r in panel.rows for v in (r.ci_low, r.ci_high)]
    if panel.pooled is not None:
        values += [panel.pooled.ci_low, panel.pooled.ci_high]
        if panel.has_prediction:
            values += [panel.pooled.pi_low, panel.pooled.pi_high]  # type: ignore[list-item]
    ticks = axis_ticks(values, panel.is_ratio)
    low, high = ticks[0], ticks[-1]

    def px(value: float) -> float:
        return cols.plot[0] + (value - low) / (high - low) * (cols.plot[1] - cols.plot[0])

    y = FIRST_ROW
    weights = [r.weight for r in panel.rows if r.weight is not None]
    heaviest = max(weights, default=0.0) or 1.0
    for row in panel.rows:
        canvas.text(cols.study, y, row.label, ha="left")
        for (_, spans), cells in zip(cols.arms, arm_cells(panel, row.arms), strict=False):
            for (_, right), value in zip(spans, cells, strict=True):
                canvas.text(right, y, value, ha="right")
        if panel.pooled is not None:
            canvas.text(cols.weight, y, weight_label(row.weight), ha="right")
        canvas.text(cols.estimate, y, interval_label(panel, row.estimate, row.ci_low, row.ci_high), ha="right")
        canvas.line([px(row.ci_low), px(row.ci_high)], [y, y], color="black", linewidth=1.0, zorder=2)
        side = 6.0 if row.weight is None else 3.5 + 8.5 * math.sqrt(row.weight / heaviest)
        canvas.ax.add_patch(Rectangle((px(row.estimate) - side / 2, canvas.top + y - side / 2), side, side,
                                      facecolor="#1f3b73", edgecolor="#1f3b73", zorder=3))
        _draw_rob(canvas, Circle, cols, row.appraisal, y)
        y += ROW
    plot_top = 20 + ROW * 2
    if panel.pooled is not None:
        pooled = panel.pooled
        canvas.line([MARGIN, cols.plot[1]], [y - ROW / 2 + 3] * 2, color="#999999", linewidth=0.5)
        y += 6
        canvas.text(cols.study, y, POOLED_LABEL, ha="left", **bold)
        totals = arm_totals(panel)
        for (_, spans), cells in zip(cols.arms, totals or (), strict=False):
            for (_, right), value in zip(spans, cells, strict=True):
                canvas.text(right, y, value, ha="right", **bold)
        canvas.text(cols.weight, y, "100.0%", ha="right", **bold)
        canvas.text(cols.estimate, y, interval_label(panel, pooled.estimate, pooled.ci_low, pooled.ci_high), ha="right", **bold)
        top = canvas.top + y
        canvas.ax.add_patch(Polygon([(px(pooled.ci_low), top), (px(pooled.estimate), top - 5), (px(pooled.ci_high), top),
                                     (px(pooled.estimate), top + 5)], closed=True, facecolor="black", zorder=3))
        if panel.has_prediction:
            assert pooled.pi_low is not None and pooled.pi_high is not None
            y += ROW
            canvas.text(cols.study, y, PI_LABEL, ha="left", color="#444444")
            canvas.text(cols.estimate, y, interval_label(panel, pooled.estimate, pooled.pi_low, pooled.pi_high).split(" ", 1)[1],
                        ha="right", color="#444444")
            canvas.line([px(pooled.pi_low), px(pooled.pi_high)], [y, y], color="#444444", linewidth=1.2)
            for end in (pooled.pi_low, pooled.pi_high):
                canvas.line([px(end)] * 2, [y - 4, y + 4], color="#444444", linewidth=1.2)
    axis_y = _axis_y(panel)
    canvas.line([px(0.0)] * 2, [plot_top, axis_y], color="#333333", linewidth=0.8,
                linestyle=(0, (4, 3)), zorder=1)
    canvas.line([px(low), px(high)], [axis_y, axis_y], color="black", linewidth=0.8)
    labels = [f"{math.exp(t):g}" for t in ticks] if panel.is_ratio else [tick_label(t, ticks) for t in ticks]
    for tick, tick_text in zip(ticks, labels, strict=True):
        canvas.line([px(tick)] * 2, [axis_y, axis_y + 4], color="black", linewidth=0.8)
        canvas.text(px(tick), axis_y + 11, tick_text, SMALL, ha="center")
    canvas.text(middle, axis_y + 24, panel.axis_label, SMALL, ha="center")
    left_words, right_words = panel.favours
    zero = px(0.0)
    canvas.text(zero - 6, axis_y + 37, left_words, SMALL, ha="right", fontstyle="italic")
    canvas.text(zero + 6, axis_y + 37, right_words, SMALL, ha="left", fontstyle="italic")
    for i, line in enumerate(footer):
        canvas.text(MARGIN, axis_y + FOOTER + 11 * i, line, SMALL, ha="left")


def _draw_rob(canvas: _Canvas, circle: Any, cols: _Columns, appraisal: AppraisalRow | None, y: float) -> None:
    if not cols.rob:
        return
    if appraisal is None:
        canvas.text(cols.rob[0][1][0] - DOT_COLUMN / 2, y, "not appraised", 7.5, ha="left", color="#555555")
        return
    centres = next(c for tool, c in cols.rob if tool == appraisal.tool)
    for centre, cell in zip(centres, (*appraisal.domains, appraisal.overall), strict=True):
        colour = _SYMBOL_COLOURS.get(cell.symbol, "#D9D9D9")
        canvas.ax.add_patch(circle((centre, canvas.top + y), 5.6, facecolor=colour, edgecolor="#333333", linewidth=0.5, zorder=3))
        canvas.text(centre, y + 0.5, cell.symbol, 7.0, ha="center", fontweight="bold", zorder=4,
                    color="black" if cell.symbol in ("!", "-", "+", "?") else "white")


def render(panels: Sequence[ForestPanel], plot_format: str, left_out: bool = True) -> bytes:
    """The forest plots of ``panels``, stacked in one figure, as ``plot_format`` bytes.

    ``left_out`` False leaves the list of studies not in a plot out of its footer, for a page
    that lists them as text beside the figure (the report: at 10,000 records the list is
    thousands of lines, which a figure neither shows readably nor draws quickly)."""
    check_format(plot_format)
    matplotlib = require_matplotlib()
    from matplotlib.figure import Figure

    layouts = [_columns(panel) for panel in panels]
    width = max(cols.width for cols in layouts)
    footers = [_footer(panel, width, left_out) for panel in panels]
    heights = [_panel_height(panel, footer) for panel, footer in zip(panels, footers, strict=True)]
    with matplotlib.rc_context(RC):
        total = sum(heights)
        fig = Figure(figsize=(width / 72, total / 72))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(total, 0)
        ax.axis("off")
        top = 0.0
        for panel, cols, footer, height in zip(panels, layouts, footers, heights, strict=True):
            _draw_panel(_Canvas(ax, top), panel, cols, footer)
            top += height
        return figure_bytes(fig, plot_format)

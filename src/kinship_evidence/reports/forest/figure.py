"""Forest plots drawn with matplotlib (the optional ``plots`` extra), as SVG, PNG or PDF bytes.

The standard is R metafor's ``forest()``: a header row (Study | weight | estimate [95% CI]), one
row per study with a square sized by its random-effects weight and its 95% CI whisker, the
weights in percent, ``estimate [low, high]`` labels, a vertical no-effect line, the pooled
diamond, the prediction interval when computed, and the heterogeneity and methods lines under
the axis. Ratio measures are drawn on a log axis labelled on the natural scale. A risk-of-bias
column (robvis-like traffic lights: a coloured disc with its text symbol, so it reads without
colour) shows each appraised study's domains and overall judgement.

matplotlib is imported inside :func:`render` only (Agg, no pyplot, no global state changed), so
no other command pays for it; output is deterministic (fixed font, SVG hash salt, no dates).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

from kinship_evidence.errors import UsageError
from kinship_evidence.reports.forest.rows import (
    ForestPanel,
    heterogeneity_line,
    interval_label,
    methods_line,
    weight_label,
)

PLOT_FORMATS = ("svg", "png", "pdf")
INSTALL_HINT = "install kinship-evidence[plots]"
_RC = {
    "font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "kinship-evidence",
    "svg.fonttype": "path", "pdf.fonttype": 42, "axes.unicode_minus": False,
}
_METADATA = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}, "png": {"Software": None}}
# robvis colours (McGuinness & Higgins 2021): low, some concerns, high, critical, no information
_SYMBOL_COLOURS = {"+": "#02C100", "!": "#E2DF07", "x": "#BF0000", "xx": "#820000", "?": "#4EA1F7", "-": "#D9D9D9"}
_TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 10, 20, 50, 100)
WIDTH_IN = 11.0
ROW_IN = 0.27
# columns, as fractions of the figure's width
STUDY_X, ROB_X0, ROB_DX, AXES_X0, AXES_X1, WEIGHT_X, LABEL_X = 0.02, 0.17, 0.021, 0.38, 0.70, 0.765, 0.985


class PlottingUnavailable(UsageError):
    """matplotlib (the ``plots`` extra) is not installed."""


def require_matplotlib() -> Any:
    """The matplotlib package; :class:`PlottingUnavailable` (a usage error) when it is missing."""
    try:
        import matplotlib
        from matplotlib.figure import Figure  # noqa: F401
    except ImportError as error:
        if getattr(error, "name", None) == "matplotlib":
            raise PlottingUnavailable(f"forest plots need matplotlib, which is not installed: {INSTALL_HINT}") from None
        raise _broken(error) from None
    except Exception as error:  # a broken install raises anything while it imports
        raise _broken(error) from None
    return matplotlib


def _broken(error: BaseException) -> PlottingUnavailable:
    """matplotlib is there but does not import (a half-installed or mismatched package): the user's to fix."""
    return PlottingUnavailable(
        f"forest plots need matplotlib, which is installed but fails to import "
        f"({error.__class__.__name__}: {error}); reinstall it: {INSTALL_HINT}"
    )


def _panel_rows(panel: ForestPanel) -> int:
    """Rows of the panel in row units: title, header, studies, gap, pooled, prediction, axis and footer."""
    return len(panel.rows) + 4 + (1 if panel.has_prediction else 0) + 4 + len(panel.notes) + (1 if panel.has_appraisals else 0)


def _limits(panel: ForestPanel) -> tuple[float, float]:
    pooled = panel.pooled
    values = [v for row in panel.rows for v in (row.ci_low, row.ci_high)] + [pooled.ci_low, pooled.ci_high, 0.0]
    if panel.has_prediction:
        values += [pooled.pi_low, pooled.pi_high]  # type: ignore[list-item]
    low, high = min(values), max(values)
    pad = 0.06 * ((high - low) or 1.0)
    return low - pad, high + pad


def _set_axis(ax: Any, panel: ForestPanel, low: float, high: float) -> None:
    if panel.is_ratio:
        ax.set_xscale("log")
        lo, hi = math.exp(low), math.exp(high)
        ticks = [t for t in _TICKS if lo <= t <= hi] or [1.0]
        if len(ticks) > 7:
            ticks = [t for t in ticks if t in (0.01, 0.1, 0.25, 0.5, 1, 2, 4, 10, 100)] or ticks[::2]
        ax.set_xlim(lo, hi)
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.minorticks_off()
    else:
        ax.set_xlim(low, high)
    ax.set_xlabel(panel.axis_label)


def _text(target: Any, x: float, y: float, text: str, transform: Any, **style: Any) -> None:
    target.text(x, y, text, transform=transform, parse_math=False, va="center", clip_on=False, **style)


def _draw_rob(fig: Any, ax: Any, panel: ForestPanel, row_y: Sequence[float], header_y: float, mixed: Any) -> None:
    width = max(len(row.appraisal.domains) for row in panel.rows if row.appraisal is not None)
    columns = [f"D{i}" for i in range(1, width + 1)] + ["Overall"]
    for i, header in enumerate(columns):
        _text(fig, _rob_x(i, width), header_y, header, mixed, ha="center", fontweight="bold", fontsize=7)
    for row, y in zip(panel.rows, row_y):
        if row.appraisal is None:
            _text(fig, ROB_X0, y, "not appraised", mixed, ha="left", fontsize=7, color="#555555")
            continue
        cells = [*((i, cell) for i, cell in enumerate(row.appraisal.domains)), (width, row.appraisal.overall)]
        for i, cell in cells:
            x = _rob_x(i, width)
            colour = _SYMBOL_COLOURS.get(cell.symbol, "#D9D9D9")
            fig.add_artist(_disc(x, y, colour, mixed))
            _text(fig, x, y, cell.symbol, mixed, ha="center", fontsize=7, fontweight="bold",
                  color="black" if cell.symbol in ("!", "-", "+") else "white")


def _rob_x(column: int, domains: int) -> float:
    """The centre of a risk-of-bias column; the overall column stands a little apart."""
    return ROB_X0 + column * ROB_DX + (0.012 if column == domains else 0.0)


def _disc(x: float, y: float, colour: str, transform: Any) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([x], [y], marker="o", markersize=10, color=colour, markeredgecolor="#333333",
                  markeredgewidth=0.5, transform=transform, clip_on=False)


def _rob_legend(panel: ForestPanel) -> str:
    appraised = [row.appraisal for row in panel.rows if row.appraisal is not None]
    parts = []
    for tool in dict.fromkeys(a.tool for a in appraised):
        first = next(a for a in appraised if a.tool == tool)
        domains = ", ".join(f"{cell.header} {cell.slug.replace('-', ' ')}" for cell in first.domains)
        symbols = "; ".join(dict.fromkeys(f"{c.symbol} {c.label.lower()}" for a in appraised if a.tool == tool for c in (*a.domains, a.overall)))
        parts.append(f"Risk of bias, {first.tool_label}: {domains}{'. ' if domains else ''}{symbols}")
    return " | ".join(parts)


def _draw_panel(fig: Any, ax: Any, panel: ForestPanel) -> None:
    from matplotlib.patches import Polygon
    from matplotlib.transforms import blended_transform_factory, offset_copy

    mixed = blended_transform_factory(fig.transFigure, ax.transData)
    n = len(panel.rows)
    header_y = n + 1.0
    row_y = [float(n - i) for i in range(n)]
    pooled_y = -0.5
    pi_y = -1.5
    low, high = _limits(panel)
    nat = panel.natural
    ax.set_ylim(pi_y - 0.8 if panel.has_prediction else pooled_y - 0.8, header_y + 0.6)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    _set_axis(ax, panel, low, high)
    ax.axvline(panel.null, color="#333333", linewidth=0.9, linestyle=(0, (4, 3)), zorder=1)
    ax.set_title(f"Outcome domain: {panel.title}", loc="left", x=STUDY_X / (AXES_X1 - AXES_X0) * 0 - (AXES_X0 - STUDY_X) / (AXES_X1 - AXES_X0),
                 fontweight="bold", fontsize=10, pad=4)
    bold = {"fontweight": "bold"}
    _text(fig, STUDY_X, header_y, "Study", mixed, ha="left", **bold)
    _text(fig, WEIGHT_X, header_y, "Weight", mixed, ha="right", **bold)
    _text(fig, LABEL_X, header_y, "Estimate [95% CI]", mixed, ha="right", **bold)
    heaviest = max(row.weight for row in panel.rows) or 1.0
    for row, y in zip(panel.rows, row_y):
        ax.plot([nat(row.ci_low), nat(row.ci_high)], [y, y], color="black", linewidth=1.0, zorder=2)
        side = 4 + 9 * math.sqrt(row.weight / heaviest)  # area proportional to weight
        ax.plot([nat(row.estimate)], [y], marker="s", markersize=side, color="black", zorder=3)
        _text(fig, STUDY_X, y, row.label, mixed, ha="left")
        _text(fig, WEIGHT_X, y, weight_label(row.weight), mixed, ha="right")
        _text(fig, LABEL_X, y, interval_label(panel, row.estimate, row.ci_low, row.ci_high), mixed, ha="right")
    if panel.has_appraisals:
        _draw_rob(fig, ax, panel, row_y, header_y, mixed)
    pooled = panel.pooled
    diamond = [(nat(pooled.ci_low), pooled_y), (nat(pooled.estimate), pooled_y + 0.35),
               (nat(pooled.ci_high), pooled_y), (nat(pooled.estimate), pooled_y - 0.35)]
    ax.add_patch(Polygon(diamond, closed=True, facecolor="black", edgecolor="black", zorder=3))
    ax.axhline(0.25, color="black", linewidth=0.6)
    _text(fig, STUDY_X, pooled_y, "Random-effects model", mixed, ha="left", **bold)
    _text(fig, WEIGHT_X, pooled_y, "100%", mixed, ha="right", **bold)
    _text(fig, LABEL_X, pooled_y, interval_label(panel, pooled.estimate, pooled.ci_low, pooled.ci_high), mixed, ha="right", **bold)
    if panel.has_prediction:
        assert pooled.pi_low is not None and pooled.pi_high is not None
        ax.errorbar([nat(pooled.estimate)], [pi_y], xerr=[[nat(pooled.estimate) - nat(pooled.pi_low)], [nat(pooled.pi_high) - nat(pooled.estimate)]],
                    fmt="none", ecolor="#444444", elinewidth=1.2, capsize=4)
        _text(fig, STUDY_X, pi_y, "95% prediction interval", mixed, ha="left", color="#444444")
        _text(fig, LABEL_X, pi_y, interval_label(panel, pooled.estimate, pooled.pi_low, pooled.pi_high).split(" ", 1)[1], mixed, ha="right", color="#444444")
    footer = [heterogeneity_line(pooled), methods_line(pooled), *panel.notes]
    if panel.has_appraisals:
        footer.append(_rob_legend(panel))
    base = blended_transform_factory(fig.transFigure, ax.transAxes)
    for i, line in enumerate(footer):
        _text(fig, STUDY_X, 0.0, line, offset_copy(base, fig=fig, y=-36 - 13 * i, units="points"), ha="left", fontsize=8)


def render(panels: Sequence[ForestPanel], plot_format: str) -> bytes:
    """The forest plots of ``panels``, one panel each, stacked in one figure, as ``plot_format`` bytes."""
    if plot_format not in PLOT_FORMATS:
        raise ValueError(f"unknown plot format {plot_format!r}")
    matplotlib = require_matplotlib()
    from matplotlib.figure import Figure

    units = [_panel_rows(panel) for panel in panels]
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(WIDTH_IN, ROW_IN * sum(units) + 0.2))
        total = sum(units)
        top = 1.0
        for panel, size in zip(panels, units):
            # the axes covers header to prediction row; title above, axis and footer below
            above, below = 1.2, 3.3 + len(panel.notes) + (1 if panel.has_appraisals else 0)
            height = (size - above - below) / total
            bottom = top - (above / total) - height
            ax = fig.add_axes((AXES_X0, bottom, AXES_X1 - AXES_X0, height))
            _draw_panel(fig, ax, panel)
            top -= size / total
        buffer = io.BytesIO()
        fig.savefig(buffer, format=plot_format, metadata=_METADATA[plot_format], dpi=150)
    return buffer.getvalue()

"""Funnel plots of pooled outcome domains (matplotlib, the ``plots`` extra), as R metafor's ``funnel()``.

As ``funnel(rma(yi, vi))`` with its defaults (metafor 3.8, ``funnel.rma``): each pooled study's
effect on the analysis scale (log for ratios) on x against its standard error on y, the axis
inverted (0 at the top, ``ylim = c(max(sei), 0)``, 5 ticks); a dotted reference line at the
pooled random-effects estimate (``refline = x$beta``); the 95% pseudo-confidence region
``refline -/+ qnorm(0.975) * se`` as a white triangle on a light grey background
(``addtau2 = FALSE``); x limits ``min(x.lb.bot, yi)`` to ``max(x.ub.bot, yi)`` widened by 10% of
their range either side. Checked against metafor in ``tests/reports/forest/reference``.

A funnel plot is drawn only for a domain with at least :data:`MIN_STUDIES` pooled studies: with
fewer, the plot and the tests of its asymmetry cannot tell chance from small-study effects
(Sterne et al. 2011, BMJ 343:d4002, recommendation 1; Cochrane Handbook, 2024, section
13.3.5.4). Under the plot: Egger's regression test when a result is given (``EggerResult`` or
a mapping with ``t``, ``df`` and ``p``; the statistics live in ``stats``, not here).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from kinship_evidence.frozen import frozen
from kinship_evidence.rating.results import DomainRating, RatingReport, RecommendationRating
from kinship_evidence.reports.forest.drawing import RC, check_format, figure_bytes, require_matplotlib, wrap_to
from kinship_evidence.reports.forest.rows import p_label
from kinship_evidence.reports.text.natural_scale import RATIO_SCALES, SCALE_NAMES

MIN_STUDIES = 10
Z975 = 1.959963984540054  # qnorm(0.975)
AXIS_NAMES = {"log-odds-ratio": "Log odds ratio", "log-risk-ratio": "Log risk ratio"}


@frozen(slots=True)
class EggerResult:
    """Egger's regression test as the funnel plot prints it (computed elsewhere)."""

    t: float
    df: int
    p: float


Egger = EggerResult | Mapping[str, float]


def egger_line(egger: Egger) -> str:
    """``Egger's test: t = 2.31, df = 11, p = 0.041``."""
    values = egger if isinstance(egger, Mapping) else {"t": egger.t, "df": egger.df, "p": egger.p}
    return f"Egger's test: t = {values['t']:.2f}, df = {int(values['df'])}, {p_label(values['p'])}"


@frozen(slots=True)
class FunnelPanel:
    title: str
    scale: str  # the analysis scale; x is on it (log for ratios)
    points: tuple[tuple[str, float, float], ...]  # (study, effect, standard error)
    refline: float  # the pooled random-effects estimate
    egger: Egger | None = None

    @property
    def k(self) -> int:
        return len(self.points)

    @property
    def se_max(self) -> float:
        return max(se for _, _, se in self.points)

    @property
    def region(self) -> tuple[float, float]:
        """The pseudo-confidence region's bottom corners: ``refline -/+ 1.96 * max(se)`` (metafor x.lb.bot, x.ub.bot)."""
        return self.refline - Z975 * self.se_max, self.refline + Z975 * self.se_max

    @property
    def xlim(self) -> tuple[float, float]:
        low = min(self.region[0], *(y for _, y, _ in self.points))
        high = max(self.region[1], *(y for _, y, _ in self.points))
        return low - 0.1 * (high - low), high + 0.1 * (high - low)

    @property
    def axis_label(self) -> str:
        return AXIS_NAMES.get(self.scale) or SCALE_NAMES.get(self.scale, self.scale)


def funnel_panel(domain: DomainRating, title: str | None = None, egger: Egger | None = None) -> FunnelPanel | None:
    """The funnel of a domain pooled by meta-analysis (any k); None when it was not pooled."""
    meta = domain.synthesis.meta
    if meta is None or meta.result is None:
        return None
    points = tuple((s.study_id, s.effect.estimate, s.effect.se) for s in meta.studies)
    if egger is None and len(points) >= MIN_STUDIES:  # Egger's test on the very points drawn
        egger = _egger_of(points)
    return FunnelPanel(title or domain.domain, meta.scale, points, meta.result.estimate, egger)


def _egger_of(points: tuple[tuple[str, float, float], ...]) -> Egger | None:
    """Classical Egger test (metafor ``regtest(..., model="lm", predictor="sei")``) of the points."""
    from kinship_evidence.stats.errors import StatsError
    from kinship_evidence.stats.publication_bias import egger_test

    try:
        found = egger_test([y for _, y, _ in points], [se * se for _, _, se in points])
    except (StatsError, ValueError, ZeroDivisionError):
        return None
    return EggerResult(found.t, found.df, found.p)


def recommendation_funnels(rating: RecommendationRating, framework_label: str = "") -> tuple[list[FunnelPanel], list[str]]:
    """The funnels of ``rating``'s domains with k >= MIN_STUDIES, and why each other domain has none."""
    suffix = f" ({framework_label})" if framework_label else ""
    drawn, skipped = [], []
    for domain in rating.domains:
        panel = funnel_panel(domain, f"{domain.domain}{suffix}")
        if panel is None:
            skipped.append(f"{domain.domain}{suffix}: not pooled by meta-analysis")
        elif panel.k < MIN_STUDIES:
            skipped.append(f"{domain.domain}{suffix}: {panel.k} pooled studies, fewer than {MIN_STUDIES}")
        else:
            drawn.append(panel)
    return drawn, skipped


def funnel_panels(explained: Sequence[tuple[RatingReport, RecommendationRating]]) -> tuple[list[FunnelPanel], list[str]]:
    """The funnels of ``explain``'s result, per framework rated, and why each other domain has none."""
    several = len(explained) > 1
    drawn, skipped = [], []
    for report, rating in explained:
        panels, reasons = recommendation_funnels(rating, report.framework.id if several else "")
        drawn += panels
        skipped += reasons
    return drawn, skipped


def _caption(panel: FunnelPanel) -> list[str]:
    ratio = f" ({RATIO_SCALES[panel.scale].lower()} {math.exp(panel.refline):.2f})" if panel.scale in RATIO_SCALES else ""
    lines = [
        f"k = {panel.k} studies. Dotted line: the pooled random-effects estimate, {panel.refline:.3f}{ratio}. "
        "White: the 95% pseudo-confidence region, estimate ± 1.96 × SE.",
    ]
    if panel.egger is not None:
        lines.append(egger_line(panel.egger))
    return lines


PANEL_W, PANEL_H, CAPTION_IN = 6.4, 4.2, 0.2  # inches


def _wrapped_caption(panel: FunnelPanel) -> list[str]:
    return [line for text in _caption(panel) for line in wrap_to(text, 0.9 * PANEL_W * 72, 8.0)]


def _draw(fig: Any, panel: FunnelPanel, caption: list[str], bottom: float, height: float, total: float) -> None:
    from matplotlib.patches import Polygon

    axes_bottom = bottom + (0.7 + CAPTION_IN * len(caption)) / total
    axes_top = bottom + height - 0.45 / total
    ax = fig.add_axes((0.13, axes_bottom, 0.82, axes_top - axes_bottom))
    low, high = panel.xlim
    se_max = panel.se_max
    ax.set_facecolor("#D3D3D3")  # metafor back = "lightgray"
    ax.set_xlim(low, high)
    ax.set_ylim(se_max, 0)
    ticks = [se_max * i / 4 for i in range(5)]
    ax.set_yticks(ticks, [f"{t:.3f}" for t in ticks])
    for tick in ticks:
        ax.axhline(tick, color="white", linewidth=0.8, zorder=1)  # metafor hlines = "white"
    left, right = panel.region
    ax.add_patch(Polygon([(left, se_max), (panel.refline, 0), (right, se_max)], closed=True, facecolor="white",
                         edgecolor="#888888", linewidth=0.6, zorder=2))
    ax.axvline(panel.refline, color="black", linestyle=(0, (1, 2)), linewidth=1.0, zorder=3)
    ax.plot([y for _, y, _ in panel.points], [se for _, _, se in panel.points], "o", color="black", markersize=5, zorder=4,
            clip_on=False)  # a study at the largest SE sits on the axis: drawn whole, not halved
    ax.set_xlabel(panel.axis_label)
    ax.set_ylabel("Standard error")
    ax.set_title(f"Funnel plot: {panel.title}", loc="left", fontweight="bold", fontsize=10)
    for i, line in enumerate(caption):
        fig.text(0.02, bottom + (CAPTION_IN * (len(caption) - i) + 0.05) / total, line, fontsize=8, parse_math=False)


def render_funnel(panels: Sequence[FunnelPanel], plot_format: str) -> bytes:
    """The funnel plots of ``panels``, stacked in one figure, as ``plot_format`` bytes."""
    check_format(plot_format)
    matplotlib = require_matplotlib()
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        captions = [_wrapped_caption(panel) for panel in panels]
        heights = [PANEL_H + CAPTION_IN * len(caption) for caption in captions]
        total = sum(heights)
        fig = Figure(figsize=(PANEL_W, total))
        top = total
        for panel, caption, height in zip(panels, captions, heights, strict=True):
            top -= height
            _draw(fig, panel, caption, top / total, height / total, total)
        return figure_bytes(fig, plot_format)

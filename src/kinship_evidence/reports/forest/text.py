"""A text forest plot like metafor's ``forest()``, fitted to a width.

Rows: a header (Study, Weight, Estimate [95% CI]); one row a study with its random-effects
weight, a square at the estimate and whiskers to its 95% CI; the pooled diamond; the 95%
prediction interval when computed; an axis with tick labels. Ratio measures are drawn on a
log axis and labelled on the natural scale (OR, RR). The no-effect line is drawn over
whiskers and the diamond, so it shows in every row. Under the plot: heterogeneity (tau^2,
I^2, Q, df, p), the methods used and the estimator's notes.
"""

from __future__ import annotations

import math

from kinship_evidence.rating.synthesis import MetaAnalysis
from kinship_evidence.reports.text.escaping import prose
from kinship_evidence.reports.text.natural_scale import interval_text, is_log, label, natural
from kinship_evidence.reports.text.symbols import symbol
from kinship_evidence.reports.text.wrapping import wrap

MIN_PLOT = 20
NO_EFFECT = "|"
DIGITS = 3
POOLED_LABEL = "RE model"
PI_LABEL = "95% PI"
_LOG_TICK_SETS = (  # natural-scale ticks of a log axis, densest first; the first that fits is used
    (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000),
    (0.001, 0.01, 0.1, 0.5, 1, 2, 10, 100, 1000),
    (0.001, 0.01, 0.1, 1, 10, 100, 1000),
    (0.01, 1, 100),
    (0.001, 1, 1000),
)


def _nice_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))


def _ticks(scale: str, low: float, high: float, plot: int) -> list[float]:
    """Tick positions on the analysis scale (log for ratios), about one every 10 columns."""
    count = max(2, plot // 10)
    if is_log(scale):
        candidates = ([math.log(t) for t in ticks if low <= math.log(t) <= high] for ticks in _LOG_TICK_SETS)
        fitting = [ticks for ticks in candidates if len(ticks) <= count + 1]
        return fitting[0] if fitting and fitting[0] else [0.0]
    step = _nice_step(high - low, count)
    first = math.ceil(low / step - 1e-9)
    return [n * step for n in range(first, math.floor(high / step + 1e-9) + 1)]


def _tick_label(scale: str, value: float) -> str:
    return f"{natural(scale, value):.3g}"


class _Axis:
    def __init__(self, low: float, high: float, plot: int) -> None:
        self.low, self.span, self.plot = low, (high - low) or 1.0, plot

    def column(self, value: float) -> int:
        return min(self.plot - 1, max(0, round((value - self.low) / self.span * (self.plot - 1))))


def _row(axis: _Axis, low: float, high: float, mark_at: float | None, ends: str, fill: str, mark: str) -> str:
    cells = [" "] * axis.plot
    start, end = axis.column(low), axis.column(high)
    for i in range(start, end + 1):
        cells[i] = fill
    cells[start], cells[end] = ends[0], ends[1]
    zero = axis.column(0.0)
    cells[zero] = NO_EFFECT
    if mark_at is not None:
        cells[axis.column(mark_at)] = mark
    return "".join(cells)


def _axis_lines(scale: str, axis: _Axis) -> tuple[str, str]:
    line = ["-"] * axis.plot
    labels = [" "] * (axis.plot + 8)
    free_from = 0
    for tick in _ticks(scale, axis.low, axis.low + axis.span, axis.plot):
        column = axis.column(tick)
        text = _tick_label(scale, tick)
        start = max(0, column - len(text) // 2)
        if start >= free_from and start + len(text) <= len(labels):  # a tick only where its label fits
            line[column] = "+"
            labels[start : start + len(text)] = list(text)
            free_from = start + len(text) + 1
    return "".join(line), "".join(labels).rstrip()


def forest_lines(meta: MetaAnalysis, width: int) -> list[str]:
    """The forest plot of a meta-analysis, no line wider than ``width`` (empty when pooling failed)."""
    result = meta.result
    if result is None:
        return []
    scale = meta.scale
    rows = [
        (s.study_id, f"{w * 100:.1f}%", s.effect.estimate, s.effect.ci_low, s.effect.ci_high)
        for s, w in zip(meta.studies, result.weights)
    ]
    estimates = [interval_text(scale, e, lo, hi, DIGITS) for _, _, e, lo, hi in rows]
    pooled_text = interval_text(scale, result.estimate, result.ci_low, result.ci_high, DIGITS)
    has_pi = result.pi_low is not None and result.pi_high is not None
    pi_text = f"[{natural(scale, result.pi_low):.{DIGITS}f}, {natural(scale, result.pi_high):.{DIGITS}f}]" if has_pi else ""  # type: ignore[arg-type]
    est_width = max(len("Estimate [95% CI]"), *(len(t) for t in [*estimates, pooled_text, pi_text]))
    names = [r[0] for r in rows] + ["Study", POOLED_LABEL] + ([PI_LABEL] if has_pi else [])
    name_width = max(len(n) for n in names)
    weight_width = len("Weight")
    inline = width - (2 + name_width + 2 + weight_width + 2 + 2 + est_width)
    stacked = inline < MIN_PLOT
    plot = max(MIN_PLOT, width - (4 + weight_width + 2 + 2 + est_width)) if stacked else inline
    limits = [r[3] for r in rows] + [r[4] for r in rows] + [result.ci_low, result.ci_high, 0.0]
    if has_pi:
        limits += [result.pi_low, result.pi_high]  # type: ignore[list-item]
    axis = _Axis(min(limits), max(limits), plot)

    def line(name: str, weight: str, drawn: str, numbers: str) -> list[str]:
        tail = f"{weight:>{weight_width}}  {drawn}  {numbers:<{est_width}}".rstrip()
        if stacked:
            return ([f"  {name}"] if name else []) + [f"    {tail}"]
        return [f"  {name:<{name_width}}  {tail}".rstrip()]

    square, diamond = symbol("square"), symbol("pooled")
    lines = line("Study", "Weight", " " * plot, "Estimate [95% CI]")
    for (name, weight, estimate, low, high), numbers in zip(rows, estimates):
        lines += line(name, weight, _row(axis, low, high, estimate, "[]", "-", square), numbers)
    lines += line(POOLED_LABEL, "100.0%", _row(axis, result.ci_low, result.ci_high, result.estimate, "<>", "=", diamond), pooled_text)
    if has_pi:
        lines += line(PI_LABEL, "", _row(axis, result.pi_low, result.pi_high, None, "()", ".", ""), pi_text)  # type: ignore[arg-type]
    axis_line, tick_labels = _axis_lines(scale, axis)
    lines += line("", "", axis_line, "")
    pad = " " * ((4 if stacked else 2 + name_width + 2) + weight_width + 2)
    lines.append((pad + tick_labels)[:width].rstrip())
    return lines + _caption(meta, width)


def _caption(meta: MetaAnalysis, width: int) -> list[str]:
    result = meta.result
    assert result is not None
    axis = "log axis, " if is_log(meta.scale) else ""
    words = [f"{label(meta.scale)} ({axis}no effect at {NO_EFFECT}; {meta.favourable} is better)"]
    reexpressed = [s.study_id for s in meta.studies if s.flipped or s.converted]
    if reexpressed:
        words[0] += f"; re-expressed: {', '.join(reexpressed)}"
    heterogeneity = f"Heterogeneity: tau^2 = {result.tau2:.4f}, I^2 = {result.i2 * 100:.1f}%, Q = {result.q:.2f}, df = {result.df}"
    if result.q_p is not None:
        heterogeneity += f", p = {result.q_p:.3g}"
    if len(result.likelihood_maxima) > 1:
        heterogeneity += f"; REML: the global one of {len(result.likelihood_maxima)} likelihood maxima"
    words += [heterogeneity, f"Methods: {result.methods.describe()}"]
    words += [f"note: {prose(note)}" for note in result.notes]
    return [line for text in words for line in wrap(text, width, "  ", "    ")]

"""The effect axis of a forest plot: ticks that cover every interval drawn, and their labels.

The axis runs from the first tick to the last, and the first tick is at or below the lowest
limit drawn (study CIs, the pooled CI, the prediction interval, no effect), the last at or above
the highest: no whisker runs past the axis and every interval can be read against a tick.
A ratio axis is logarithmic with RevMan-like ticks on the natural scale (0.5, 0.7, 1, 1.5, 2;
0.1, 0.2, 0.5, 1, 2, 5, 10; decades); a difference axis has 1-2-2.5-5 steps. Pure functions,
no matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

MAX_TICKS = 7
# natural-scale ticks of a log axis, finest first: the first ladder that covers the limits with
# at most MAX_TICKS ticks is used
_LOG_LADDERS: tuple[tuple[float, ...], ...] = (
    (0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3, 5),
    (0.1, 0.2, 0.5, 1, 2, 5, 10),
    (0.01, 0.05, 0.2, 1, 5, 20, 100),
    (0.01, 0.1, 1, 10, 100),
)


def _covering(ladder: Sequence[float], low: float, high: float) -> list[float] | None:
    """The ticks of ``ladder`` from the last at or below ``low`` to the first at or above ``high``."""
    below = [i for i, tick in enumerate(ladder) if tick <= low * (1 + 1e-9)]
    above = [i for i, tick in enumerate(ladder) if tick >= high * (1 - 1e-9)]
    if not below or not above:
        return None
    return list(ladder[below[-1] : above[0] + 1])


def log_ticks(low: float, high: float) -> list[float]:
    """Natural-scale ticks of a ratio axis covering ``[low, high]`` (natural scale, both > 0)."""
    for ladder in _LOG_LADDERS:
        ticks = _covering(ladder, low, high)
        if ticks is not None and len(ticks) <= MAX_TICKS:
            return ticks
    first, last = math.floor(math.log10(low) + 1e-9), math.ceil(math.log10(high) - 1e-9)
    step = 1 if last - first <= MAX_TICKS + 1 else math.ceil((last - first) / (MAX_TICKS - 1))
    first, last = step * math.floor(first / step), step * math.ceil(last / step)  # multiples of step: 1 stays a tick
    return [10.0**power for power in range(first, last + 1, step)]


def nice_step(span: float, count: int = 5) -> float:
    """A 1, 2, 2.5 or 5 times a power of ten at least ``span / count``."""
    raw = (span or 1.0) / count
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9)))


def linear_ticks(low: float, high: float) -> list[float]:
    """Ticks of a difference axis covering ``[low, high]``, at most MAX_TICKS of them."""
    count = 5
    while True:
        step = nice_step(high - low, count)
        first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
        if last - first + 1 <= MAX_TICKS or count == 1:
            decimals = max(0, 2 - math.floor(math.log10(step)))
            return [round(n * step, decimals) + 0.0 for n in range(first, last + 1)]
        count -= 1


def tick_label(value: float, ticks: Sequence[float]) -> str:
    """A tick's label with as many decimals as the finest tick needs (``0.25``, ``-0.5``, ``2``)."""
    decimals = 0
    for tick in ticks:
        while decimals < 6 and abs(round(tick, decimals) - tick) > 1e-9 * max(1.0, abs(tick)):
            decimals += 1
    return f"{value:.{decimals}f}" if decimals else f"{value:.0f}"


MAX_LOG = 700.0  # exp(700) is about 1e304, near the largest float


def axis_ticks(values: Sequence[float], is_ratio: bool) -> list[float]:
    """The ticks, on the analysis scale (log for ratios), of an axis that covers ``values`` and no effect."""
    low, high = min(*values, 0.0), max(*values, 0.0)
    if is_ratio:
        # a log limit past floating point's range (an interval of about +-1e308) ends the axis there
        low, high = max(low, -MAX_LOG), min(high, MAX_LOG)
        return [math.log(tick) for tick in log_ticks(math.exp(low), math.exp(high))]
    if high - low <= 1e-9 * max(1.0, abs(low), abs(high)):  # one value at no effect: a unit either side
        low, high = low - 1.0, high + 1.0
    return linear_ticks(low, high)

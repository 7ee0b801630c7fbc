"""Effects for people: ratio measures back on their natural scale (exp of the log), labelled.

The one natural-scale formatter of every human format (rate, explain, forest plots, report).

The analysis scale of an odds or risk ratio is the natural log; a reader expects OR 1.25, not
0.223. SMD, MD and RD are shown as they are.
"""

from __future__ import annotations

from kinship_evidence.stats.measures import natural_value

LABELS: dict[str, str] = {
    "log-odds-ratio": "OR",
    "log-risk-ratio": "RR",
    "smd": "SMD",
    "mean-difference": "MD",
    "risk-difference": "RD",
}
LOG_SCALES = frozenset({"log-odds-ratio", "log-risk-ratio"})
#: Full names, for axis labels and the report: ratio scales (shown exponentiated) and the others.
RATIO_SCALES: dict[str, str] = {"log-odds-ratio": "Odds ratio", "log-risk-ratio": "Risk ratio"}
SCALE_NAMES: dict[str, str] = {
    "risk-difference": "Risk difference", "smd": "Standardised mean difference", "mean-difference": "Mean difference",
}


def is_log(scale: str) -> bool:
    """Whether ``scale`` is a log ratio (shown exponentiated, on a log axis)."""
    return scale in LOG_SCALES


def natural(scale: str, value: float) -> float:
    """``value`` on the scale a reader knows: exp for log ratios."""
    return natural_value(scale, value)


def label(scale: str) -> str:
    """``OR``, ``RR``, ``SMD``, ``MD`` or ``RD`` (the scale's own name otherwise)."""
    return LABELS.get(scale, scale)


def name(scale: str) -> str:
    """``Odds ratio``, ``Standardised mean difference``, ...: the scale's full name."""
    return RATIO_SCALES.get(scale) or SCALE_NAMES.get(scale, scale)


def number(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def interval_text(scale: str, estimate: float, low: float, high: float, digits: int = 2) -> str:
    """``0.40 [0.20, 0.60]`` on the natural scale, without the label."""
    values = [number(natural(scale, v), digits) for v in (estimate, low, high)]
    return f"{values[0]} [{values[1]}, {values[2]}]"


def effect_text(scale: str, estimate: float, low: float, high: float, digits: int = 2) -> str:
    """``OR 1.25 [0.90, 1.74]``: the label, then the estimate and its 95% CI on the natural scale."""
    return f"{label(scale)} {interval_text(scale, estimate, low, high, digits)}"

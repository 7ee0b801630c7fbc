"""The effect measures and their analysis scales, and the effect-size value every function returns.

Ratio measures (odds ratio, risk ratio) are held on the natural-log scale, so that they can be
pooled by inverse-variance meta-analysis; the other three measures are their own scale.
"""

from __future__ import annotations

import math

from kinship_evidence.frozen import frozen
from kinship_evidence.stats.errors import EffectError

#: The 97.5% quantile of the standard normal distribution (two-sided 95% Wald).
Z95 = 1.959963984540054

#: Analysis scales. Ratio measures live on the natural-log scale.
SCALES = ("log-odds-ratio", "log-risk-ratio", "risk-difference", "smd", "mean-difference")

#: The effect measures a study record can give, defined once (the data format's ``measure``).
MEASURES = ("odds-ratio", "risk-ratio", "risk-difference", "smd", "mean-difference")
#: Measures computed from 2x2 counts, from group summaries, and those on a ratio (log) scale.
COUNT_MEASURES = ("odds-ratio", "risk-ratio", "risk-difference")
GROUP_MEASURES = ("smd", "mean-difference")
RATIO_MEASURES = ("odds-ratio", "risk-ratio")

SCALE_OF_MEASURE = dict(zip(MEASURES, SCALES))


@frozen(slots=True)
class EffectSize:
    """An effect estimate and its sampling variance on an analysis scale.

    ``scale`` is one of :data:`SCALES`; ratio measures are on the log scale.
    The confidence limits are Wald 95% limits, ``estimate -/+ Z95 * se``.
    """

    scale: str
    estimate: float
    variance: float
    #: 0.5 was added to every cell of the 2x2 table, which had a zero cell (metafor ``escalc``)
    continuity_corrected: bool = False

    def __post_init__(self) -> None:
        if self.scale not in SCALES:
            raise EffectError(f"unknown effect scale {self.scale!r}; expected one of {SCALES}")
        if not math.isfinite(self.estimate):
            raise EffectError(f"effect estimate must be finite, got {self.estimate!r}")
        if self.variance == 0:
            raise EffectError(
                "sampling variance is 0: the standard error is too small for floating point "
                "(its square underflows) or zero; it must be > 0"
            )
        if not (math.isfinite(self.variance) and self.variance > 0):
            raise EffectError(f"sampling variance must be finite and > 0, got {self.variance!r}")

    @property
    def se(self) -> float:
        """Standard error, the square root of the sampling variance."""
        return math.sqrt(self.variance)

    @property
    def ci_low(self) -> float:
        """Lower limit of the Wald 95% confidence interval (analysis scale)."""
        return self.estimate - Z95 * self.se

    @property
    def ci_high(self) -> float:
        """Upper limit of the Wald 95% confidence interval (analysis scale)."""
        return self.estimate + Z95 * self.se


def scale_of(measure: str) -> str:
    """Return the analysis scale of a data measure.

    ``'odds-ratio'`` -> ``'log-odds-ratio'``, ``'risk-ratio'`` -> ``'log-risk-ratio'``;
    ``'risk-difference'``, ``'smd'`` and ``'mean-difference'`` map to themselves.
    """
    try:
        return SCALE_OF_MEASURE[measure]
    except (KeyError, TypeError):
        raise EffectError(
            f"unknown measure {measure!r}; expected one of {tuple(SCALE_OF_MEASURE)}"
        ) from None


#: The log-ratio scales, shown exponentiated (on their natural scale) to a reader.
LOG_SCALES = ("log-odds-ratio", "log-risk-ratio")


def natural_value(scale: str, value: float) -> float:
    """``value`` on the scale a reader knows: exp for a log ratio (inf past floating point's range,
    never an OverflowError), the value itself otherwise."""
    if scale not in LOG_SCALES:
        return value
    try:
        return math.exp(value)
    except OverflowError:
        return math.inf

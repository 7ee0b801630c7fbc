"""Effect sizes, and their sampling variances, from the forms evidence is reported in.

Every function here is pure and returns an :class:`EffectSize`: an estimate and
its sampling variance on an *analysis scale*. Ratio measures (odds ratio, risk
ratio) are always held on the natural-log scale, so that they can be pooled by
inverse-variance meta-analysis (see :mod:`kinship_evidence.stats.meta_analysis`).

The formulas follow R's metafor package, function ``escalc()`` (Viechtbauer,
2010, *J. Stat. Softw.* 36(3); source file ``R/escalc.r`` in
github.com/wviechtb/metafor), with its defaults ``add=1/2, to="only0",
vtype="LS"``:

* 2x2 counts (:func:`from_counts`), with cells a = events and b = non-events in
  the treatment arm, c = events and d = non-events in the control arm. When any
  one of the four cells is zero, 0.5 is added to all four cells of that study
  (``to="only0"``); otherwise the counts are used as they are. The result says
  so (``EffectSize.continuity_corrected``), and ``explain`` shows it.

  - log odds ratio: ``ln(a*d / (b*c))``, variance ``1/a + 1/b + 1/c + 1/d``;
  - log risk ratio: ``ln(a/n1) - ln(c/n2)``, variance ``1/a - 1/n1 + 1/c - 1/n2``;
  - risk difference: ``a/n1 - c/n2``, variance
    ``p1(1-p1)/n1 + p2(1-p2)/n2`` (``vtype="LS"``).

  For the risk difference metafor applies the same ``only0`` correction as for
  the ratio measures (``escalc`` computes ``yi`` and ``vi`` from the adjusted
  counts because ``addyi``/``addvi`` default to ``TRUE``), and so does this
  module: with a zero cell the proportions are (a+0.5)/(n1+1) and (c+0.5)/(n2+1).
  Without that adjustment a study with 0 (or all) events in both arms would
  have a sampling variance of exactly zero.

  Where a ratio is undefined, a study with no events in either arm, or with
  every participant having the event in both arms (the studies metafor's
  ``drop00=TRUE`` would drop), an :class:`EffectError` is raised so that the
  caller can report the study rather than pool a made-up value. This differs
  from ``escalc``'s own default (``drop00=FALSE``), which would add 0.5 and
  return log ratio 0. The risk difference of such a study is well defined
  (0), so it is returned.

* group summaries (:func:`from_groups`):

  - ``"smd"``: Hedges' g, ``g = c(m) * (mean_t - mean_c) / s_pooled`` with
    ``s_pooled = sqrt(((n_t-1) sd_t^2 + (n_c-1) sd_c^2) / m)``, ``m = n_t + n_c - 2``,
    and the exact bias correction ``c(m) = gamma(m/2) / (sqrt(m/2) gamma((m-1)/2))``
    (Hedges, 1981); variance ``1/n_t + 1/n_c + g^2 / (2 (n_t + n_c))``
    (metafor ``measure="SMD"``, ``vtype="LS"``);
  - ``"mean-difference"``: ``mean_t - mean_c``, variance
    ``sd_t^2/n_t + sd_c^2/n_c`` (metafor ``measure="MD"``).

* reported estimates with a standard error or a 95% confidence interval
  (:func:`from_estimate_se`, :func:`from_estimate_ci`); ratio estimates and
  their limits are given on the natural scale and are logged here.

* Errors: every function raises :class:`~kinship_evidence.stats.errors.EffectError`
  (a ``StatsError`` and a ``ValueError``) with a plain-words message when the
  effect cannot be computed: invalid or inconsistent input, an undefined ratio,
  a number too large for floating point (an SD or SE of 1e200, whose square
  overflows; a 400-digit count), a sampling variance that underflows to 0
  (an SE of 1e-200), a zero-width interval, a group of one. No
  ``OverflowError``, ``ZeroDivisionError`` or ``math`` domain error escapes.

* :func:`log_odds_ratio_to_smd`: the logistic-distribution conversion
  ``d = ln(OR) * sqrt(3) / pi``, variance ``var * 3 / pi^2`` (Hasselblad &
  Hedges, 1995; Chinn, 2000; Borenstein et al., 2009, ch. 7; metafor
  ``measure="OR2DL"``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from numbers import Real
from typing import ParamSpec

from kinship_evidence.stats.errors import EffectError
from kinship_evidence.stats.measures import (
    COUNT_MEASURES,
    GROUP_MEASURES,
    RATIO_MEASURES,
    SCALES,
    Z95,
    EffectSize,
    scale_of,
)

__all__ = [
    "SCALES",
    "Z95",
    "EffectError",
    "EffectSize",
    "from_counts",
    "from_estimate_ci",
    "from_estimate_se",
    "from_groups",
    "log_odds_ratio_to_smd",
    "scale_of",
]

P = ParamSpec("P")

#: Value added to every cell of a 2x2 table that has a zero cell (metafor ``add=1/2``).
ZERO_CELL_CORRECTION = 0.5
_RATIO_MEASURES = frozenset(RATIO_MEASURES)
_COUNT_MEASURES = COUNT_MEASURES
_GROUP_MEASURES = GROUP_MEASURES


# --------------------------------------------------------------------------- helpers


def _require_measure(measure: str, allowed: tuple[str, ...], source: str) -> None:
    scale_of(measure)  # unknown measures get the general message
    if measure not in allowed:
        raise EffectError(f"measure {measure!r} cannot be computed from {source}; expected one of {allowed}")


def _guarded(function: Callable[P, EffectSize]) -> Callable[P, EffectSize]:
    """Turn arithmetic failures (overflow, division by zero, math domain errors) into EffectError."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> EffectSize:
        try:
            return function(*args, **kwargs)
        except EffectError:
            raise
        except OverflowError:
            raise EffectError(
                f"{function.__name__}: a number is too large for floating point "
                "(e.g. a standard deviation or standard error whose square overflows)"
            ) from None
        except ZeroDivisionError:
            raise EffectError(f"{function.__name__}: the effect is undefined (a division by zero)") from None
        except ValueError as error:
            raise EffectError(f"{function.__name__}: the effect cannot be computed ({error})") from None

    return wrapper


def _finite(name: str, value: object) -> float:
    kind = type(value)
    if kind is float or kind is int:  # the usual case, without the abstract-class check below
        try:
            number = float(value)  # type: ignore[arg-type]  # an int or a float
        except OverflowError:
            pass  # too large: the checks below say so
        else:
            if math.isfinite(number):
                return number
    if isinstance(value, bool) or not isinstance(value, Real):
        raise EffectError(f"{name} must be a number, got {value!r}")
    try:
        number = float(value)
    except OverflowError:
        raise EffectError(f"{name} is too large for a floating-point number") from None
    if not math.isfinite(number):
        raise EffectError(f"{name} must be finite, got {value!r}")
    return number


def _count(name: str, value: object) -> int:
    number = _finite(name, value)
    if number < 0 or number != int(number):
        raise EffectError(f"{name} must be a non-negative whole number, got {value!r}")
    return int(number)


# --------------------------------------------------------------------------- 2x2 counts


@_guarded
def from_counts(measure: str, events_t: int, n_t: int, events_c: int, n_c: int) -> EffectSize:
    """Odds ratio, risk ratio or risk difference from a two-arm 2x2 table.

    ``events_t`` of ``n_t`` participants in the treatment arm and ``events_c``
    of ``n_c`` in the control arm had the event. Ratio measures are returned on
    the log scale. When any cell (events or non-events, either arm) is zero,
    0.5 is added to all four cells (metafor ``escalc`` with ``add=1/2,
    to="only0"``), for the risk difference too, as metafor does.

    Raises :class:`EffectError` for invalid counts, and for an odds or risk ratio
    that is undefined: no events in either group, or every participant having
    the event in both groups.
    """
    _require_measure(measure, _COUNT_MEASURES, "2x2 counts")
    a = _count("events_t", events_t)
    n1 = _count("n_t", n_t)
    c = _count("events_c", events_c)
    n2 = _count("n_c", n_c)
    if n1 == 0 or n2 == 0:
        raise EffectError("group sizes n_t and n_c must be at least 1")
    if a > n1:
        raise EffectError(f"events_t ({a}) exceeds n_t ({n1})")
    if c > n2:
        raise EffectError(f"events_c ({c}) exceeds n_c ({n2})")
    b = n1 - a
    d = n2 - c

    if measure in _RATIO_MEASURES:
        if a == 0 and c == 0:
            raise EffectError(f"{measure} undefined: no events in either group")
        if b == 0 and d == 0:
            raise EffectError(f"{measure} undefined: every participant had the event in both groups")

    cells = [float(a), float(b), float(c), float(d)]
    corrected = 0 in (a, b, c, d)
    if corrected:
        cells = [cell + ZERO_CELL_CORRECTION for cell in cells]
    fa, fb, fc, fd = cells
    m1 = fa + fb
    m2 = fc + fd

    if measure == "odds-ratio":
        estimate = math.log(fa) + math.log(fd) - math.log(fb) - math.log(fc)
        variance = 1 / fa + 1 / fb + 1 / fc + 1 / fd
    elif measure == "risk-ratio":
        estimate = math.log(fa / m1) - math.log(fc / m2)
        variance = 1 / fa - 1 / m1 + 1 / fc - 1 / m2
    else:  # risk-difference
        p1 = fa / m1
        p2 = fc / m2
        estimate = p1 - p2
        variance = p1 * (1 - p1) / m1 + p2 * (1 - p2) / m2
    return EffectSize(scale_of(measure), estimate, variance, continuity_corrected=corrected)


# --------------------------------------------------------------------------- group summaries


def _hedges_correction(m: int) -> float:
    """Exact small-sample bias correction c(m) = G(m/2) / (sqrt(m/2) G((m-1)/2))."""
    return math.exp(math.lgamma(m / 2) - 0.5 * math.log(m / 2) - math.lgamma((m - 1) / 2))


@_guarded
def from_groups(
    measure: str,
    mean_t: float,
    sd_t: float,
    n_t: int,
    mean_c: float,
    sd_c: float,
    n_c: int,
) -> EffectSize:
    """Hedges' g (``'smd'``) or the raw mean difference from two groups' summaries.

    ``'smd'`` matches metafor ``escalc(measure="SMD")`` (pooled SD, exact bias
    correction, large-sample variance ``1/n_t + 1/n_c + g^2/(2(n_t+n_c))``);
    ``'mean-difference'`` matches ``escalc(measure="MD")`` (variance
    ``sd_t^2/n_t + sd_c^2/n_c``). Each group needs at least 2 participants.
    """
    _require_measure(measure, _GROUP_MEASURES, "group means and SDs")
    m_t = _finite("mean_t", mean_t)
    m_c = _finite("mean_c", mean_c)
    s_t = _finite("sd_t", sd_t)
    s_c = _finite("sd_c", sd_c)
    n1 = _count("n_t", n_t)
    n2 = _count("n_c", n_c)
    if s_t < 0 or s_c < 0:
        raise EffectError("standard deviations must be non-negative")
    if n1 < 2 or n2 < 2:
        raise EffectError("each group needs at least 2 participants")

    if measure == "mean-difference":
        variance = s_t**2 / n1 + s_c**2 / n2
        if variance <= 0:
            raise EffectError("mean difference undefined: both standard deviations are zero")
        return EffectSize("mean-difference", m_t - m_c, variance)

    m = n1 + n2 - 2
    pooled_sd = math.sqrt(((n1 - 1) * s_t**2 + (n2 - 1) * s_c**2) / m)
    if pooled_sd <= 0:
        raise EffectError("standardised mean difference undefined: pooled standard deviation is zero")
    g = _hedges_correction(m) * (m_t - m_c) / pooled_sd
    variance = 1 / n1 + 1 / n2 + g**2 / (2 * (n1 + n2))
    return EffectSize("smd", g, variance)


# --------------------------------------------------------------------------- reported estimates


def _to_analysis_scale(measure: str, name: str, value: float) -> float:
    if measure in _RATIO_MEASURES:
        if value <= 0:
            raise EffectError(f"{name} of a {measure} must be > 0, got {value!r}")
        return math.log(value)
    return value


@_guarded
def from_estimate_se(measure: str, estimate: float, se: float) -> EffectSize:
    """An effect from a reported estimate and standard error.

    For ratio measures ``estimate`` is on the natural scale (e.g. OR = 0.65)
    and ``se`` is the standard error of the *log* ratio, as usually reported.
    """
    scale = scale_of(measure)
    value = _to_analysis_scale(measure, "estimate", _finite("estimate", estimate))
    std_err = _finite("se", se)
    if std_err <= 0:
        raise EffectError(f"se must be > 0, got {se!r}")
    return EffectSize(scale, value, std_err**2)


@_guarded
def from_estimate_ci(measure: str, estimate: float, ci_low: float, ci_high: float) -> EffectSize:
    """An effect from a reported estimate and 95% confidence interval.

    Ratio measures are given on the natural scale and logged. The standard
    error is recovered on the analysis scale as ``(high - low) / (2 * Z95)``;
    the reported point estimate is kept as it is (an asymmetric interval is
    not re-centred).
    """
    scale = scale_of(measure)
    raw = [_finite(name, value) for name, value in (("estimate", estimate), ("ci_low", ci_low), ("ci_high", ci_high))]
    point, low, high = (
        _to_analysis_scale(measure, name, value)
        for name, value in zip(("estimate", "ci_low", "ci_high"), raw)
    )
    if not low < high:
        raise EffectError(f"ci_low ({ci_low!r}) must be below ci_high ({ci_high!r})")
    if not low <= point <= high:
        raise EffectError(f"estimate ({estimate!r}) lies outside its confidence interval [{ci_low!r}, {ci_high!r}]")
    se = (high - low) / (2 * Z95)
    return EffectSize(scale, point, se**2)


# --------------------------------------------------------------------------- conversions


@_guarded
def log_odds_ratio_to_smd(effect: EffectSize) -> EffectSize:
    """Convert a log odds ratio to a standardised mean difference.

    ``d = ln(OR) * sqrt(3) / pi`` with variance ``var * 3 / pi^2`` (logistic
    distribution method; Chinn, 2000; Borenstein et al., 2009; metafor
    ``measure="OR2DL"``).
    """
    if effect.scale != "log-odds-ratio":
        raise EffectError(f"expected an effect on the 'log-odds-ratio' scale, got {effect.scale!r}")
    factor = math.sqrt(3) / math.pi
    return EffectSize("smd", effect.estimate * factor, effect.variance * factor**2)

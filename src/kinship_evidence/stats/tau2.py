"""The pieces the tau^2 estimators share: input checks, the fit at a given tau^2, DL, and
the root of the generalised Q equation (Paule-Mandel and the Q-profile interval).

Every function works on the rescaled problem ``pool`` sets up (see
:mod:`kinship_evidence.stats.meta_analysis`), so tolerances are relative and
results are the same at any scale. Sums that cancel when one study's weight
dominates (``S1 - S2/S1``, ``S1^2 - S2``, ``y_i - mu``) are written so that
they do not: centred on the study with the largest weight, and ``S1 - w_i`` for
that study summed from the others (:func:`others`).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from typing import NamedTuple

from kinship_evidence.stats.errors import ConvergenceError, PoolingError

#: A root search stops when a Newton step inside its bracket changes tau^2 by at most this,
#: relative to tau^2 itself (the error after it is of order its square), and the function is
#: small too (see :func:`bracketed_root`); or when the bracket is as narrow as a double allows.
STEP_TOLERANCE = 1e-9
#: The function test of :func:`bracketed_root`: |f| at most this times the size of f's terms.
FUNCTION_TOLERANCE = 1e-6
#: Evaluations one root search may use; bisection alone needs fewer, so this is never reached.
MAX_ITERATIONS = 2000
#: Rescaled tau^2 below this (the median variance is 1) is 0 for every purpose.
TINY = 1e-200

EPS = 2.220446049250313e-16
mul = operator.mul
_LOG_2PI = math.log(2 * math.pi)


# --------------------------------------------------------------------------- input


def validate_inputs(estimates: Sequence[float], variances: Sequence[float]) -> tuple[list[float], list[float]]:
    try:
        ys = list(estimates)
        vs = list(variances)
    except TypeError:
        raise PoolingError("estimates and variances must be sequences of numbers") from None
    if len(ys) != len(vs):
        raise PoolingError(f"estimates and variances differ in length ({len(ys)} vs {len(vs)})")
    if not ys:
        raise PoolingError("at least one study is needed (k >= 1)")
    for index, (y, v) in enumerate(zip(ys, vs)):
        if isinstance(y, bool) or isinstance(v, bool):
            raise PoolingError(f"study {index}: estimate and variance must be numbers")
        try:
            y_f, v_f = float(y), float(v)
        except OverflowError:
            raise PoolingError(f"study {index}: estimate or variance is too large for a floating-point number") from None
        except (TypeError, ValueError):
            raise PoolingError(f"study {index}: estimate and variance must be numbers") from None
        if not math.isfinite(y_f):
            raise PoolingError(f"study {index}: estimate must be finite, got {y!r}")
        if not (math.isfinite(v_f) and v_f > 0):
            raise PoolingError(f"study {index}: variance must be finite and > 0, got {v!r}")
        ys[index], vs[index] = y_f, v_f
    return ys, vs


def median(values: list[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else ordered[mid - 1] / 2 + ordered[mid] / 2


# --------------------------------------------------------------------------- stable pieces


def others(values: list[float], total: float, top: int) -> list[float]:
    """``total - values[i]`` for every i, without cancellation: ``values[top]`` is the largest,
    so for i != top the difference is at least total / 2; for top it is summed from the others."""
    rest = [total - x for x in values]
    if 2 * values[top] > total:  # else total - values[top] >= total / 2 too
        rest[top] = sum(values[:top]) + sum(values[top + 1:])
    return rest


def centred(weights: list[float], total: float, top: int, xs: list[float]) -> tuple[float, list[float]]:
    """(the weighted mean xbar, the deviations x_i - xbar), centred on x_top so that the
    deviation of the heaviest study is not the difference of two nearly equal numbers."""
    if 2 * weights[top] <= total:  # no study dominates: the plain mean does not cancel either
        mean = sum(map(mul, weights, xs)) / total
        return mean, [x - mean for x in xs]
    anchor = xs[top]
    deltas = [x - anchor for x in xs]
    shift = sum(map(mul, weights, deltas)) / total
    return anchor + shift, [d - shift for d in deltas]


class Fit(NamedTuple):
    """The random-effects fit at one tau^2 (rescaled units)."""

    weights: list[float]  # W_i = 1 / (v_i + tau^2)
    total: float  # sum W_i
    top: int  # index of the largest W_i
    mu: float  # sum W_i y_i / sum W_i
    residuals: list[float]  # y_i - mu, computed stably


def fit_at(ys: list[float], vs: list[float], tau2: float) -> Fit:
    """Plain sums (not ``math.fsum``): on the rescaled problem every sum is of positive terms or
    of deviations centred on the heaviest study, so rounding stays near 1e-16 k."""
    weights = [1 / (v + tau2) for v in vs]
    total = sum(weights)
    top = weights.index(max(weights))
    mu, residuals = centred(weights, total, top, ys)
    return Fit(weights, total, top, mu, residuals)


def q_at(ys: list[float], vs: list[float], tau2: float) -> tuple[float, float]:
    """(generalized Q(tau2), its derivative -sum W^2 (y - mu)^2)."""
    weights = [1 / (v + tau2) for v in vs]
    total = sum(weights)
    top = weights.index(max(weights))
    residuals = centred(weights, total, top, ys)[1]
    scaled = list(map(mul, weights, residuals))
    return sum(map(mul, scaled, residuals)), -sum(map(mul, scaled, scaled))


def reml_loglik(ys: list[float], vs: list[float], tau2: float) -> float:
    """Restricted log-likelihood (metafor's, REMLf=TRUE) at tau2."""
    fit = fit_at(ys, vs, tau2)
    k = len(ys)
    rss = sum(w * r * r for w, r in zip(fit.weights, fit.residuals))
    return (
        -0.5 * (k - 1) * _LOG_2PI + 0.5 * math.log(k)
        + 0.5 * sum(map(math.log, fit.weights))
        - 0.5 * math.log(fit.total) - 0.5 * rss
    )


def dl_denominator(vs: list[float]) -> float:
    """``S1 - S2/S1`` for the fixed-effect weights w_i = 1/v_i, as ``sum_i w_i (S1 - w_i) / S1``
    (the plain form is the difference of two nearly equal numbers when one weight dominates)."""
    weights = [1 / v for v in vs]
    s1 = sum(weights)
    top = weights.index(max(weights))
    return float(sum(map(mul, weights, others(weights, s1, top)))) / s1


def tau2_dl(vs: list[float], q: float) -> float:
    """DerSimonian-Laird: max(0, (Q - (k-1)) / (S1 - S2/S1))."""
    return max(0.0, (q - (len(vs) - 1)) / dl_denominator(vs))


def typical_variance(vs: list[float]) -> float:
    """Higgins & Thompson's typical within-study variance (k-1) S1 / (S1^2 - S2) = (k-1) / (S1 - S2/S1)."""
    return (len(vs) - 1) / dl_denominator(vs)


def spread(ys: list[float]) -> float:
    """sum (y_i - ybar)^2, the unweighted sum of squares about the plain mean."""
    mean = sum(ys) / len(ys)
    return sum((y - mean) ** 2 for y in ys)


# --------------------------------------------------------------------------- roots


Evaluate = Callable[[float], tuple[float, float, bool]]


def bracketed_root(evaluate: Evaluate, lo: float, hi: float, start: float, what: str) -> tuple[float, int]:
    """The root in [lo, hi] of a function f, positive at lo and negative at hi: (root, evaluations).

    ``evaluate(t)`` gives (f(t), f'(t), is |f(t)| small). Newton's method, with a step that
    leaves the bracket halved until it is inside (so tau^2 never leaves [lo, hi] and so never
    goes below 0), and bisection (geometric when the bracket spans more than a factor 4) when
    a step is not at most half the one two steps before (it is not converging fast). It stops after a Newton step inside the bracket
    that moved tau^2 by at most :data:`STEP_TOLERANCE` relative to tau^2 where |f| is small,
    or when the bracket is a few units of rounding wide, or below :data:`TINY`.
    """
    t = start
    steps = [math.inf, math.inf]
    for iteration in range(1, MAX_ITERATIONS + 1):
        value, slope, small = evaluate(t)
        if not (math.isfinite(value) and math.isfinite(slope)):
            raise ConvergenceError(f"{what} cannot be computed in floating point at tau^2 = {t!r}")
        if value > 0:
            lo = t
        elif value < 0:
            hi = t
        else:
            return t, iteration
        if hi - lo <= 4 * EPS * hi or hi <= TINY:
            return (lo + hi) / 2, iteration
        new = math.nan
        if slope < 0:
            step = -value / slope
            new = t + step
            if lo < new < hi and small and abs(step) <= STEP_TOLERANCE * new:
                return new, iteration
            for _ in range(64):
                if lo < new < hi:
                    break
                step /= 2
                new = t + step
        if not lo < new < hi or abs(new - t) > steps[0] / 2:
            new = math.sqrt(lo * hi) if lo > 0 and hi > 4 * lo else (lo + hi) / 2
        steps = [steps[1], abs(new - t)]
        t = new
    raise ConvergenceError(f"{what} did not converge within {MAX_ITERATIONS} evaluations")


def solve_q(ys: list[float], vs: list[float], target: float, q0: float) -> tuple[float, int]:
    """The tau2 >= 0 with Q(tau2) = target, 0 when Q(0) = q0 <= target: (tau2, evaluations).

    Q decreases in tau^2 and ``Q(t) <= sum (y_i - ybar)^2 / (v_i + t) < D / t`` with
    ``D = sum (y_i - ybar)^2``, so the root lies in [0, D / target]: the search starts from
    that bracket (at 0, not at any estimate of tau^2), with Newton's method on
    ``1/target - 1/Q(t)`` (nearly linear, since Q behaves like a / (b + t)).
    """
    if q0 <= target:
        return 0.0, 0
    inverse_target = 1 / target

    def evaluate(t: float) -> tuple[float, float, bool]:
        q, slope = q_at(ys, vs, t)
        return inverse_target - 1 / q, slope / (q * q), abs(q - target) <= FUNCTION_TOLERANCE * target

    return bracketed_root(evaluate, 0.0, spread(ys) / target, 0.0, "the Q equation for tau^2")

"""Estimators of the between-study variance tau^2 and the pieces they share.

DerSimonian-Laird and Paule-Mandel (generalised Q), and REML at the global maximum of the
restricted likelihood (see :mod:`kinship_evidence.stats.meta_analysis` for the method and
its sources). Every function works on the rescaled problem ``pool`` sets up, so tolerances
are relative and results are the same at any scale.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence

from kinship_evidence.stats.distributions import qchisq
from kinship_evidence.stats.errors import ConvergenceError, PoolingError

#: REML and PM iterations stop when the rescaled tau^2 changes by less than this times (1 + tau^2).
REML_TOLERANCE = 1e-12
#: REML gives up (ConvergenceError) after this many iterations of one search.
REML_MAX_ITERATIONS = 1000
#: The REML grid search runs when the starts disagree, or when max(v) / min(v) exceeds this
#: and a study is an outlier at the best maximum found (see the module docstring).
GRID_VARIANCE_RATIO = 10.0
#: Grid points per decade of tau^2 (rescaled) for the REML grid search.
GRID_PER_DECADE = 4

_LOG_2PI = math.log(2 * math.pi)
EPS = 2.220446049250313e-16
mul = operator.mul
#: A Newton step this small (relative) is the last: the error after it is of order its square.
_NEWTON_DONE = 1e-8


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


# --------------------------------------------------------------------------- pieces (rescaled units)


def fit_at(ys: list[float], vs: list[float], tau2: float) -> tuple[list[float], float, float]:
    """(random-effects weights W, sum W, mu) at tau2.

    Plain sums (not ``math.fsum``): the problem is rescaled (see the module
    docstring), so every term is of order 1 and rounding stays near 1e-16 k.
    """
    weights = [1 / (v + tau2) for v in vs]
    total = sum(weights)
    return weights, total, sum(map(mul, weights, ys)) / total


def _residuals(weights: list[float], ys: list[float], mu: float) -> list[float]:
    """W_i (y_i - mu)."""
    return [w * (y - mu) for w, y in zip(weights, ys)]


def q_at(ys: list[float], vs: list[float], tau2: float) -> tuple[float, float]:
    """(generalized Q(tau2), its derivative -sum W^2 (y - mu)^2)."""
    weights, _, mu = fit_at(ys, vs, tau2)
    scaled = _residuals(weights, ys, mu)
    q = sum(map(mul, scaled, [y - mu for y in ys]))
    return q, -sum(map(mul, scaled, scaled))


def _reml_score(ys: Sequence[float], vs: Sequence[float], tau2: float) -> tuple[float, float]:
    """Twice the REML score, Y'PPY - tr(P), and twice the Fisher information, tr(PP), at ``tau2``."""
    ys = list(ys)
    weights, s1, mu = fit_at(ys, list(vs), tau2)
    squares = list(map(mul, weights, weights))
    s2 = sum(squares)
    s3 = sum(map(mul, squares, weights))
    scaled = _residuals(weights, ys, mu)
    ypy = sum(map(mul, scaled, scaled))
    ratio = s2 / s1
    return ypy - (s1 - ratio), s2 - 2 * s3 / s1 + ratio * ratio


def reml_loglik(ys: list[float], vs: list[float], tau2: float) -> float:
    """Restricted log-likelihood (metafor's, REMLf=TRUE) at tau2."""
    weights, total, mu = fit_at(ys, vs, tau2)
    k = len(ys)
    rss = sum(w * (y - mu) ** 2 for w, y in zip(weights, ys))
    return (
        -0.5 * (k - 1) * _LOG_2PI + 0.5 * math.log(k)
        + 0.5 * sum(map(math.log, weights))
        - 0.5 * math.log(total) - 0.5 * rss
    )


def tau2_dl(vs: list[float], q: float) -> float:
    weights = [1 / v for v in vs]
    s1 = sum(weights)
    s2 = sum(map(mul, weights, weights))
    return max(0.0, (q - (len(vs) - 1)) / (s1 - s2 / s1))


def _tau2_he(ys: list[float], vs: list[float]) -> float:
    k = len(ys)
    mean = sum(ys) / k
    return max(0.0, sum((y - mean) ** 2 for y in ys) / (k - 1) - sum(vs) / k)


def solve_q(ys: list[float], vs: list[float], target: float, q0: float, start: float) -> float:
    """The tau2 >= 0 with Q(tau2) = target; 0 when Q(0) = q0 <= target. Q decreases in tau2.

    Newton's method on ``1/Q(tau2) - 1/target`` (nearly linear in tau2, since
    Q behaves like a / (b + tau2)), kept inside a bracket that is bisected
    when a step leaves it.
    """
    if q0 <= target:
        return 0.0
    lo, hi = 0.0, math.inf  # Q(lo) > target > Q(hi)
    tau2 = max(start, 0.0)
    inverse_target = 1 / target
    for _ in range(REML_MAX_ITERATIONS):
        weights = [1 / (v + tau2) for v in vs]  # q_at, inlined: this loop is on the hot path
        mu = sum(map(mul, weights, ys)) / sum(weights)
        residuals = [y - mu for y in ys]
        scaled = list(map(mul, weights, residuals))
        q = sum(map(mul, scaled, residuals))
        slope = -sum(map(mul, scaled, scaled))
        diff = q - target
        if diff > 0:
            lo = tau2
        elif diff < 0:
            hi = tau2
        else:
            return tau2
        # g = 1/Q - 1/target, g' = -Q'/Q^2
        new = tau2 - (1 / q - inverse_target) * q * q / -slope if slope < 0 else math.inf
        if not (lo < new < hi):
            new = (lo + hi) / 2 if math.isfinite(hi) else 2 * tau2 + 1.0
        elif abs(new - tau2) <= _NEWTON_DONE * (1 + tau2):
            return new  # quadratic convergence: the error after this step is ~ its square
        if abs(new - tau2) <= REML_TOLERANCE * (1 + tau2) or (math.isfinite(hi) and hi - lo <= EPS * (1 + hi)):
            return new
        tau2 = new
    raise ConvergenceError(f"the Q equation for tau^2 did not converge within {REML_MAX_ITERATIONS} iterations")


def _reml_derivatives(ys: list[float], vs: list[float], tau2: float) -> tuple[float, float, float]:
    """(U, I, U') at tau2: twice the REML score U = Y'PPY - tr P, twice the Fisher information
    I = tr PP, and the derivative of U,
    ``U' = I - 2 sum W^3 r^2 + 2 (sum W^2 r)^2 / sum W`` with ``r = y - mu``."""
    weights, s1, mu = fit_at(ys, vs, tau2)
    squares = list(map(mul, weights, weights))
    s2 = sum(squares)
    s3 = sum(map(mul, squares, weights))
    scaled = _residuals(weights, ys, mu)  # W r
    ypy = sum(map(mul, scaled, scaled))  # sum W^2 r^2
    w2r = sum(map(mul, scaled, weights))  # sum W^2 r
    w3r2 = sum(map(mul, map(mul, scaled, scaled), weights))  # sum W^3 r^2
    ratio = s2 / s1
    information = s2 - 2 * s3 / s1 + ratio * ratio
    return ypy - (s1 - ratio), information, information - 2 * w3r2 + 2 * w2r * w2r / s1


def _reml_search(ys: list[float], vs: list[float], start: float, lo: float = 0.0,
                 hi: float = math.inf) -> tuple[float, int]:
    """A local REML maximum from ``start``: (tau2, iterations).

    Newton's method on the score U where U' < 0 (the likelihood is concave
    there), a Fisher-scoring step U / I where it is not; every step is kept
    inside the bracket [lo, hi] of the score's root (U(lo) > 0 > U(hi)) and
    replaced by bisection (geometric when the bracket spans decades) when it
    leaves it. A step below 0 ends at 0 when the score at 0 is not positive
    (tau^2 truncated at 0, as in metafor).
    """
    tau2 = start
    score_at_zero: float | None = None
    for iteration in range(1, REML_MAX_ITERATIONS + 1):
        score, information, slope = _reml_derivatives(ys, vs, tau2)
        if not (math.isfinite(score) and math.isfinite(information) and math.isfinite(slope) and information > 0):
            raise ConvergenceError(
                f"REML cannot be computed in floating point (iteration {iteration}): the variances differ "
                "too much, or the effects lie too far apart, for their size"
            )
        if tau2 == 0.0:
            score_at_zero = score
            if score <= 0:
                return 0.0, iteration  # a maximum at the boundary
        if score > 0:
            lo = max(lo, tau2)
        elif score < 0:
            hi = min(hi, tau2)
        else:
            return tau2, iteration
        newton = slope < 0
        new = tau2 - score / slope if newton else tau2 + score / information
        new = min(new, 100 * (1 + tau2))
        if newton and lo < new < hi and abs(new - tau2) <= _NEWTON_DONE * (1 + tau2):
            return new, iteration  # quadratic convergence: the error after this step is ~ its square
        if new < 0 and lo == 0.0:
            if score_at_zero is None:
                score_at_zero = _reml_score(ys, vs, 0.0)[0]
            if score_at_zero <= 0:
                return 0.0, iteration  # the score is not positive at 0: truncate tau^2 at 0
        if not lo < new < hi:
            if not math.isfinite(hi):
                new = 2 * tau2 + 1.0
            elif lo > 0 and hi > 4 * lo:
                new = math.sqrt(lo * hi)
            else:
                new = (lo + hi) / 2
        if abs(new - tau2) <= REML_TOLERANCE * (1 + tau2):
            return new, iteration
        if math.isfinite(hi) and hi - lo <= EPS * (1 + hi):
            return (lo + hi) / 2, iteration
        tau2 = new
    raise ConvergenceError(
        f"REML estimate of tau^2 did not converge within {REML_MAX_ITERATIONS} iterations "
        f"(relative tolerance {REML_TOLERANCE})"
    )


def _distinct(found: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """The maxima found, one per tau2 (rescaled values within 1e-6 (1 + tau2) are the same)."""
    kept: list[tuple[str, float, float]] = []
    for item in found:
        if all(abs(item[1] - other[1]) > 1e-6 * (1 + max(item[1], other[1])) for other in kept):
            kept.append(item)
    return kept


def _has_outlier(ys: list[float], vs: list[float], found: list[tuple[str, float, float]]) -> bool:
    """Is a study an outlier at the best maximum found: W_i (y_i - mu)^2 > chi2_1 quantile 1 - 0.05/k?"""
    tau2 = max(found, key=lambda item: item[2])[1]
    weights, _, mu = fit_at(ys, vs, tau2)
    largest = max(w * (y - mu) ** 2 for w, y in zip(weights, ys))
    return largest > qchisq(1 - 0.05 / len(ys), 1)


def tau2_reml(ys: list[float], vs: list[float], dl: float, scale2: float, shift_ll: float) -> tuple[float, int, tuple[str, ...]]:
    """Global REML tau2 (rescaled): best of the DL and Hedges starts, the boundary and a grid where needed."""
    found: list[tuple[str, float, float]] = []  # (start, tau2, loglik)
    iterations = 0
    failures: list[str] = []

    def search(label: str, start: float, lo: float = 0.0, hi: float = math.inf) -> float | None:
        nonlocal iterations
        try:
            tau2, used = _reml_search(ys, vs, start, lo, hi)
        except ConvergenceError as error:
            iterations += REML_MAX_ITERATIONS
            failures.append(str(error))
            return None
        iterations += used
        found.append((label, tau2, reml_loglik(ys, vs, tau2)))
        return tau2

    first = search("DL", dl)
    he = _tau2_he(ys, vs)
    second = None
    if first is None or abs(he - first) > 1e-6 * (1 + first):
        second = search("Hedges", he)
    score0 = _reml_score(ys, vs, 0.0)[0]
    if score0 <= 0 and not any(t == 0.0 for _, t, _ in found):
        found.append(("boundary", 0.0, reml_loglik(ys, vs, 0.0)))
    disagree = len(_distinct(found)) > 1
    if disagree or not found or (max(vs) > GRID_VARIANCE_RATIO * min(vs) and _has_outlier(ys, vs, found)):
        spread = max(abs(y) for y in ys)
        top = 10 * (spread * spread + max(vs))
        points = [0.0]
        value = 1e-4
        factor = 10 ** (1 / GRID_PER_DECADE)
        while value < top:
            points.append(value)
            value *= factor
        points.append(value)
        scores = [score0] + [_reml_score(ys, vs, t)[0] for t in points[1:]]
        for (a, sa), (b, sb) in zip(zip(points, scores), zip(points[1:], scores[1:])):
            if sa > 0 > sb or (sa > 0 and sb == 0):
                if any(a <= t <= b for _, t, _ in found):
                    continue
                search("grid", (a + b) / 2, a, b)
    if (first is None and second is None) or not found:
        raise ConvergenceError(failures[0] if failures else "REML found no maximum")
    best = max(found, key=lambda item: item[2])
    notes: tuple[str, ...] = ()
    distinct = _distinct(found)
    if len(distinct) > 1:
        parts = "; ".join(
            f"{label} start reached tau^2={tau2 * scale2:.3g} (logLik {ll + shift_ll:.2f})"
            for label, tau2, ll in sorted(distinct, key=lambda item: item[2])
        )
        notes = (f"REML starts disagreed: {parts}; kept the highest",)
    return best[1], iterations, notes



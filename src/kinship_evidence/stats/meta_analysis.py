"""Random-effects meta-analysis of effect sizes with known sampling variances.

The model is the usual normal-normal random-effects model,
``y_i ~ N(mu, v_i + tau^2)``, fitted as in R's metafor package, ``rma.uni()``
(Viechtbauer, 2010, *J. Stat. Softw.* 36(3); source ``R/rma.uni.r`` in
github.com/wviechtb/metafor), intercept-only:

* ``method="dl"``: the DerSimonian-Laird (1986) moment estimator
  ``tau^2 = max(0, (Q - (k-1)) / (S1 - S2/S1))`` with ``S1 = sum w_i``,
  ``S2 = sum w_i^2`` and fixed-effect weights ``w_i = 1/v_i``
  (metafor ``method="DL"``).
* ``method="reml"``: restricted maximum likelihood, by Fisher scoring as in
  metafor ``method="REML"`` (Viechtbauer, 2005, *J. Educ. Behav. Stat.* 30(3)):
  ``tau^2 <- tau^2 + (Y'PPY - tr(P)) / tr(PP)`` with
  ``P = W - W 1 1' W / (1' W 1)``, ``W = diag(1/(v_i + tau^2))``. A step that
  would take ``tau^2`` below 0 ends at 0 when the score is not positive there
  (``tau^2`` truncated at 0) and is halved until ``tau^2`` stays >= 0 otherwise.
  After a step that overshoots the root of the score (sign change), a secant
  step inside the bracket is taken instead (a safeguard metafor lacks; it
  stops the slow oscillation plain Fisher scoring shows on some data and does
  not change the solution).
  Iteration starts from the DerSimonian-Laird estimate (metafor starts from a
  Hedges-type moment estimate; both normally reach the same REML solution, but
  when the restricted likelihood has two local maxima, which is rare, the
  start decides which one is found) and stops
  when ``|change in tau^2| < 1e-10``; after 1000 iterations without
  convergence :class:`ConvergenceError` is raised.

Given ``tau^2``, the pooled estimate is the inverse-variance weighted mean with
weights ``1/(v_i + tau^2)``, its standard error ``sqrt(1 / sum weights)``, and
the confidence interval the Wald 95% interval ``estimate -/+ Z95 * se``.

Heterogeneity: Cochran's ``Q = sum (y_i - y_FE)^2 / v_i`` with fixed-effect
weights, on ``df = k - 1``, and ``I^2 = max(0, (Q - df) / Q)`` as a fraction
(0 when ``Q == 0`` or ``k == 1``; Higgins & Thompson, 2002). This Q-based
``I^2`` is reported for *both* methods. It equals metafor's ``I^2`` under DL;
under REML metafor instead reports ``I^2`` computed from the REML ``tau^2`` and
a "typical" sampling variance (e.g. 92.22% vs. the Q-based 92.12% for the BCG
log risk ratios), so the two can differ there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kinship_evidence.stats.effects import Z95

__all__ = ["METHODS", "ConvergenceError", "PooledEffect", "pool"]

#: Supported estimators of the between-study variance tau^2.
METHODS = ("reml", "dl")

#: REML Fisher scoring stops when tau^2 changes by less than this.
REML_TOLERANCE = 1e-10
#: REML Fisher scoring gives up (ConvergenceError) after this many iterations.
REML_MAX_ITERATIONS = 1000


class ConvergenceError(ValueError):
    """The REML estimate of tau^2 did not converge."""


@dataclass(frozen=True, slots=True)
class PooledEffect:
    """Result of a random-effects meta-analysis (see the module docstring)."""

    method: str  # 'reml' | 'dl'
    k: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float  # Wald 95%
    tau2: float
    q: float  # Cochran's Q with fixed-effect weights
    df: int  # k - 1
    i2: float  # fraction 0..1: max(0, (Q - df) / Q); 0 when Q == 0 or k == 1
    iterations: int  # REML Fisher-scoring iterations (0 for dl)


def _validate(estimates: Sequence[float], variances: Sequence[float], method: str) -> tuple[list[float], list[float]]:
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    ys = list(estimates)
    vs = list(variances)
    if len(ys) != len(vs):
        raise ValueError(f"estimates and variances differ in length ({len(ys)} vs {len(vs)})")
    if not ys:
        raise ValueError("at least one study is needed (k >= 1)")
    for index, (y, v) in enumerate(zip(ys, vs)):
        if isinstance(y, bool) or isinstance(v, bool):
            raise ValueError(f"study {index}: estimate and variance must be numbers")
        try:
            y_f, v_f = float(y), float(v)
        except (TypeError, ValueError):
            raise ValueError(f"study {index}: estimate and variance must be numbers") from None
        if not math.isfinite(y_f):
            raise ValueError(f"study {index}: estimate must be finite, got {y!r}")
        if not (math.isfinite(v_f) and v_f > 0):
            raise ValueError(f"study {index}: variance must be finite and > 0, got {v!r}")
        ys[index], vs[index] = y_f, v_f
    return ys, vs


def _weighted_mean(ys: list[float], weights: list[float]) -> tuple[float, float]:
    """Return (weighted mean, sum of weights)."""
    total = math.fsum(weights)
    return math.fsum(w * y for w, y in zip(weights, ys)) / total, total


def _cochran_q(ys: list[float], vs: list[float]) -> float:
    weights = [1 / v for v in vs]
    mean, _ = _weighted_mean(ys, weights)
    return math.fsum(w * (y - mean) ** 2 for w, y in zip(weights, ys))


def _tau2_dl(ys: list[float], vs: list[float], q: float) -> float:
    weights = [1 / v for v in vs]
    s1 = math.fsum(weights)
    s2 = math.fsum(w * w for w in weights)
    return max(0.0, (q - (len(ys) - 1)) / (s1 - s2 / s1))


def _reml_score(ys: list[float], vs: list[float], tau2: float) -> tuple[float, float]:
    """Twice the REML score, Y'PPY - tr(P), and twice the Fisher information, tr(PP), at ``tau2``.

    The Fisher-scoring step is their ratio.
    """
    weights = [1 / (v + tau2) for v in vs]
    mean, s1 = _weighted_mean(ys, weights)
    s2 = math.fsum(w * w for w in weights)
    s3 = math.fsum(w * w * w for w in weights)
    ypy = math.fsum((w * (y - mean)) ** 2 for w, y in zip(weights, ys))  # Y'PPY
    trace_p = s1 - s2 / s1
    trace_pp = s2 - 2 * s3 / s1 + (s2 / s1) ** 2
    return ypy - trace_p, trace_pp


def _tau2_reml(ys: list[float], vs: list[float], start: float) -> tuple[float, int]:
    """REML tau^2 by Fisher scoring from ``start``; returns (tau2, iterations).

    A step that would make tau^2 negative ends at 0 when the score is not
    positive there (truncation at 0), and is halved until it stays >= 0
    otherwise. When the last
    step overshot the root of the REML score (the score changed sign), the
    next step is a secant step between the last two iterates instead, which
    lies inside that bracket: plain Fisher scoring can otherwise oscillate
    around the maximum for hundreds of iterations (metafor then reports
    non-convergence and suggests a smaller ``stepadj``). The solution is the
    same; only the path to it differs.
    """
    tau2 = start
    previous: tuple[float, float] | None = None  # (tau2, score) of the last iterate
    for iteration in range(1, REML_MAX_ITERATIONS + 1):
        score, information = _reml_score(ys, vs, tau2)
        if not (math.isfinite(score) and math.isfinite(information) and information > 0):
            raise ConvergenceError(f"REML Fisher scoring broke down at iteration {iteration}")
        if previous is not None and previous[1] * score < 0:
            last_tau2, last_score = previous
            step = -score * (tau2 - last_tau2) / (score - last_score)
        else:
            step = score / information
        if tau2 + step < 0:
            if _reml_score(ys, vs, 0.0)[0] <= 0:
                step = -tau2  # the score is not positive at 0: truncate tau^2 at 0
            else:
                while tau2 + step < 0:  # step-halving keeps tau^2 >= 0
                    step /= 2
        new_tau2 = max(0.0, tau2 + step)
        if abs(new_tau2 - tau2) < REML_TOLERANCE:
            return new_tau2, iteration
        previous = (tau2, score)
        tau2 = new_tau2
    raise ConvergenceError(
        f"REML estimate of tau^2 did not converge within {REML_MAX_ITERATIONS} iterations "
        f"(tolerance {REML_TOLERANCE})"
    )


def pool(estimates: Sequence[float], variances: Sequence[float], method: str = "reml") -> PooledEffect:
    """Pool study effects with a random-effects model (REML or DerSimonian-Laird).

    ``estimates`` and ``variances`` are the studies' effects and sampling
    variances on one analysis scale. With a single study the result is that
    study (tau^2 = 0, Q = 0, I^2 = 0). ``I^2`` is the Q-based
    ``max(0, (Q - df)/Q)`` for both methods (see the module docstring).

    Raises ``ValueError`` for invalid input and :class:`ConvergenceError` (a
    ``ValueError``) when REML fails to converge.
    """
    ys, vs = _validate(estimates, variances, method)
    k = len(ys)

    if k == 1:
        se = math.sqrt(vs[0])
        return PooledEffect(
            method=method, k=1, estimate=ys[0], se=se,
            ci_low=ys[0] - Z95 * se, ci_high=ys[0] + Z95 * se,
            tau2=0.0, q=0.0, df=0, i2=0.0, iterations=0,
        )

    q = _cochran_q(ys, vs)
    df = k - 1
    tau2 = _tau2_dl(ys, vs, q)
    iterations = 0
    if method == "reml":
        tau2, iterations = _tau2_reml(ys, vs, tau2)

    estimate, total_weight = _weighted_mean(ys, [1 / (v + tau2) for v in vs])
    se = math.sqrt(1 / total_weight)
    i2 = max(0.0, (q - df) / q) if q > 0 else 0.0
    return PooledEffect(
        method=method, k=k, estimate=estimate, se=se,
        ci_low=estimate - Z95 * se, ci_high=estimate + Z95 * se,
        tau2=tau2, q=q, df=df, i2=i2, iterations=iterations,
    )

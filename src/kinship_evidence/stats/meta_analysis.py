"""Random-effects meta-analysis of effect sizes with known sampling variances.

The model is the usual normal-normal random-effects model,
``y_i ~ N(mu, v_i + tau^2)``, fitted as in R's metafor package, ``rma.uni()``
(Viechtbauer, 2010, *J. Stat. Softw.* 36(3); source ``R/rma.uni.r`` in
github.com/wviechtb/metafor), intercept-only. The method choices are one
value, :class:`~kinship_evidence.stats.methods.PoolingMethods`; results are
checked against metafor 3.8 to 1e-6 (``tests/stats/reference``).

Notation: ``w_i = 1/v_i`` (fixed-effect weights), ``W_i = 1/(v_i + tau^2)``
(random-effects weights), ``mu(tau^2) = sum W_i y_i / sum W_i``, the
generalized ``Q(tau^2) = sum W_i (y_i - mu(tau^2))^2`` and Cochran's
``Q = Q(0)`` on ``df = k - 1``.

Estimators of tau^2 (:class:`~kinship_evidence.stats.methods.Estimator`)
-------------------------------------------------------------------------

* ``dl``, DerSimonian & Laird (1986): ``tau^2 = max(0, (Q - (k-1)) / (S1 - S2/S1))``
  with ``S1 = sum w_i``, ``S2 = sum w_i^2`` (metafor ``method="DL"``), the
  denominator computed as ``sum_i w_i (S1 - w_i) / S1``, which does not cancel
  when one weight dominates.
* ``pm``, Paule & Mandel (1982): the root of ``Q(tau^2) = k - 1``, 0 when
  ``Q <= k - 1`` (metafor ``method="PM"``; DerSimonian & Kacker, 2007). Solved
  by Newton's method on ``1/Q(tau^2)`` (nearly linear in tau^2), using
  ``dQ/dtau^2 = -sum W_i^2 (y_i - mu)^2``, from the bracket
  ``[0, sum (y_i - ybar)^2 / (k-1)]`` (see :func:`~kinship_evidence.stats.tau2.
  solve_q`); the Q-profile interval below uses the same solver, from its own
  bracket, so it does not depend on the estimator.
* ``reml``, restricted maximum likelihood (metafor ``method="REML"``;
  Viechtbauer, 2005, *J. Educ. Behav. Stat.* 30(3)), the global maximum over
  ``tau^2 >= 0`` of the restricted log-likelihood (metafor's ``logLik(res)``
  for a REML fit, with its ``REMLf=TRUE``)
  ``ll(tau^2) = -(k-1)/2 log(2 pi) + 1/2 log k - 1/2 sum log(v_i + tau^2)
  - 1/2 log sum W_i - 1/2 Q(tau^2)``.
  It can have more than one local maximum (e.g. two precise studies that
  agree and one imprecise outlier: 0.2, 0.2, -5 with SE 0.0316, 0.0316, 1 has
  maxima at tau^2 = 0, logLik -11.69, and 7.99, -5.00), so the estimate does
  not depend on a start: :mod:`kinship_evidence.stats.reml` brackets every
  root of the score on cells that provably cover [0, U] (U a proven upper
  bound of every stationary point), certifies each cell (no root, or exactly
  one), refines each maximum by Newton's method with step-halving inside its
  cell, and takes the highest of them and the boundary. ``likelihood_maxima``
  lists every local maximum found, ``(tau^2, ll)``; with more than one,
  ``notes`` says so and which was taken.

  The searches run on a rescaled problem: estimates centred on their median
  and divided by ``c = sqrt(median v_i)``, variances divided by ``c^2``, and
  every tolerance is relative to tau^2 itself (:data:`~kinship_evidence.stats.
  tau2.STEP_TOLERANCE`) and to the size of the function's terms, so
  multiplying every effect and standard error by 1e-6 or 1e6 gives the same
  answer rescaled, and a set mixing variances of 1e-8 and 1e8 is solved as
  accurately as a benign one.

Given tau^2, the pooled estimate is ``mu(tau^2)`` with Wald standard error
``se = sqrt(1 / sum W_i)``; ``weights`` are ``W_i / sum W_i`` (metafor
``weights(res) / 100``).

Confidence interval of mu (:class:`~kinship_evidence.stats.methods.CIMethod`)
----------------------------------------------------------------------------

* ``wald``: ``mu -/+ z_0.975 se`` (metafor ``test="z"``).
* ``hksj``, Hartung & Knapp (2001), Sidik & Jonkman (2002):
  ``se_HK = sqrt(s2w) se`` with ``s2w = Q(tau^2) / (k - 1)`` and the interval
  ``mu -/+ t_{0.975, k-1} se_HK`` (metafor ``test="knha"``; like metafor,
  ``s2w = 0`` when ``Q(tau^2) <= 2.2e-16``).
* ``hksj-adhoc``, the ad hoc variant of Knapp & Hartung (2003): ``s2w``
  truncated below at 1, so the interval is never narrower than the Wald one
  (metafor 3.8 ``test="adhoc"``, ``s2w[s2w < 1] <- 1``; Jackson et al., 2017,
  *Stat. Med.* 36(25)).

``se`` in the result is the standard error the interval was built from
(``se_HK`` for the HKSJ methods). With one study the HKSJ methods have no
degrees of freedom; the Wald interval is given and ``notes`` says so.

Prediction interval (:class:`~kinship_evidence.stats.methods.PredictionMethod`)
-------------------------------------------------------------------------------

``mu -/+ crit sqrt(se^2 + tau^2)`` with ``se`` as above and ``crit`` the 0.975
quantile of: ``z`` the normal (metafor ``predict(res)`` after ``test="z"``);
``t-k1`` the t with k-1 df (metafor ``predict(res)`` after ``test="knha"``);
``t-k2`` the Higgins, Thompson & Spiegelhalter (2009, *J. R. Stat. Soc. A*
172(1); Cochrane Handbook, 2024, section 10.10.4.3) interval as they define it,
t with k-2 df and the model-based ``se = sqrt(1 / sum W_i)`` whatever the CI
method (metafor ``predict(rma(..., test="z"), pi.type="riley")``). ``z`` and
``t-k1`` use the se of the CI (metafor ``predict()`` after ``test="z"``, with
``pi.type="t"`` for t-k1, and after ``test="knha"``). Not computed
(``pi_low = pi_high = None``) with fewer than 3 studies.

Heterogeneity
-------------

* ``q``, Cochran's Q; ``q_p`` its upper chi-square(df) tail probability
  (metafor ``res$QE``, ``res$QEp``); None with one study.
* ``tau2_ci_low``/``tau2_ci_high``: the Q-profile 95% interval (Viechtbauer,
  2007, *Stat. Med.* 26(1); metafor ``confint(res)``, its default for
  ``rma.uni``), for every estimator: the roots of
  ``Q(tau^2) = chi2_{0.975, k-1}`` and ``Q(tau^2) = chi2_{0.025, k-1}``; a bound
  is 0 when ``Q(0)`` is already below its quantile. None with one study.
* ``i2`` (fraction), by default metafor's ``I^2 = tau^2 / (tau^2 + s^2)`` with
  the "typical" within-study variance
  ``s^2 = (k-1) sum w_i / ((sum w_i)^2 - sum w_i^2)``, the denominator as
  ``sum_i w_i (S1 - w_i)`` (Higgins & Thompson,
  2002, *Stat. Med.* 21(11); Cochrane Handbook's 2024 random-effects
  addendum); with :attr:`I2Method.Q` (asked for by name in ``PoolingMethods(..., i2=I2Method.Q)``)
  the Q-based ``max(0, (Q - df) / Q)``.
  The two are equal for DL. ``h2 = 1 + tau^2 / s^2`` (metafor ``res$H2``).
* ``loglik``: the restricted log-likelihood ``ll(tau^2)`` above at the
  estimate: metafor ``logLik(res)`` for REML; for DL and PM the same function
  at their tau^2, metafor's ``res$fit.stats["ll", "REML"]`` (``logLik(res)``
  of a DL or PM fit gives the ML log-likelihood instead).

Errors: every failure is a :class:`~kinship_evidence.stats.errors.StatsError`:
:class:`PoolingError` for invalid input, :class:`ConvergenceError` (a
``PoolingError``) for valid input whose answer cannot be computed (no
convergence, or outside the floating-point range).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kinship_evidence.frozen import frozen
from kinship_evidence.stats.distributions import pchisq, qchisq, qt
from kinship_evidence.stats.effects import Z95
from kinship_evidence.stats.errors import ConvergenceError, PoolingError, StatsError
from kinship_evidence.stats.methods import (
    ESTIMATORS,
    CIMethod,
    Estimator,
    I2Method,
    PoolingMethods,
    PredictionMethod,
)
from kinship_evidence.stats.reml import tau2_reml
from kinship_evidence.stats.tau2 import (
    EPS,
    fit_at,
    median,
    q_at,
    reml_loglik,
    solve_q,
    tau2_dl,
    typical_variance,
    validate_inputs,
)

__all__ = [
    "METHODS",
    "ConvergenceError",
    "PooledEffect",
    "PoolingError",
    "PoolingMethods",
    "pool",
]

#: What ``pool`` uses when no methods are given.
DEFAULT_METHODS = PoolingMethods()
#: Supported estimators of tau^2 (value strings; see :mod:`kinship_evidence.stats.methods`).
METHODS = ESTIMATORS

@frozen(slots=True)
class PooledEffect:
    """Result of a random-effects meta-analysis (see the module docstring)."""

    methods: PoolingMethods
    k: int
    estimate: float
    se: float  # the se the CI is built from (HKSJ se for the HKSJ methods)
    ci_low: float
    ci_high: float  # 95%
    tau2: float
    tau2_ci_low: float | None  # Q-profile 95% CI; None when k < 2
    tau2_ci_high: float | None
    q: float  # Cochran's Q with fixed-effect weights
    df: int  # k - 1
    q_p: float | None  # upper chi-square(df) tail of Q; None when k < 2
    i2: float  # fraction; tau^2-based (or Q-based with I2Method.Q)
    h2: float  # 1 + tau^2 / s^2
    pi_low: float | None  # 95% prediction interval; None when not computed
    pi_high: float | None
    weights: tuple[float, ...]  # random-effects weights, fractions summing to 1
    iterations: int  # evaluations of the REML score or of Q(tau^2) for the estimate (0 for dl)
    loglik: float  # restricted log-likelihood at tau^2
    notes: tuple[str, ...] = ()
    #: REML: every local maximum of the restricted likelihood, (tau^2, logLik), by tau^2; () otherwise
    likelihood_maxima: tuple[tuple[float, float], ...] = ()

    @property
    def method(self) -> str:
        """The estimator's value string, ``'reml'``, ``'dl'`` or ``'pm'`` (the old field)."""
        return self.methods.estimator.value


# --------------------------------------------------------------------------- pool


def pool(
    estimates: Sequence[float],
    variances: Sequence[float],
    methods: PoolingMethods = DEFAULT_METHODS,
) -> PooledEffect:
    """Pool study effects with a random-effects model (see the module docstring).

    ``estimates`` and ``variances`` are the studies' effects and sampling
    variances on one analysis scale. ``methods`` is a :class:`PoolingMethods`, the one value
    that carries the estimator, the CI and prediction methods and the I^2 definition (a bare
    string is refused: it once switched silently to the Q-based I^2). With a single study the
    result is that study (tau^2 = 0).

    Raises :class:`PoolingError` for invalid input and :class:`ConvergenceError`
    (a ``PoolingError``) when the estimate cannot be computed; both are
    :class:`~kinship_evidence.stats.errors.StatsError` and ``ValueError``.
    """
    if not isinstance(methods, PoolingMethods):
        raise PoolingError(f"methods must be a PoolingMethods value, e.g. PoolingMethods('reml'); got {methods!r}")
    chosen = methods
    ys, vs = validate_inputs(estimates, variances)
    try:
        return _pool(ys, vs, chosen)
    except StatsError:
        raise
    except (OverflowError, ZeroDivisionError, ValueError):
        raise ConvergenceError(
            "the pooled estimate cannot be computed in floating point: the effects are too far apart, "
            "or the variances too different, for their size"
        ) from None


def _finite(*values: float | None) -> None:
    for value in values:
        if value is not None and not math.isfinite(value):
            raise ConvergenceError(
                "the pooled estimate is outside the floating-point range: the effects are too far apart, "
                "or the variances too different, for their size"
            )


def _maxima_note(maxima: tuple[tuple[float, float], ...], taken: float) -> str:
    """``restricted likelihood has 2 local maxima: tau^2=0 (logLik -11.69), ...; took the global one, tau^2=7.99``."""
    parts = ", ".join(f"tau^2={t:.3g} (logLik {ll:.2f})" for t, ll in maxima)
    return f"restricted likelihood has {len(maxima)} local maxima: {parts}; took the global one, tau^2={taken:.3g}"


def _pool(ys: list[float], vs: list[float], methods: PoolingMethods) -> PooledEffect:
    k = len(ys)
    notes: list[str] = []
    if k == 1:
        se = math.sqrt(vs[0])
        if methods.ci is not CIMethod.WALD:
            notes.append("one study: no degrees of freedom for the HKSJ interval; Wald interval given")
        if methods.prediction is not PredictionMethod.NONE:
            notes.append("prediction interval needs at least 3 studies")
        return PooledEffect(
            methods=methods, k=1, estimate=ys[0], se=se, ci_low=ys[0] - Z95 * se, ci_high=ys[0] + Z95 * se,
            tau2=0.0, tau2_ci_low=None, tau2_ci_high=None, q=0.0, df=0, q_p=None, i2=0.0, h2=1.0,
            pi_low=None, pi_high=None, weights=(1.0,), iterations=0, loglik=0.0, notes=tuple(notes),
        )

    # rescale: centre on the median estimate, divide by c = sqrt(median variance)
    centre = median(ys)
    scale2 = median(vs)
    scale = math.sqrt(scale2)
    ry = [(y - centre) / scale for y in ys]
    rv = [v / scale2 for v in vs]
    if not all(math.isfinite(y) for y in ry) or not all(0 < v < math.inf for v in rv):
        raise ConvergenceError(
            "the studies cannot be pooled in floating point: the effects are too far apart, "
            "or the variances too different, for their size"
        )
    df = k - 1
    q = q_at(ry, rv, 0.0)[0]
    iterations = 0
    shift_ll = -df * math.log(scale)  # ll(original units) = ll(rescaled) - (k-1) log c
    maxima: tuple[tuple[float, float], ...] = ()
    estimator = methods.estimator
    if estimator is Estimator.DL:
        tau2 = tau2_dl(rv, q)
    elif estimator is Estimator.PM:
        tau2, iterations = solve_q(ry, rv, df, q)
    else:
        reml = tau2_reml(ry, rv)
        tau2, iterations = reml.tau2, reml.evaluations
        maxima = tuple((t * scale2, ll + shift_ll) for t, ll in reml.maxima)
        if len(maxima) > 1:
            notes.append(_maxima_note(maxima, tau2 * scale2))
        if not reml.certified:
            notes.append("REML: some cells of the tau^2 range could not be certified to hold at most one "
                         "maximum (a near-tie); the best maximum found was taken")

    weights, total, _, mu, residuals = fit_at(ry, rv, tau2)
    wald_se = se = math.sqrt(1 / total)
    q_tau = sum(w * r * r for w, r in zip(weights, residuals))
    crit = Z95
    if methods.ci is not CIMethod.WALD:
        s2w = 0.0 if q_tau <= EPS else q_tau / df
        if methods.ci is CIMethod.HKSJ_ADHOC:
            s2w = max(s2w, 1.0)
        se *= math.sqrt(s2w)
        crit = qt(0.975, df)

    typical = typical_variance(rv)
    if methods.i2 is I2Method.Q:
        i2 = max(0.0, (q - df) / q) if q > 0 else 0.0
    else:
        i2 = tau2 / (tau2 + typical)
    h2 = 1 + tau2 / typical

    tau2_low = solve_q(ry, rv, qchisq(0.975, df), q)[0]
    tau2_high = solve_q(ry, rv, qchisq(0.025, df), q)[0]

    pi_low = pi_high = None
    if methods.prediction is not PredictionMethod.NONE:
        if k < 3:
            notes.append("prediction interval needs at least 3 studies")
        else:
            if methods.prediction is PredictionMethod.T_K2:  # Higgins et al.: the model-based se
                pcrit, pse = qt(0.975, k - 2), wald_se
            else:
                pcrit, pse = (Z95 if methods.prediction is PredictionMethod.Z else qt(0.975, df)), se
            half = pcrit * math.sqrt(pse * pse + tau2)
            pi_low, pi_high = centre + scale * (mu - half), centre + scale * (mu + half)

    loglik = reml_loglik(ry, rv, tau2) + shift_ll
    estimate = centre + scale * mu
    se_out = scale * se
    half_ci = crit * se
    result = PooledEffect(
        methods=methods, k=k, estimate=estimate, se=se_out,
        ci_low=centre + scale * (mu - half_ci), ci_high=centre + scale * (mu + half_ci),
        tau2=tau2 * scale2, tau2_ci_low=tau2_low * scale2, tau2_ci_high=tau2_high * scale2,
        q=q, df=df, q_p=pchisq(q, df, lower_tail=False), i2=i2, h2=h2,
        pi_low=pi_low, pi_high=pi_high, weights=tuple(w / total for w in weights),
        iterations=iterations, loglik=loglik, notes=tuple(notes), likelihood_maxima=maxima,
    )
    _finite(result.estimate, result.se, result.ci_low, result.ci_high, result.tau2, result.tau2_ci_low,
            result.tau2_ci_high, result.q, result.i2, result.h2, result.pi_low, result.pi_high, result.loglik)
    return result

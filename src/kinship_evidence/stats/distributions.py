"""Normal, Student t and chi-square distribution functions in pure Python.

The meta-analysis needs a few quantiles and tail probabilities (the t
quantile of the Hartung-Knapp-Sidik-Jonkman interval and of prediction
intervals, the chi-square quantiles of the Q-profile interval for tau^2, the
p-value of Cochran's Q) and the package has no numpy/scipy dependency, so they
are computed here, to about 1e-12 relative accuracy (checked against R's
``qt``, ``qchisq``, ``pchisq`` and ``pt`` in ``tests/stats/reference``):

* regularized incomplete gamma ``P(a, x)`` and ``Q(a, x) = 1 - P(a, x)``: the
  power series for ``x < a + 1`` and the Legendre continued fraction (modified
  Lentz) otherwise (Press et al., *Numerical Recipes*, 3rd ed., section 6.2);
  ``pchisq(x, df) = P(df/2, x/2)`` (R ``pchisq``);
* regularized incomplete beta ``I_x(a, b)`` by its continued fraction (modified
  Lentz; *Numerical Recipes* section 6.4); the t tail probability
  ``P(T > t) = I_{df/(df+t^2)}(df/2, 1/2) / 2`` for ``t >= 0`` (R ``pt``);
* quantiles by safeguarded Newton iteration on the tail probability that is
  the smaller of the two (so no cancellation), inside a bracket that is
  bisected whenever a Newton step leaves it: ``qchisq`` from the
  Wilson-Hilferty start, ``qt`` from the Cornish-Fisher expansion (closed
  forms for 1 and 2 degrees of freedom); ``qnorm`` from Acklam's rational
  approximation refined by Halley steps on ``math.erfc``.

Quantiles are cached per (p, df): the meta-analysis asks for the same few.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

__all__ = ["pchisq", "pt", "qchisq", "qnorm", "qt"]

_EPS = 1e-16
_TINY = 1e-300
_MAX_ITER = 100_000


def _stirling_tail(z: float) -> float:
    """lgamma(z) - ((z - 1/2) log z - z + log(2 pi)/2), for z >= 30 (Stirling series, error < 1e-16)."""
    z2 = z * z
    return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * z2)) / z2) / z2) / z


def _lgamma_ratio(a: float, b: float) -> float:
    """lgamma(a + b) - lgamma(a) without the cancellation of the plain difference for large a."""
    if a < 30:
        return math.lgamma(a + b) - math.lgamma(a)
    return (a - 0.5) * math.log1p(b / a) + b * math.log(a + b) - b + _stirling_tail(a + b) - _stirling_tail(a)


def _log_gamma_front(a: float, x: float) -> float:
    """log(x^a e^-x / Gamma(a)), written to keep precision for large a."""
    if a < 30:
        return -x + a * math.log(x) - math.lgamma(a)
    r = (x - a) / a
    return a * (math.log1p(r) - r) + 0.5 * math.log(a) - 0.5 * math.log(2 * math.pi) - _stirling_tail(a)


def _gamma_series(a: float, x: float) -> float:
    """P(a, x) by its power series (good for x < a + 1)."""
    term = 1.0 / a
    total = term
    n = a
    for _ in range(_MAX_ITER):
        n += 1.0
        term *= x / n
        total += term
        if abs(term) < abs(total) * _EPS:
            break
    return total * math.exp(_log_gamma_front(a, x))


def _lentz_step(an: float, bn: float, c: float, d: float) -> tuple[float, float, float]:
    """One step of the modified Lentz method for a term an / (bn + ...): the new c and d and their
    product, the factor the fraction's value is multiplied by (Press et al., Numerical Recipes, 5.2)."""
    d = bn + an * d
    if abs(d) < _TINY:
        d = _TINY
    c = bn + an / c
    if abs(c) < _TINY:
        c = _TINY
    d = 1.0 / d
    return c, d, c * d


def _gamma_cf(a: float, x: float) -> float:
    """Q(a, x) by the continued fraction (good for x >= a + 1), modified Lentz."""
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_ITER):
        an = -i * (i - a)
        b += 2.0
        c, d, delta = _lentz_step(an, b, c, d)
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return math.exp(_log_gamma_front(a, x)) * h


def _gamma_pq(a: float, x: float) -> tuple[float, float]:
    """(P(a, x), Q(a, x)), each computed directly where it is the smaller."""
    if x <= 0:
        return 0.0, 1.0
    if math.isinf(x):
        return 1.0, 0.0
    if x < a + 1.0:
        p = _gamma_series(a, x)
        return p, 1.0 - p
    q = _gamma_cf(a, x)
    return 1.0 - q, q


def pchisq(x: float, df: float, lower_tail: bool = True) -> float:
    """Chi-square distribution function (R ``pchisq(x, df, lower.tail)``)."""
    p, q = _gamma_pq(df / 2.0, x / 2.0)
    return p if lower_tail else q


def _beta_cf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    if abs(d) < _TINY:
        d = _TINY
    d = 1.0 / d
    h = d
    for m in range(1, _MAX_ITER):
        m2 = 2 * m
        c, d, even = _lentz_step(m * (b - m) * x / ((qam + m2) * (a + m2)), 1.0, c, d)
        h *= even
        c, d, delta = _lentz_step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)), 1.0, c, d)
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return h


def _inc_beta(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    if a >= b:
        log_norm = _lgamma_ratio(a, b) - math.lgamma(b)
    else:
        log_norm = _lgamma_ratio(b, a) - math.lgamma(a)
    log_front = log_norm + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_cf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_cf(b, a, 1.0 - x) / b


def _t_upper(t: float, df: float) -> float:
    """P(T > t) for t >= 0."""
    if math.isinf(t):
        return 0.0
    # x = df / (df + t^2), written to keep precision for small t
    x = df / (df + t * t)
    if x > 0.9:  # I_x(df/2, 1/2) = 1 - I_{1-x}(1/2, df/2), with 1 - x computed directly
        return 0.5 * (1.0 - _inc_beta(0.5, df / 2.0, t * t / (df + t * t)))
    return 0.5 * _inc_beta(df / 2.0, 0.5, x)


def pt(t: float, df: float, lower_tail: bool = True) -> float:
    """Student t distribution function (R ``pt(t, df, lower.tail)``)."""
    upper = _t_upper(abs(t), df)
    if (t >= 0) == lower_tail:
        return 1.0 - upper
    return upper


def _t_log_density(t: float, df: float) -> float:
    return (
        math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
        - (df + 1) / 2 * math.log1p(t * t / df)
    )


# Acklam's rational approximation to the normal quantile (relative error < 1.2e-9), refined below.
_A = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02, 1.383577518672690e02,
      -3.066479806614716e01, 2.506628277459239e00)
_B = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02, 6.680131188771972e01,
      -1.328068155288572e01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00, -2.549732539343734e00,
      4.374664141464968e00, 2.938163982698783e00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)


@lru_cache(maxsize=256)
def qnorm(p: float) -> float:
    """Standard normal quantile (R ``qnorm(p)``), 0 < p < 1."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"probability must be in (0, 1), got {p!r}")
    low = 0.02425
    if p < low:
        r = math.sqrt(-2 * math.log(p))
        z = (((((_C[0] * r + _C[1]) * r + _C[2]) * r + _C[3]) * r + _C[4]) * r + _C[5]) / (
            (((_D[0] * r + _D[1]) * r + _D[2]) * r + _D[3]) * r + 1)
    elif p <= 1 - low:
        r0 = p - 0.5
        r = r0 * r0
        z = (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5]) * r0 / (
            ((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1)
    else:
        r = math.sqrt(-2 * math.log1p(-p))
        z = -(((((_C[0] * r + _C[1]) * r + _C[2]) * r + _C[3]) * r + _C[4]) * r + _C[5]) / (
            (((_D[0] * r + _D[1]) * r + _D[2]) * r + _D[3]) * r + 1)
    for _ in range(3):  # Halley steps on Phi(z) - p, Phi(z) = erfc(-z / sqrt 2) / 2
        if p < 0.5:
            error = 0.5 * math.erfc(-z / math.sqrt(2)) - p
        else:
            error = (1 - p) - 0.5 * math.erfc(z / math.sqrt(2))
        u = error * math.sqrt(2 * math.pi) * math.exp(z * z / 2)
        z -= u / (1 + z * u / 2)
    return z


def _solve_tail(
    tail: Callable[[float], float], log_density: Callable[[float], float], target: float, x: float, lo: float, hi: float, sign: float
) -> float:
    """Solve tail(x) = target for a monotone tail probability inside [lo, hi].

    ``sign`` is -1 when ``tail`` decreases in x (an upper tail), +1 when it
    increases (a lower tail); the derivative of ``tail`` is ``sign * density``.
    """
    for _ in range(200):
        value = tail(x)
        diff = value - target
        if diff == 0:
            return x
        # keep the bracket: the root is above x when the tail is too big (upper) / too small (lower)
        if (diff > 0) == (sign < 0):
            lo = x
        else:
            hi = x
        step = diff / (sign * math.exp(log_density(x)))
        new = x - step
        if not (lo < new < hi) or not math.isfinite(new):
            new = 0.5 * (lo + hi) if math.isfinite(hi) else 2 * max(x, 1.0)
        if abs(new - x) <= 1e-15 * max(abs(x), 1e-300):
            return new
        x = new
    return x


@lru_cache(maxsize=1024)
def qt(p: float, df: float) -> float:
    """Student t quantile (R ``qt(p, df)``), 0 < p < 1, df > 0."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"probability must be in (0, 1), got {p!r}")
    if not df > 0:
        raise ValueError(f"degrees of freedom must be > 0, got {df!r}")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -qt(1.0 - p, df)
    tail_p = 1.0 - p  # upper tail, exact for the usual p such as 0.975
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    z = qnorm(p)
    start = z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
    return _solve_tail(lambda t: _t_upper(t, df), lambda t: _t_log_density(t, df), tail_p,
                       max(start, 1e-8), 0.0, math.inf, -1.0)


@lru_cache(maxsize=1024)
def qchisq(p: float, df: float) -> float:
    """Chi-square quantile (R ``qchisq(p, df)``), 0 < p < 1, df > 0."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"probability must be in (0, 1), got {p!r}")
    if not df > 0:
        raise ValueError(f"degrees of freedom must be > 0, got {df!r}")
    a = df / 2.0
    z = qnorm(p)
    h = 2.0 / (9.0 * df)
    start = df * max(1.0 - h + z * math.sqrt(h), 0.1) ** 3
    start = max(start, 1e-10)

    def log_density(x: float) -> float:
        return (a - 1) * math.log(x) - x / 2 - a * math.log(2.0) - math.lgamma(a)

    if p < 0.5:
        return _solve_tail(lambda x: _gamma_pq(a, x / 2)[0], log_density, p, start, 0.0, math.inf, 1.0)
    return _solve_tail(lambda x: _gamma_pq(a, x / 2)[1], log_density, 1.0 - p, start, 0.0, math.inf, -1.0)

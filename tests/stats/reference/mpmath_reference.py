"""A second, independent reference for the hard sets of metafor_reference.json: 40 digits, mpmath.

    .venv/bin/pip install mpmath
    .venv/bin/python tests/stats/reference/mpmath_reference.py

It reads the sets of kind ``hard ...`` from ``metafor_reference.json`` (written by
``metafor_reference.R``; variances spanning 1e-8..1e8 within a set, clusters of precise and
imprecise studies, bimodal restricted likelihoods found by search, sets at the boundary) and
writes ``mpmath_reference.json`` with every field ``pool()`` returns, for every estimator and CI
method, as strings of 40 significant digits. Nothing here uses kinship_evidence: it is the
textbook formulas at 60 digits of working precision, where no sum cancels.

* Q(tau^2), mu, se, weights, the restricted log-likelihood: their definitions (see
  stats/meta_analysis.py), directly.
* DL: (Q - (k-1)) / (S1 - S2/S1), truncated at 0.
* PM and the Q-profile CI: bisection (200 halvings) of the decreasing Q(tau^2) - target on
  [0, sum (y - ybar)^2 / target], where Q < target.
* REML: the restricted log-likelihood (at 20 digits) on a grid of 0 and 2,000 log-spaced points from
  1e-8 min(v) to 10 (sum (y - ybar)^2 + k max v); every grid point higher than both neighbours
  is refined by bisection of the score Y'PPY - tr P on the neighbouring cells where the score
  changes sign there at full precision, and 0 counts when the score at 0 is not positive; the
  highest is the estimate, and every local maximum is recorded.
* Quantiles: qnorm from erfinv; qt and qchisq by bisection of the regularised incomplete beta /
  gamma functions; q_p from the regularised upper incomplete gamma.
* HKSJ s2w = Q(tau^2)/(k-1), set to 0 below 2.2e-16 as metafor does; "adhoc" truncates it at 1.
* Prediction: z and t-k1 use the se of the CI; t-k2 (Higgins et al. 2009) the model-based se.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import mpmath as mp

mp.mp.dps = 60
HERE = Path(__file__).parent
DIGITS = 40
GRID_POINTS = 2000


def s(x: mp.mpf) -> str:
    return mp.nstr(x, DIGITS) if x != 0 else "0"


def fit(y: list, v: list, t):
    w = [1 / (vi + t) for vi in v]
    total = mp.fsum(w)
    mu = mp.fsum(wi * yi for wi, yi in zip(w, y)) / total
    return w, total, mu


def q_at(y, v, t):
    w, _, mu = fit(y, v, t)
    return mp.fsum(wi * (yi - mu) ** 2 for wi, yi in zip(w, y))


def loglik(y, v, t):
    k = len(y)
    w, total, mu = fit(y, v, t)
    q = mp.fsum(wi * (yi - mu) ** 2 for wi, yi in zip(w, y))
    return (-(k - 1) * mp.log(2 * mp.pi) / 2 + mp.log(k) / 2 + mp.log(mp.fprod(w)) / 2
            - mp.log(total) / 2 - q / 2)


def score(y, v, t):
    w, total, mu = fit(y, v, t)
    ypy = mp.fsum((wi * (yi - mu)) ** 2 for wi, yi in zip(w, y))
    return ypy - (total - mp.fsum(wi * wi for wi in w) / total)


def spread(y):
    mean = mp.fsum(y) / len(y)
    return mp.fsum((yi - mean) ** 2 for yi in y)


def bisect(function, lo, hi, steps=200):
    """Root of a function positive at lo and negative at hi."""
    for _ in range(steps):
        mid = (lo + hi) / 2
        if function(mid) > 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def solve_q(y, v, target):
    if q_at(y, v, 0) <= target:
        return mp.mpf(0)
    return bisect(lambda t: q_at(y, v, t) - target, mp.mpf(0), spread(y) / target)


def reml(y, v):
    k = len(y)
    top = 10 * (spread(y) + k * max(v))
    low = min(v) * mp.mpf("1e-8")
    n = GRID_POINTS
    grid = [mp.mpf(0)] + [low * (top / low) ** (mp.mpf(i) / (n - 1)) for i in range(n)]
    with mp.workdps(20):
        ll = [loglik(y, v, t) for t in grid]
    maxima = []
    if score(y, v, grid[0]) <= 0:  # the boundary is a maximum when the score there is not positive
        maxima.append(mp.mpf(0))
    for i in range(1, len(grid) - 1):
        if ll[i] >= ll[i - 1] and ll[i] > ll[i + 1]:
            lo, hi = grid[i - 1], grid[i + 1]
            if score(y, v, lo) > 0 > score(y, v, hi):  # at 60 digits: not a ripple of the 20-digit grid
                root = bisect(lambda t: score(y, v, t), lo, hi, 220)
                if not maxima or abs(root - maxima[-1]) > mp.mpf("1e-30") * root:
                    maxima.append(root)
    found = [(t, loglik(y, v, t)) for t in maxima]
    return max(found, key=lambda item: item[1])[0], found


def qnorm(p):
    return mp.sqrt(2) * mp.erfinv(2 * mp.mpf(p) - 1)


def _increasing_root(function, target, hi):
    """x >= 0 with function(x) = target, function increasing: widen hi, then bisect."""
    while function(hi) < target:
        hi *= 2
    return bisect(lambda x: target - function(x), mp.mpf(0), hi, 260)


@functools.cache
def qt(p, n):
    n = mp.mpf(n)
    return _increasing_root(lambda x: 1 - mp.betainc(n / 2, mp.mpf(1) / 2, 0, n / (n + x * x), regularized=True) / 2,
                            mp.mpf(p), mp.mpf(16))


def pchisq_upper(x, n):
    return mp.gammainc(mp.mpf(n) / 2, x / 2, mp.inf, regularized=True)


@functools.cache
def qchisq(p, n):
    return _increasing_root(lambda x: mp.gammainc(mp.mpf(n) / 2, 0, x / 2, regularized=True), mp.mpf(p), mp.mpf(4 * n + 16))


def one_set(data: dict) -> dict:
    y = [mp.mpf(x) for x in data["yi"]]
    v = [mp.mpf(x) for x in data["vi"]]
    k = len(y)
    df = k - 1
    q0 = q_at(y, v, 0)
    fe = [1 / vi for vi in v]
    s1 = mp.fsum(fe)
    s2 = mp.fsum(w * w for w in fe)
    typical = df * s1 / (s1 * s1 - s2)
    tau2_ci = [solve_q(y, v, qchisq(0.975, df)), solve_q(y, v, qchisq(0.025, df))]
    z, t1 = qnorm(0.975), qt(0.975, df)
    t2 = qt(0.975, k - 2) if k >= 3 else None
    fits = {}
    for estimator in ("reml", "dl", "pm"):
        maxima = []
        if estimator == "dl":
            tau2 = max(mp.mpf(0), (q0 - df) / (s1 - s2 / s1))
        elif estimator == "pm":
            tau2 = solve_q(y, v, df)
        else:
            tau2, maxima = reml(y, v)
        w, total, mu = fit(y, v, tau2)
        wald = mp.sqrt(1 / total)
        q_tau = q_at(y, v, tau2)
        tests = {}
        for ci in ("wald", "hksj", "hksj-adhoc"):
            se, crit = wald, z
            if ci != "wald":
                s2w = mp.mpf(0) if q_tau <= mp.mpf("2.2e-16") else q_tau / df
                if ci == "hksj-adhoc":
                    s2w = max(s2w, mp.mpf(1))
                se, crit = wald * mp.sqrt(s2w), t1
            pis = {"z": None, "t-k1": None, "t-k2": None}
            if k >= 3:
                for name, c, e in (("z", z, se), ("t-k1", t1, se), ("t-k2", t2, wald)):
                    half = c * mp.sqrt(e * e + tau2)
                    pis[name] = [s(mu - half), s(mu + half)]
            tests[ci] = {"estimate": s(mu), "se": s(se), "ci": [s(mu - crit * se), s(mu + crit * se)], "pi": pis}
        fits[estimator] = {
            "tau2": s(tau2), "tau2_ci": [s(x) for x in tau2_ci], "q": s(q0), "q_p": s(pchisq_upper(q0, df)),
            "i2": s(tau2 / (tau2 + typical)), "h2": s(1 + tau2 / typical), "loglik": s(loglik(y, v, tau2)),
            "weights": [s(wi / total) for wi in w],
            "local_maxima": [[s(t), s(ll)] for t, ll in maxima], "tests": tests,
        }
    return {"name": data["name"], "kind": data["kind"], "k": k, "yi": data["yi"], "vi": data["vi"], "fits": fits}


def main() -> None:
    metafor = json.loads((HERE / "metafor_reference.json").read_text())
    sets = [one_set(data) for data in metafor["sets"] if data["kind"].startswith("hard")]
    out = {
        "generated_by": "tests/stats/reference/mpmath_reference.py",
        "mpmath_version": mp.__version__,
        "working_digits": mp.mp.dps,
        "digits": DIGITS,
        "notes": "every number a string of 40 significant digits; inputs yi, vi exactly as in metafor_reference.json",
        "sets": sets,
    }
    (HERE / "mpmath_reference.json").write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {len(sets)} sets")


if __name__ == "__main__":
    main()

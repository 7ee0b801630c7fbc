"""Small-study effects: Egger's regression test (Egger et al., 1997, *BMJ* 315:629).

Classical Egger: the weighted least-squares regression of the effects ``y_i`` on their
standard errors ``sei = sqrt(v_i)`` with weights ``1 / v_i``,

    y_i = b0 + b1 * sei + e_i,   Var(e_i) = phi * v_i  (phi estimated),

which is Egger's regression of ``y_i / sei`` on ``1 / sei`` with the roles of slope and
intercept swapped; the test of small-study asymmetry is ``t = b1 / se(b1)`` on ``k - 2``
degrees of freedom, two-sided. This is metafor's
``regtest(rma(yi, vi, method="FE"), model="lm", predictor="sei")`` (metafor 3.8
``R/regtest.rma.r``: ``lm(yi ~ X, weights = 1/vi)`` with the residual variance estimated),
checked to 1e-6 in ``tests/stats/test_publication_bias.py`` against
``tests/stats/reference/egger_reference.R``. ``limit`` is ``b0``, the estimate as ``sei -> 0``
(metafor's ``res$est``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kinship_evidence.frozen import frozen
from kinship_evidence.stats.distributions import pt
from kinship_evidence.stats.errors import PoolingError

__all__ = ["EggerTest", "egger_test"]


@frozen(slots=True)
class EggerTest:
    t: float  # b1 / se(b1): metafor's res$zval
    df: int  # k - 2: res$dfs
    p: float  # two-sided: res$pval
    limit: float  # b0, the intercept (res$est)


def egger_test(estimates: Sequence[float], variances: Sequence[float]) -> EggerTest:
    """Egger's regression test of ``estimates`` with sampling ``variances`` (at least 3 studies)."""
    ys, vs = [float(y) for y in estimates], [float(v) for v in variances]
    k = len(ys)
    if k != len(vs):
        raise PoolingError(f"{k} estimates but {len(vs)} variances")
    if k < 3:
        raise PoolingError(f"Egger's test needs at least 3 studies, got {k}")
    if not all(math.isfinite(y) for y in ys) or not all(math.isfinite(v) and v > 0 for v in vs):
        raise PoolingError("Egger's test needs finite estimates and positive finite variances")
    ses = [math.sqrt(v) for v in vs]
    ws = [1 / v for v in vs]
    # normal equations of the weighted regression on (1, sei), centred for accuracy
    sw = sum(ws)
    x_bar = sum(w * x for w, x in zip(ws, ses, strict=True)) / sw
    y_bar = sum(w * y for w, y in zip(ws, ys, strict=True)) / sw
    sxx = sum(w * (x - x_bar) ** 2 for w, x in zip(ws, ses, strict=True))
    if sxx <= 1e-300 * sw:
        raise PoolingError("Egger's test needs standard errors that differ between studies")
    sxy = sum(w * (x - x_bar) * (y - y_bar) for w, x, y in zip(ws, ses, ys, strict=True))
    b1 = sxy / sxx
    b0 = y_bar - b1 * x_bar
    df = k - 2
    phi = sum(w * (y - b0 - b1 * x) ** 2 for w, x, y in zip(ws, ses, ys, strict=True)) / df
    se_b1 = math.sqrt(phi / sxx)
    if se_b1 == 0:
        raise PoolingError("Egger's test is undefined: the effects lie exactly on a line in their standard errors")
    t = b1 / se_b1
    return EggerTest(t=t, df=df, p=2 * pt(-abs(t), df), limit=b0)

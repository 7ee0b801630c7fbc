"""The REML estimate of tau^2: the global maximum of the restricted likelihood, by construction.

Notation as in :mod:`kinship_evidence.stats.meta_analysis`; ``P = W - W 1 1' W / 1'W1``.
Twice the REML score is ``s(t) = f(t) - g(t)`` with ``f = Y'PPY`` and ``g = tr P``, and
its derivative is ``s'(t) = F(t) - G(t)`` with ``F = tr PP`` and ``G = 2 Y'PPPY``. Since
``dP/dt = -PP`` and P is positive semi-definite, all four of f, g, F, G *decrease* in t
(their derivatives are -2 Y'PPPY, -tr PP, -2 tr PPP, -6 Y'PPPPY). So on a cell [a, b]

* ``f(b) - g(a) <= s <= f(a) - g(b)``: if ``f(b) > g(a)`` the score is positive on the whole
  cell, if ``f(a) < g(b)`` negative: no root in the cell;
* likewise ``s' <= F(a) - G(b)``: a cell with ``s(a) > 0 >= s(b)`` and ``F(a) < G(b)`` holds
  exactly one root of the score, a local maximum of the likelihood.

Every other cell is split (geometrically when it spans more than a factor 4) until it is one
of these, or narrower than :data:`CELL_FLOOR` relative (then it counts as a maximum if the
score changes sign from + to - across it; two maxima closer than that are not told apart).

The cells cover [0, U] with ``U`` the largest root of ``(k-1)(vmin + t)^2 = D (vmax + t)``,
``D = sum (y_i - ybar)^2``: for ``t > U`` the score is negative, because
``Y'PPY = sum W_i^2 r_i^2 <= max W * Q(t) <= D / (vmin + t)^2`` (Q(t) is the minimum over c of
``sum W_i (y_i - c)^2``, at most its value at c = ybar) and ``tr P = S1 - S2/S1 >= S1 - max W
>= (k-1) / (vmax + t)``. So every maximum of the likelihood lies in [0, U]; they are the
boundary t = 0 when ``s(0) <= 0``, and one root in each maximum cell, refined by Newton's
method inside the cell (:func:`~kinship_evidence.stats.tau2.bracketed_root`). The one with
the highest restricted log-likelihood is the estimate; all of them are returned.
"""

from __future__ import annotations

import math
import sys
from typing import NamedTuple

from kinship_evidence.stats.errors import ConvergenceError
from kinship_evidence.stats.tau2 import (
    FUNCTION_TOLERANCE,
    TINY,
    bracketed_root,
    centred,
    mul,
    others,
    reml_loglik,
    spread,
)

#: Grid points per decade of tau^2 (rescaled) before the cells are split where needed.
GRID_PER_DECADE = 1
#: The grid starts at this fraction of the smallest variance, after the boundary point 0 (the
#: grid only sets the first cells: the certificates split them where needed).
GRID_START = 0.1
#: Cells narrower than this (relative to their upper end) are not split further.
CELL_FLOOR = 1e-10
#: Relative margin on the cell certificates, for rounding in f, g, F, G.
_MARGIN = 1e-10
#: Cell splits allowed beyond the grid; past them a cell counts by its end signs alone and the
#: result says the certificate is incomplete (never seen outside constructed near-ties).
SPLIT_BUDGET = 2000


class Pieces(NamedTuple):
    """f = Y'PPY, g = tr P, F = tr PP, G = 2 Y'PPPY at one tau^2 (all decreasing in tau^2)."""

    f: float
    g: float
    big_f: float
    big_g: float

    @property
    def score(self) -> float:
        return self.f - self.g

    @property
    def slope(self) -> float:
        return self.big_f - self.big_g


class RemlResult(NamedTuple):
    tau2: float  # rescaled
    evaluations: int  # of the score, over the grid, the cell splits and the refinements
    maxima: tuple[tuple[float, float], ...]  # every local maximum (rescaled tau^2, logLik), by tau^2
    certified: bool  # every cell was certified (False: the split budget ran out)


def pieces(ys: list[float], vs: list[float], tau2: float) -> Pieces:
    """f, g, F, G at tau2. When no weight is more than half the total, the plain forms
    ``tr P = S1 - S2/S1`` and ``tr PP = S2 - 2 S3/S1 + (S2/S1)^2`` lose at most a few digits'
    worth of k eps (tr P >= S1/2, tr PP >= S2/4); otherwise every sum is written so that it
    does not cancel: ``tr P = sum W_i (S1 - W_i) / S1``, ``tr PP = sum_i P_ii^2 + sum_i W_i^2
    (S2 - W_i^2) / S1^2`` with ``P_ii = W_i (S1 - W_i) / S1``, residuals centred on the heaviest
    study. ``Y'PPPY = sum W_i (a_i - abar)^2`` with ``a = W r`` and abar its W-weighted mean."""
    weights = [1 / (v + tau2) for v in vs]
    total = sum(weights)
    squares = list(map(mul, weights, weights))
    s2 = sum(squares)
    top = weights.index(max(weights))
    if 2 * weights[top] <= total:
        mu = sum(map(mul, weights, ys)) / total
        scaled = [w * (y - mu) for w, y in zip(weights, ys)]
        ratio = s2 / total
        g = total - ratio
        big_f = s2 - 2 * sum(map(mul, squares, weights)) / total + ratio * ratio
    else:
        scaled = list(map(mul, weights, centred(weights, total, top, ys)[1]))
        diagonal = [w * o / total for w, o in zip(weights, others(weights, total, top))]
        g = sum(diagonal)
        big_f = sum(map(mul, diagonal, diagonal)) + sum(map(mul, squares, others(squares, s2, top))) / total / total
    deviations = centred(weights, total, top, scaled)[1]
    return Pieces(sum(map(mul, scaled, scaled)), g, big_f, 2 * sum(w * d * d for w, d in zip(weights, deviations)))


def upper_bound(ys: list[float], vs: list[float]) -> float:
    """U of the module docstring: the score is negative for every tau^2 > U."""
    k = len(ys)
    d = spread(ys)
    if d == 0:
        return 0.0
    vmin, vmax = min(vs), max(vs)
    root = (d + math.sqrt(d * d + 4 * (k - 1) * d * (vmax - vmin))) / (2 * (k - 1))
    return max(0.0, root - vmin) * (1 + 1e-6)


def _grid(vs: list[float], top: float) -> list[float]:
    if not top > 0:
        return [0.0]
    if not math.isfinite(top):  # variances near the largest float: no grid can be laid
        raise OverflowError("the upper bound of tau^2 is outside floating point")
    points = [0.0]
    # a start that underflows to 0 would never grow: begin at the smallest normal float at least
    value = min(max(min(vs) * GRID_START, sys.float_info.min), top)
    factor = 10 ** (1 / GRID_PER_DECADE) if GRID_PER_DECADE else math.inf
    while value < top:
        points.append(value)
        value *= factor
    points.append(top)
    return points if top > 0 else [0.0]


def _one_sign(width: float, pa: Pieces, pb: Pieces) -> bool:
    """The first-order certificate: with ``F(b) - G(a) <= s' <= F(a) - G(b)`` on the cell,
    ``s(t) <= s(a) + (t - a) max(0, F(a) - G(b))`` and ``s(t) >= s(a) + (t - a) min(0, F(b) - G(a))``,
    and the same from b; so the score keeps one sign on the whole cell when these say so."""
    up, down = pa.big_f - pb.big_g, pb.big_f - pa.big_g  # sup and inf of s'
    sa, sb = pa.score, pb.score
    slack = _MARGIN * (pa.f + pa.g)
    if sa < 0 and sb < 0:
        return sa + width * max(0.0, up) < -slack or sb - width * min(0.0, down) < -slack
    if sa > 0 and sb > 0:
        return sa + width * min(0.0, down) > slack or sb - width * max(0.0, up) > slack
    return False


def _split(a: float, b: float, pa: Pieces, pb: Pieces) -> float:
    """Where to split an uncertified cell (it only decides speed, never the result): for a cell
    of one sign, a little short of where f and g, interpolated linearly, say a one-sign
    certificate would start to hold from the end nearer that sign; else the middle (geometric
    when the cell spans more than a factor 4)."""
    fraction = 0.5
    if pa.score < 0 and pb.score < 0 and pa.g > pb.g:  # certify [a, m]: needs g(m) > f(a)
        fraction = 0.8 * (pa.g - pa.f) / (pa.g - pb.g)
    elif pa.score > 0 and pb.score > 0 and pa.f > pb.f:  # certify [a, m]: needs f(m) > g(a)
        fraction = 0.8 * (pa.f - pa.g) / (pa.f - pb.f)
    fraction = min(max(fraction, 0.05), 0.95)
    if a > 0 and b > 4 * a:
        return a * math.exp(fraction * math.log(b / a))
    return a + fraction * (b - a)


def _evaluate(ys: list[float], vs: list[float], tau2: float) -> Pieces:
    values = pieces(ys, vs, tau2)
    if not all(map(math.isfinite, values)):
        raise ConvergenceError(
            "REML cannot be computed in floating point: the variances differ too much, or the effects "
            "lie too far apart, for their size"
        )
    return values


def _maximum_cells(
    ys: list[float], vs: list[float],
) -> tuple[list[tuple[float, float]], float, int, bool, dict[float, Pieces]]:
    """The cells that hold a maximum of the likelihood, s(0), the evaluations used, whether
    every cell was certified, and the pieces at every point evaluated."""
    grid = _grid(vs, upper_bound(ys, vs))
    at = {t: _evaluate(ys, vs, t) for t in grid}

    stack = list(zip(grid[-2::-1], grid[:0:-1]))  # cells from the left end first
    found: list[tuple[float, float]] = []
    budget = SPLIT_BUDGET
    certified = True
    while stack:
        a, b = stack.pop()
        pa, pb = at[a], at[b]
        if pb.f > pa.g * (1 + _MARGIN) or pa.f < pb.g * (1 - _MARGIN):
            continue  # one sign on the whole cell: no root
        sa, sb = pa.score, pb.score
        if sa > 0 >= sb and pa.big_f < pb.big_g * (1 - _MARGIN):
            found.append((a, b))  # s' < 0 on the cell: exactly one root, a maximum
            continue
        if sa <= 0 < sb and pb.big_f > pa.big_g * (1 + _MARGIN):
            continue  # s' > 0 on the cell: exactly one root, a minimum
        if _one_sign(b - a, pa, pb):
            continue
        if b - a <= CELL_FLOOR * b or b <= TINY or budget == 0:
            certified = certified and budget > 0
            if sa > 0 >= sb:
                found.append((a, b))
            continue
        budget -= 1
        middle = _split(a, b, pa, pb)
        at[middle] = _evaluate(ys, vs, middle)
        stack.extend(((middle, b), (a, middle)))
    return found, at[0.0].score, len(at), certified, at


def tau2_reml(ys: list[float], vs: list[float]) -> RemlResult:
    """The global maximum of the restricted likelihood over tau^2 >= 0 (rescaled units)."""
    cells, score0, evaluations, certified, at = _maximum_cells(ys, vs)
    candidates = [0.0] if score0 <= 0 else []

    def evaluate(t: float) -> tuple[float, float, bool]:
        known = at.get(t)
        values = known if known is not None else pieces(ys, vs, t)
        return values.score, values.slope, abs(values.score) <= FUNCTION_TOLERANCE * values.g

    for a, b in cells:
        start = a if abs(at[a].score) < abs(at[b].score) else b  # the end nearer the root, by |s|
        root, used = bracketed_root(evaluate, a, b, start, "REML estimate of tau^2")
        candidates.append(root)
        evaluations += used
    if not candidates:
        raise ConvergenceError("REML found no maximum of the restricted likelihood")  # s(U) < 0: unreachable
    maxima = tuple(sorted((t, reml_loglik(ys, vs, t)) for t in candidates))
    best = max(maxima, key=lambda item: item[1])
    return RemlResult(best[0], evaluations, maxima, certified)

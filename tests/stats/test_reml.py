"""``stats.reml.upper_bound``: the U that bounds every maximum of the restricted likelihood.

The module docstring defines U as the largest root of ``(k-1)(vmin + t)^2 = D (vmax + t)`` with
``D = sum (y_i - ybar)^2`` (kept a hair above it, by a relative 1e-6). The reference below solves
that quadratic in t directly, independently of the code's own rearrangement, and the score is
checked negative above U. (The mutation run of issue 21 left every arithmetic change to U alive.)
"""

from __future__ import annotations

import math
import random

import pytest

from kinship_evidence.stats.reml import pieces, upper_bound

SLACK = 1 + 1e-6


def _largest_root(ys: list[float], vs: list[float]) -> float:
    k, mean = len(ys), sum(ys) / len(ys)
    d = sum((y - mean) ** 2 for y in ys)
    vmin, vmax = min(vs), max(vs)
    a, b, c = k - 1, 2 * (k - 1) * vmin - d, (k - 1) * vmin * vmin - d * vmax
    return (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)


def _sets() -> list[tuple[list[float], list[float]]]:
    rng = random.Random(21)
    sets = [([0.1, 0.9, 0.4], [0.02, 0.05, 0.3]), ([-1.2, 2.5], [0.1, 0.1]), ([0.5, -0.5, 0.5, -0.5], [0.2, 0.4, 0.1, 0.3])]
    for k in (3, 7, 30):
        vs = [rng.uniform(0.01, 0.5) for _ in range(k)]
        sets.append(([rng.gauss(0, 1) for _ in range(k)], vs))
    return sets


@pytest.mark.parametrize(("ys", "vs"), _sets())
def test_the_upper_bound_is_the_largest_root_of_the_docstrings_quadratic(ys: list[float], vs: list[float]) -> None:
    expected = max(0.0, _largest_root(ys, vs)) * SLACK
    assert expected > 0
    assert math.isclose(upper_bound(ys, vs), expected, rel_tol=1e-9)


@pytest.mark.parametrize(("ys", "vs"), _sets())
def test_the_score_is_negative_above_the_upper_bound(ys: list[float], vs: list[float]) -> None:
    top = upper_bound(ys, vs)
    for t in (top, 1.5 * top, 10 * top):
        assert pieces(ys, vs, t).score < 0


def test_a_spread_of_exactly_one_is_bounded_like_any_other():
    ys, vs = [0.5, -0.5, 0.5, -0.5], [0.01, 0.02, 0.01, 0.03]  # sum of squares about the mean: exactly 1
    assert sum(y * y for y in ys) == 1.0
    assert math.isclose(upper_bound(ys, vs), _largest_root(ys, vs) * SLACK, rel_tol=1e-9)


def test_identical_estimates_bound_tau2_at_zero_and_a_root_below_zero_is_zero():
    assert upper_bound([0.3, 0.3, 0.3], [0.1, 0.2, 0.3]) == 0.0
    ys, vs = [0.0, 0.01], [1.0, 1.0]  # tiny spread, large variances: the root is below 0
    assert _largest_root(ys, vs) < 0 and upper_bound(ys, vs) == 0.0

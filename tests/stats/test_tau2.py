"""The root finder behind every tau^2 estimate (stats.tau2.bracketed_root), on functions whose
root is known. Added for the mutation run of issue 21."""

from __future__ import annotations

import math

import pytest

from kinship_evidence.stats.errors import ConvergenceError
from kinship_evidence.stats.tau2 import EPS, TINY, bracketed_root


def _constant(value, slope=-1.0, small=False):
    return lambda t: (value, slope, small)


def test_a_start_that_is_the_root_is_returned_after_one_evaluation() -> None:
    assert bracketed_root(_constant(0.0), 0.0, 2.0, 0.5, "f") == (0.5, 1)


def test_a_linear_function_is_solved_by_one_newton_step() -> None:
    assert bracketed_root(lambda t: (1.0 - t, -1.0, abs(1.0 - t) < 1e-12), 0.0, 4.0, 0.0, "f") == (1.0, 2)


def test_a_value_that_is_not_finite_is_a_convergence_error_saying_where() -> None:
    with pytest.raises(ConvergenceError) as caught:
        bracketed_root(_constant(math.nan), 0.0, 2.0, 0.5, "the Q equation for tau^2")
    assert str(caught.value) == "the Q equation for tau^2 cannot be computed in floating point at tau^2 = 0.5"
    with pytest.raises(ConvergenceError):
        bracketed_root(_constant(1.0, slope=math.inf), 0.0, 2.0, 0.5, "f")


def test_a_bracket_a_few_roundings_wide_returns_its_midpoint() -> None:
    lo, hi = 1.0, 1.0 + 2 * EPS
    assert bracketed_root(_constant(1.0), lo, hi, lo, "f") == ((lo + hi) / 2, 1)


def test_a_bracket_below_tiny_returns_its_midpoint() -> None:
    assert bracketed_root(_constant(1.0), 0.0, TINY, 0.0, "f") == (TINY / 2, 1)


def test_a_flat_slope_falls_back_on_bisection() -> None:
    root, _ = bracketed_root(lambda t: (1.0 - t, 0.0, False), 0.0, 4.0, 0.0, "f")
    assert root == pytest.approx(1.0, rel=1e-12)


def test_a_tiny_newton_step_stops_the_search_only_where_the_function_is_small() -> None:
    """From 1 - 1e-10 the Newton step is 1e-10 (below the step tolerance), but |f| is not
    called small: one more evaluation finds f(1) = 0."""
    assert bracketed_root(lambda t: (1.0 - t, -1.0, False), 0.0, 4.0, 1.0 - 1e-10, "f") == (1.0, 2)


@pytest.mark.parametrize(("lo", "hi", "start"), [(0.0, 1.0, 1.0 - 1e-10), (1.0, 2.0, 1.0 + 1e-10)])
def test_a_newton_step_onto_the_bracket_end_does_not_stop_the_search(lo, hi, start) -> None:
    root, evaluations = bracketed_root(lambda t: (1.0 - t, -1.0, True), lo, hi, start, "f")
    assert root == pytest.approx(1.0, rel=1e-12)
    assert evaluations > 1


def test_the_step_tolerance_is_relative_to_tau2() -> None:
    """Near a root of 0.001 a step of 1e-8 is 1e-5 of tau^2, far above the tolerance (1e-9 of it)."""
    root, evaluations = bracketed_root(lambda t: (1e-3 - t, -1.0, True), 0.0, 1.0, 1e-3 - 1e-8, "f")
    assert root == pytest.approx(1e-3, rel=1e-12)
    assert evaluations == 2


def test_a_newton_step_that_leaves_the_bracket_is_halved_until_inside() -> None:
    """From 0 the step is 8 (slope -1/8); halved to 4, 2, then 1, inside [0, 1.9]: the next point."""
    points = []

    def evaluate(t):
        points.append(t)
        return 1.0 - t, -0.125, False

    root, _ = bracketed_root(evaluate, 0.0, 1.9, 0.0, "f")
    assert points[:2] == [0.0, 1.0]
    assert root == 1.0


@pytest.mark.parametrize(
    ("estimates", "variances", "message"),
    [
        (None, [0.1], "estimates and variances must be sequences of numbers"),
        ([], [], "at least one study is needed (k >= 1)"),
        ([0.2, True], [0.1, 0.1], "study 1: estimate and variance must be numbers"),
        ([0.2, 0.3], [0.1, False], "study 1: estimate and variance must be numbers"),
        ([10**400], [0.1], "study 0: estimate or variance is too large for a floating-point number"),
        ([0.2], [math.inf], "study 0: variance must be finite and > 0, got inf"),
        ([0.2], [0.0], "study 0: variance must be finite and > 0, got 0.0"),
    ],
)
def test_invalid_inputs_to_a_pool_are_refused_saying_why(estimates, variances, message) -> None:
    from kinship_evidence.stats.errors import PoolingError
    from kinship_evidence.stats.tau2 import validate_inputs

    with pytest.raises(PoolingError) as caught:
        validate_inputs(estimates, variances)
    assert str(caught.value) == message

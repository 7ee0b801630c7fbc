"""Extreme and random input: a finite answer or a StatsError, never anything else.

Also: scale invariance (every effect and SE multiplied by 1e-6 or 1e6 gives
the same answer rescaled), the one error family, and the method values.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinship_evidence.stats import effects
from kinship_evidence.stats.errors import (
    ConvergenceError,
    EffectError,
    PoolingError,
    StatsError,
)
from kinship_evidence.stats.measures import SCALE_OF_MEASURE
from kinship_evidence.stats.meta_analysis import pool
from kinship_evidence.stats.methods import (
    CI_METHODS,
    ESTIMATORS,
    PREDICTION_METHODS,
    CIMethod,
    Estimator,
    PoolingMethods,
    PredictionMethod,
)

ALL_METHODS = [PoolingMethods(e, c, p) for e in ESTIMATORS for c in CI_METHODS for p in PREDICTION_METHODS]


def test_error_family() -> None:
    assert issubclass(StatsError, ValueError)
    assert issubclass(EffectError, StatsError) and issubclass(PoolingError, StatsError)
    assert issubclass(ConvergenceError, PoolingError)


# --------------------------------------------------------------------------- effect sizes at the edges


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: effects.from_estimate_se("smd", 0.1, 1e200), "too large"),
        (lambda: effects.from_estimate_se("smd", 0.1, 1e-200), "underflows"),
        (lambda: effects.from_estimate_se("odds-ratio", 1.5, 1e-200), "underflows"),
        (lambda: effects.from_groups("smd", 1.0, 1e200, 10, 0.0, 1.0, 10), "too large"),
        (lambda: effects.from_groups("mean-difference", 1.0, 1e200, 10, 0.0, 1.0, 10), "too large"),
        (lambda: effects.from_groups("smd", 1.0, 0.0, 10, 0.0, 0.0, 10), "zero"),
        (lambda: effects.from_groups("mean-difference", 1.0, 0.0, 10, 0.0, 0.0, 10), "zero"),
        (lambda: effects.from_groups("smd", 1.0, 1.0, 1, 0.0, 1.0, 1), "at least 2"),
        (lambda: effects.from_counts("odds-ratio", 1, 10**400, 2, 10), "too large"),
        (lambda: effects.from_groups("smd", 1.0, 1.0, 10**400, 0.0, 1.0, 10), "too large"),
        (lambda: effects.from_estimate_ci("smd", 0.5, 0.5, 0.5), "below"),
        (lambda: effects.from_estimate_ci("smd", 0.0, 0.0, 1e-300), "underflows"),
        (lambda: effects.from_groups("smd", 1.5e308, 1.0, 10, -1.5e308, 1.0, 10), "finite"),
    ],
)
def test_effects_fail_in_plain_words(call, words: str) -> None:
    with pytest.raises(EffectError, match=words):
        call()


def test_huge_but_representable_effects_are_computed() -> None:
    effect = effects.from_estimate_se("mean-difference", 1.5e308, 1e150)
    assert effect.variance == pytest.approx(1e300)
    effect = effects.from_groups("mean-difference", 1e150, 1e100, 10, 0.0, 1e100, 10)
    assert math.isfinite(effect.variance)


# --------------------------------------------------------------------------- pooling at the edges


@pytest.mark.parametrize("methods", ALL_METHODS, ids=str)
@pytest.mark.parametrize(
    ("ys", "vs"),
    [
        ([1.5e308, 1.6e308], [1.0, 1.0]),  # tau^2 ~ 5e613: not representable
        ([1e200, -1e200], [1e-200, 1e-200]),  # +-1e200 with se 1e-100
        ([1.5e308, -1.5e308], [1.0, 1.0]),  # the difference overflows
        ([1e-300, 2e-300, 0.5], [1e-300, 1e300, 1.0]),  # variances span 600 orders of magnitude
        ([1.0, 2.0, 3.0], [1e-320, 1e-320, 1e-320]),  # subnormal variances
        ([1.5e308, 1.5e308, 1.5e308], [1.0, 2.0, 3.0]),  # identical huge estimates
        ([1e200, 2e200, 3e200], [1e300, 1e300, 1e300]),
    ],
)
def test_pool_extremes_give_a_finite_answer_or_a_stats_error(ys, vs, methods) -> None:
    try:
        result = pool(ys, vs, methods)
    except StatsError as error:
        assert "floating" in str(error) or "converge" in str(error)
        return
    for value in (result.estimate, result.se, result.ci_low, result.ci_high, result.tau2, result.q, result.i2):
        assert math.isfinite(value)


def test_identical_huge_estimates_pool_to_themselves() -> None:
    result = pool([1.5e308, 1.5e308], [1.0, 2.0])
    assert result.estimate == 1.5e308 and result.tau2 == 0.0


@pytest.mark.parametrize("bad", [[10**400, 1.0], [float("inf"), 1.0]])
def test_pool_rejects_unrepresentable_input(bad) -> None:
    with pytest.raises(PoolingError):
        pool(bad, [1.0, 1.0])
    with pytest.raises(PoolingError):
        pool([1.0, 2.0], [1e-400, 1.0])  # a variance that is 0 in floating point


def test_pool_rejects_unknown_methods() -> None:
    for bad in ("ml", PoolingMethods.__name__):
        with pytest.raises(PoolingError, match="expected one of"):
            PoolingMethods(bad)
        with pytest.raises(PoolingError, match="must be a PoolingMethods value"):
            pool([0.1, 0.2], [0.1, 0.1], bad)  # type: ignore[arg-type]
    with pytest.raises(PoolingError, match="expected one of"):
        PoolingMethods(ci="knha")
    with pytest.raises(PoolingError):
        pool([0.1, 0.2], [0.1, 0.1], 3)  # type: ignore[arg-type]


finite = st.floats(allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=0.0, exclude_min=True, allow_infinity=False)
count = st.integers(min_value=-5, max_value=10**30) | st.integers(min_value=10**300, max_value=10**310)


@settings(max_examples=300, deadline=None)
@given(
    measure=st.sampled_from(["odds-ratio", "risk-ratio", "risk-difference"]),
    a=count, n1=count, c=count, n2=count,
)
def test_counts_finite_or_effect_error(measure, a, n1, c, n2) -> None:
    try:
        effect = effects.from_counts(measure, a, n1, c, n2)
    except StatsError:
        return
    assert math.isfinite(effect.estimate) and 0 < effect.variance < math.inf


@settings(max_examples=300, deadline=None)
@given(
    measure=st.sampled_from(["smd", "mean-difference"]),
    m1=finite, s1=finite, n1=count, m2=finite, s2=finite, n2=count,
)
def test_groups_finite_or_effect_error(measure, m1, s1, n1, m2, s2, n2) -> None:
    try:
        effect = effects.from_groups(measure, m1, s1, n1, m2, s2, n2)
    except StatsError:
        return
    assert math.isfinite(effect.estimate) and 0 < effect.variance < math.inf


@settings(max_examples=300, deadline=None)
@given(measure=st.sampled_from(list(SCALE_OF_MEASURE)), estimate=finite, se=finite,
       low=finite, high=finite)
def test_reported_estimates_finite_or_effect_error(measure, estimate, se, low, high) -> None:
    for call in (lambda: effects.from_estimate_se(measure, estimate, se),
                 lambda: effects.from_estimate_ci(measure, estimate, low, high)):
        try:
            effect = call()
        except StatsError:
            continue
        assert math.isfinite(effect.estimate) and 0 < effect.variance < math.inf
        if effect.scale == "log-odds-ratio":
            converted = effects.log_odds_ratio_to_smd(effect)
            assert math.isfinite(converted.estimate) and converted.variance > 0


@settings(max_examples=300, deadline=None)
@given(
    data=st.lists(st.tuples(finite, positive), min_size=1, max_size=8),
    methods=st.sampled_from(ALL_METHODS),
)
def test_pool_finite_or_stats_error(data, methods) -> None:
    try:
        result = pool([y for y, _ in data], [v for _, v in data], methods)
    except StatsError:
        return
    values = [result.estimate, result.se, result.ci_low, result.ci_high, result.tau2, result.q, result.i2,
              result.h2, result.loglik, *result.weights]
    values += [v for v in (result.tau2_ci_low, result.tau2_ci_high, result.q_p, result.pi_low, result.pi_high)
               if v is not None]
    assert all(math.isfinite(v) for v in values)
    assert result.tau2 >= 0 and 0 <= result.i2 <= 1


# --------------------------------------------------------------------------- scale invariance

scale_sets = st.lists(
    st.tuples(st.floats(-5, 5, allow_nan=False), st.floats(0.01, 2, allow_nan=False)), min_size=2, max_size=12
)

HARD = [
    ([0.2, 0.2, -5.0], [0.0316, 0.0316, 1.0]),  # bimodal restricted likelihood
    ([4.378, 3.822, 1.413], [1.343, 1.004, 0.698]),  # the currency example / 1000
    ([0.0, 0.0, 0.0, 0.0, 2.0], [3**0.5, 3**0.5, 3**0.5, 3**0.5, 0.125**0.5]),
]


def _check_rescaled(ys, ses, methods, factor) -> None:
    base = pool(ys, [s * s for s in ses], methods)
    scaled = pool([y * factor for y in ys], [(s * factor) ** 2 for s in ses], methods)
    for name in ("estimate", "se", "ci_low", "ci_high", "pi_low", "pi_high"):
        a, b = getattr(base, name), getattr(scaled, name)
        assert (a is None) == (b is None)
        if a is not None:
            assert b / factor == pytest.approx(a, rel=1e-7, abs=1e-9 * base.se), name
    for name in ("tau2", "tau2_ci_low", "tau2_ci_high"):
        a, b = getattr(base, name), getattr(scaled, name)
        assert b / factor**2 == pytest.approx(a, rel=1e-7, abs=1e-9 * base.se**2), name
    for name in ("q", "i2", "h2"):
        assert getattr(scaled, name) == pytest.approx(getattr(base, name), rel=1e-7, abs=1e-10), name
    assert scaled.weights == pytest.approx(base.weights, rel=1e-7, abs=1e-10)
    k = base.k
    assert scaled.loglik + (k - 1) * math.log(factor) == pytest.approx(base.loglik, abs=1e-7)


@pytest.mark.parametrize("factor", [1e-6, 1e-7, 1e6])
@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize(("ys", "ses"), HARD)
def test_hard_cases_are_scale_invariant(ys, ses, estimator, factor) -> None:
    _check_rescaled(ys, ses, PoolingMethods(estimator, CIMethod.HKSJ, PredictionMethod.T_K2), factor)


@settings(max_examples=60, deadline=None)
@given(data=scale_sets, factor=st.sampled_from([1e-6, 1e6]), estimator=st.sampled_from(ESTIMATORS))
def test_scale_invariance(data, factor, estimator) -> None:
    ys = [y for y, _ in data]
    ses = [s for _, s in data]
    _check_rescaled(ys, ses, PoolingMethods(estimator, "wald", "z"), factor)


# --------------------------------------------------------------------------- methods


def test_methods_values_and_description() -> None:
    assert ESTIMATORS == ("reml", "dl", "pm")
    assert CI_METHODS == ("wald", "hksj", "hksj-adhoc")
    assert PREDICTION_METHODS == ("none", "z", "t-k1", "t-k2")
    default = PoolingMethods()
    assert (default.estimator, default.ci, default.prediction) == (Estimator.REML, CIMethod.WALD, PredictionMethod.NONE)
    assert default.describe() == "REML, Wald z CI"
    assert Estimator.PM == "pm" and str(CIMethod.HKSJ_ADHOC) == "hksj-adhoc"
    assert PoolingMethods("pm", "hksj", "t-k2") == PoolingMethods(Estimator.PM, CIMethod.HKSJ, PredictionMethod.T_K2)
    assert "Paule-Mandel" in PoolingMethods("pm", "hksj", "t-k2").describe()
    assert pool([0.1, 0.5], [0.01, 0.02], PoolingMethods("dl")).methods == PoolingMethods("dl")


def test_hksj_adhoc_is_never_narrower_than_wald() -> None:
    ys, vs = [0.30, 0.31, 0.29, 0.30], [0.01, 0.02, 0.015, 0.01]  # Q far below df: s2w < 1
    wald = pool(ys, vs, PoolingMethods(ci="wald"))
    hksj = pool(ys, vs, PoolingMethods(ci="hksj"))
    adhoc = pool(ys, vs, PoolingMethods(ci="hksj-adhoc"))
    assert hksj.ci_high - hksj.ci_low < wald.ci_high - wald.ci_low
    assert adhoc.ci_high - adhoc.ci_low >= wald.ci_high - wald.ci_low


def test_prediction_interval_needs_three_studies() -> None:
    result = pool([0.1, 0.5], [0.01, 0.02], PoolingMethods(prediction="t-k2"))
    assert result.pi_low is None and result.pi_high is None
    assert any("at least 3" in note for note in result.notes)


def test_a_variance_that_underflows_the_reml_grid_is_a_stats_error_not_a_runaway() -> None:
    """Found by CI's hypothesis run: min(v) * GRID_START underflowed to 0, the grid never grew and
    memory ran out (24 GB). Now an answer or a StatsError, at once."""
    ys = [-1.966013775782924e16] * 3 + [-6.5490859968012104e16, -1.966013775782924e16]
    vs = [5e-324, 5e-324, 0.95, 1.2291133186284503e308, 1.2291133186284503e308]
    for data in ((ys, vs), ([0.0, 1.0, 2.0], [5e-324, 1.0, 2.0])):
        try:
            result = pool(*data, PoolingMethods("reml"))
        except StatsError:
            continue
        assert math.isfinite(result.tau2)

"""Tests for kinship_evidence.stats.meta_analysis against published metafor (R) results.

Sources of expected numbers ("metafor tests" = github.com/wviechtb/metafor,
tests/testthat/):

* test_misc_metan_vs_rma.uni_with_dat.bcg.r: rma(method="DL") and
  rma(method="FE") on dat.bcg log risk ratios and log odds ratios (checked
  there against Stata's metan).
* the printed output of ``rma(yi, vi, data=dat, method="REML")`` for the
  dat.bcg log risk ratios, as shown in the RoBMA vignette "Bayesian
  Meta-Analysis" (fbartos/RoBMA, 02-bayesian-meta-analysis): tau^2 0.3132,
  Q(df = 12) = 152.2330, estimate -0.7145, se 0.1798, CI [-1.0669, -0.3622];
  tau^2 = 0.3132 is also asserted in metafor tests test_misc_rma_mv.r (the
  equivalent rma.mv(random = ~ 1 | trial) REML fit).
* test_misc_rma_uni.r: REML tau^2 = 1.0090 for Hedges' g of
  dat.normand1999 studies 1-4.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_effects import BCG, NORMAND

from kinship_evidence.stats.effects import Z95, from_counts, from_groups
from kinship_evidence.stats.meta_analysis import (
    ConvergenceError,
    PooledEffect,
    PoolingMethods,
    pool,
)
from kinship_evidence.stats.methods import I2Method

TOL = 5e-5  # published values are rounded to 4 decimals


def bcg(measure: str) -> tuple[list[float], list[float]]:
    effects = [from_counts(measure, a, a + b, c, c + d) for a, b, c, d in BCG]
    return [e.estimate for e in effects], [e.variance for e in effects]


# --------------------------------------------------------------------------- published values


def test_bcg_log_risk_ratio_reml() -> None:
    result = pool(*bcg("risk-ratio"), PoolingMethods("reml", i2=I2Method.Q))
    assert isinstance(result, PooledEffect)
    assert (result.method, result.k, result.df) == ("reml", 13, 12)
    # metafor rma(yi, vi, method="REML") printed output (see module docstring)
    assert result.estimate == pytest.approx(-0.7145, abs=TOL)
    assert result.se == pytest.approx(0.1798, abs=TOL)
    assert result.ci_low == pytest.approx(-1.0669, abs=TOL)
    assert result.ci_high == pytest.approx(-0.3622, abs=TOL)
    assert result.estimate / result.se == pytest.approx(-3.9744, abs=TOL)  # zval
    assert result.tau2 == pytest.approx(0.3132, abs=TOL)
    assert result.q == pytest.approx(152.2330, abs=TOL)
    # The old API (an estimator string) keeps the Q-based I^2, which equals
    # metafor's DL I^2 of 92.1173% (test_misc_metan_vs_rma.uni_with_dat.bcg.r,
    # DL, measure='RR').
    assert result.i2 == pytest.approx(0.921173, abs=5e-7)
    assert result.iterations > 0


def test_bcg_log_risk_ratio_reml_default_methods() -> None:
    # PoolingMethods() (REML, Wald, tau^2-based I^2): metafor prints I^2 92.22%,
    # H^2 12.86 for rma(yi, vi, method="REML") on these data (RoBMA vignette
    # output, see the module docstring); exact values from metafor 3.8 in
    # reference/metafor_reference.json: I^2 0.922213845212689, H^2 12.8557582353092,
    # Q-profile CI of tau^2 [0.1197, 1.1115] (confint(res)), logLik -12.2024
    result = pool(*bcg("risk-ratio"))
    assert result.methods == PoolingMethods() and result.method == "reml"
    assert result.i2 == pytest.approx(0.922213845212689, abs=1e-9)
    assert round(100 * result.i2, 2) == 92.22
    assert result.h2 == pytest.approx(12.8557582353092, rel=1e-9)
    assert (result.tau2_ci_low, result.tau2_ci_high) == pytest.approx((0.119718361141261, 1.11147908406093), rel=1e-8)
    assert result.loglik == pytest.approx(-12.2023714154936, abs=1e-9)
    assert result.q_p == pytest.approx(1.99676459084597e-26, rel=1e-8)
    assert math.fsum(result.weights) == pytest.approx(1.0, abs=1e-12)
    assert result.notes == ()


def test_bcg_log_risk_ratio_dl() -> None:
    result = pool(*bcg("risk-ratio"), PoolingMethods("dl", i2=I2Method.Q))
    assert (result.method, result.iterations) == ("dl", 0)
    # metafor tests test_misc_metan_vs_rma.uni_with_dat.bcg.r, "RE model w/ DL estimator, measure='RR'"
    assert result.estimate == pytest.approx(-0.7141, abs=TOL)
    assert result.ci_low == pytest.approx(-1.0644, abs=TOL)
    assert result.ci_high == pytest.approx(-0.3638, abs=TOL)
    assert result.estimate / result.se == pytest.approx(-3.9952, abs=TOL)
    assert result.tau2 == pytest.approx(0.3088, abs=TOL)
    assert result.i2 * 100 == pytest.approx(92.1173, abs=TOL)
    # ... "FE model, measure='RR'": QE = 152.2330
    assert result.q == pytest.approx(152.2330, abs=TOL)
    # predict(res, transf=exp): 0.4896 [0.3449, 0.6950]
    assert math.exp(result.estimate) == pytest.approx(0.4896, abs=TOL)
    assert math.exp(result.ci_low) == pytest.approx(0.3449, abs=TOL)
    assert math.exp(result.ci_high) == pytest.approx(0.6950, abs=TOL)


def test_bcg_log_odds_ratio_dl() -> None:
    result = pool(*bcg("odds-ratio"), PoolingMethods("dl", i2=I2Method.Q))
    # metafor tests test_misc_metan_vs_rma.uni_with_dat.bcg.r, "RE model w/ DL estimator, measure='OR'"
    assert result.estimate == pytest.approx(-0.7474, abs=TOL)
    assert result.ci_low == pytest.approx(-1.1242, abs=TOL)
    assert result.ci_high == pytest.approx(-0.3706, abs=TOL)
    assert result.estimate / result.se == pytest.approx(-3.8873, abs=TOL)
    assert result.tau2 == pytest.approx(0.3663, abs=TOL)
    assert result.i2 * 100 == pytest.approx(92.6455, abs=TOL)
    # ... "FE model, measure='OR'": QE = 163.1649
    assert result.q == pytest.approx(163.1649, abs=TOL)
    # predict(res, transf=exp): 0.4736 [0.3249, 0.6903]
    assert math.exp(result.estimate) == pytest.approx(0.4736, abs=TOL)
    assert math.exp(result.ci_low) == pytest.approx(0.3249, abs=TOL)
    assert math.exp(result.ci_high) == pytest.approx(0.6903, abs=TOL)


def test_normand1999_hedges_g_reml_tau2() -> None:
    effects = [from_groups("smd", m1, sd1, n1, m2, sd2, n2) for n1, m1, sd1, n2, m2, sd2 in NORMAND[:4]]
    result = pool([e.estimate for e in effects], [e.variance for e in effects], PoolingMethods("reml", i2=I2Method.Q))
    # metafor tests test_misc_rma_uni.r, "rma() works directly with input for measure='SMD'": tau2 1.0090
    assert result.tau2 == pytest.approx(1.0090, abs=TOL)


# --------------------------------------------------------------------------- special cases


@pytest.mark.parametrize("method", ["reml", "dl"])
def test_single_study_is_returned_unchanged(method: str) -> None:
    result = pool([0.4], [0.09], PoolingMethods(method, i2=I2Method.Q))
    assert result == PooledEffect(
        methods=PoolingMethods(method, i2=I2Method.Q), k=1, estimate=0.4, se=0.3, ci_low=0.4 - Z95 * 0.3,
        ci_high=0.4 + Z95 * 0.3, tau2=0.0, tau2_ci_low=None, tau2_ci_high=None, q=0.0, df=0, q_p=None,
        i2=0.0, h2=1.0, pi_low=None, pi_high=None, weights=(1.0,), iterations=0, loglik=0.0,
    )
    assert result.method == method


@pytest.mark.parametrize("method", ["reml", "dl"])
def test_identical_estimates_give_no_heterogeneity(method: str) -> None:
    result = pool([0.2, 0.2, 0.2], [0.1, 0.2, 0.3], PoolingMethods(method))
    assert result.tau2 == 0.0
    assert result.q == pytest.approx(0.0, abs=1e-15)
    assert result.i2 == 0.0
    assert result.estimate == pytest.approx(0.2)
    assert result.se == pytest.approx(math.sqrt(1 / (10 + 5 + 10 / 3)))


def test_default_method_is_reml() -> None:
    assert pool([0.1, 0.5], [0.01, 0.02]).method == "reml"


@pytest.mark.parametrize(
    ("estimates", "variances", "method"),
    [
        ([], [], "reml"),
        ([0.1, 0.2], [0.1], "reml"),
        ([0.1, 0.2], [0.1, 0.0], "dl"),
        ([0.1, 0.2], [0.1, -0.1], "dl"),
        ([0.1, 0.2], [0.1, float("inf")], "reml"),
        ([0.1, float("nan")], [0.1, 0.1], "reml"),
        (["a", 0.2], [0.1, 0.1], "dl"),
    ],
)
def test_invalid_input_raises_value_error(estimates, variances, method) -> None:
    with pytest.raises(ValueError, match=r"(?i)estimate|variance|same length|at least|finite|number"):
        pool(estimates, variances, PoolingMethods(method))


def test_an_unknown_estimator_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="ml"):
        PoolingMethods("ml")


def test_methods_travel_as_one_value_never_a_string() -> None:
    """Issue 21: ``pool(..., "reml")`` once switched silently to the Q-based I^2."""
    from kinship_evidence.stats.errors import PoolingError

    with pytest.raises(PoolingError, match="PoolingMethods"):
        pool([0.1, 0.5], [0.01, 0.02], "reml")  # type: ignore[arg-type]


def test_convergence_error_is_a_value_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from kinship_evidence.stats import tau2

    assert issubclass(ConvergenceError, ValueError)
    monkeypatch.setattr(tau2, "MAX_ITERATIONS", 1)
    with pytest.raises(ConvergenceError):
        pool(*bcg("risk-ratio"), PoolingMethods("reml", i2=I2Method.Q))


# --------------------------------------------------------------------------- properties

studies = st.lists(
    st.tuples(st.floats(-5, 5, allow_nan=False), st.floats(1e-3, 10, allow_nan=False)),
    min_size=1,
    max_size=12,
)
methods = st.sampled_from(["reml", "dl"])


@settings(max_examples=150, deadline=None)
@given(data=studies, method=methods)
def test_pooled_estimate_lies_within_the_study_estimates(data, method: str) -> None:
    estimates = [y for y, _ in data]
    result = pool(estimates, [v for _, v in data], PoolingMethods(method))
    assert min(estimates) - 1e-9 <= result.estimate <= max(estimates) + 1e-9
    assert result.tau2 >= 0
    assert 0 <= result.i2 < 1
    assert result.q >= 0
    assert result.ci_low < result.estimate < result.ci_high
    assert (result.k, result.df) == (len(data), len(data) - 1)


@settings(max_examples=100, deadline=None)
@given(data=studies, method=methods, seed=st.randoms(use_true_random=False))
def test_permutation_invariance(data, method: str, seed) -> None:
    shuffled = list(data)
    seed.shuffle(shuffled)
    first = pool([y for y, _ in data], [v for _, v in data], PoolingMethods(method))
    second = pool([y for y, _ in shuffled], [v for _, v in shuffled], PoolingMethods(method))
    assert second.estimate == pytest.approx(first.estimate, abs=1e-9)
    assert second.se == pytest.approx(first.se, rel=1e-9)
    assert second.tau2 == pytest.approx(first.tau2, abs=1e-9)
    assert second.q == pytest.approx(first.q, rel=1e-9, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(
    mean=st.floats(-3, 3, allow_nan=False),
    variances=st.lists(st.floats(0.01, 5, allow_nan=False), min_size=2, max_size=10),
)
def test_dl_and_reml_agree_on_homogeneous_data(mean: float, variances: list[float]) -> None:
    estimates = [mean] * len(variances)
    reml = pool(estimates, variances, PoolingMethods("reml", i2=I2Method.Q))
    dl = pool(estimates, variances, PoolingMethods("dl", i2=I2Method.Q))
    assert reml.tau2 == dl.tau2 == 0.0
    assert reml.estimate == pytest.approx(dl.estimate, abs=1e-12)
    assert reml.se == pytest.approx(dl.se, rel=1e-12)
    # with tau^2 = 0 the result is the fixed-effect (inverse-variance) mean
    weights = [1 / v for v in variances]
    assert dl.se == pytest.approx(math.sqrt(1 / sum(weights)), rel=1e-12)


@settings(max_examples=100, deadline=None)
@given(estimate=st.floats(-10, 10, allow_nan=False), variance=st.floats(1e-4, 100), method=methods)
def test_single_study_identity(estimate: float, variance: float, method: str) -> None:
    result = pool([estimate], [variance], PoolingMethods(method))
    assert (result.estimate, result.tau2, result.q, result.i2, result.k) == (estimate, 0.0, 0.0, 0.0, 1)
    assert result.se == pytest.approx(math.sqrt(variance))


@settings(max_examples=100, deadline=None)
@given(data=studies.filter(lambda d: len(d) >= 2), shift=st.floats(-5, 5, allow_nan=False))
def test_shifting_all_estimates_shifts_the_pooled_estimate(data, shift: float) -> None:
    estimates = [y for y, _ in data]
    variances = [v for _, v in data]
    base = pool(estimates, variances)
    moved = pool([y + shift for y in estimates], variances)
    assert moved.estimate == pytest.approx(base.estimate + shift, abs=1e-7)
    assert moved.tau2 == pytest.approx(base.tau2, abs=1e-7)


@settings(max_examples=150, deadline=None)
@given(data=studies.filter(lambda d: len(d) >= 2))
def test_reml_tau2_solves_the_reml_score_equation(data) -> None:
    # at an interior REML solution the score Y'PPY - tr(P) is zero; at the
    # boundary tau^2 = 0 it is not positive
    from kinship_evidence.stats.reml import pieces

    estimates = [y for y, _ in data]
    variances = [v for _, v in data]
    result = pool(estimates, variances, PoolingMethods("reml", i2=I2Method.Q))
    at = pieces(estimates, variances, result.tau2)
    if result.tau2 > 0:
        assert abs(at.score) <= 1e-8 * at.g
    else:
        assert at.score <= 1e-9 * at.g


def test_reml_converges_where_plain_fisher_scoring_oscillates() -> None:
    # plain Fisher scoring from the DL estimate oscillates between ~0.5 and ~1.1
    # here and needs hundreds of iterations; the REML maximum is tau^2 ~ 0.77
    result = pool([0.0, 0.0, 0.0, 0.0, 2.0], [3.0, 3.0, 3.0, 3.0, 0.125], PoolingMethods("reml", i2=I2Method.Q))
    assert 0.5 < result.tau2 < 1.1
    assert result.iterations < 50


def test_the_note_on_several_likelihood_maxima_lists_each_one() -> None:
    from kinship_evidence.stats.meta_analysis import _maxima_note

    assert _maxima_note(((0.0, -11.694), (7.99, -11.2)), 7.99) == (
        "restricted likelihood has 2 local maxima: tau^2=0 (logLik -11.69), tau^2=7.99 (logLik -11.20); took the global one, tau^2=7.99"
    )


def test_one_study_under_hksj_is_given_a_wald_interval_with_a_note() -> None:
    result = pool([0.3], [0.01], PoolingMethods(ci="hksj"))
    assert result.notes == ("one study: no degrees of freedom for the HKSJ interval; Wald interval given",)
    assert (result.ci_low, result.ci_high) == pytest.approx((0.3 - Z95 * 0.1, 0.3 + Z95 * 0.1))


@pytest.mark.parametrize("k", [1, 2])
def test_a_prediction_interval_asked_of_fewer_than_three_studies_is_a_note(k) -> None:
    result = pool([0.3, 0.5][:k], [0.01, 0.02][:k], PoolingMethods(prediction="t-k2"))
    assert result.notes == ("prediction interval needs at least 3 studies",)
    assert (result.pi_low, result.pi_high) == (None, None)


def test_only_reml_reports_likelihood_maxima() -> None:
    assert pool([0.3, 0.5], [0.01, 0.02], PoolingMethods(estimator="dl")).likelihood_maxima == ()


@pytest.mark.parametrize(
    ("estimates", "variances"),
    [
        ([1e308, -1e308], [1e-300, 1e-300]),  # the rescaled effects overflow
        ([0.1, 0.2], [1e-300, 1e300]),  # a rescaled variance underflows to 0
        ([0.1, 0.2, 0.3], [1e300, 1e-300, 1e-300]),  # a rescaled variance overflows
    ],
)
def test_studies_that_cannot_be_pooled_in_floating_point_are_refused_saying_why(estimates, variances) -> None:
    with pytest.raises(ConvergenceError) as caught:
        pool(estimates, variances)
    assert str(caught.value) == (
        "the studies cannot be pooled in floating point: the effects are too far apart, or the variances too different, for their size"
    )


def test_a_pooled_estimate_that_cannot_be_computed_in_floating_point_is_refused_saying_why() -> None:
    with pytest.raises(ConvergenceError) as caught:
        pool([1e300, -1e300, 0.0], [1.0, 1.0, 1.0])
    assert str(caught.value) == (
        "the pooled estimate cannot be computed in floating point: the effects are too far apart, or the variances too different, for their size"
    )


def test_q_based_i2_of_identical_estimates_is_zero() -> None:
    result = pool([0.3, 0.3], [0.01, 0.02], PoolingMethods(i2=I2Method.Q))
    assert result.q == 0.0
    assert result.i2 == 0.0

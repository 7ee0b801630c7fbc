"""Tests for kinship_evidence.stats.effects against published metafor (R) results.

Data sets (values as distributed with R's metafor/metadat):

* ``dat.bcg`` (13 BCG vaccine trials; columns tpos, tneg, cpos, cneg), as stored
  in the JASP data library, github.com/jasp-stats/jasp-data-library,
  "BCG Vaccine/BCG Vaccine.csv", which also lists metafor's log odds ratio
  (ES) and its standard error (SE) for every trial; the same counts and log
  odds ratios are printed on metafor-project.org/doku.php/analyses:vanhouwelingen2002.
* ``dat.normand1999`` (9 stroke-unit studies; n1i m1i sd1i n2i m2i sd2i), as
  printed by ``head(dat_normand1999)`` and in the metafor
  tests/testthat/test_misc_escalc.r subset used below.

"metafor tests" below means files in github.com/wviechtb/metafor, tests/testthat/.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinship_evidence.stats.effects import (
    SCALES,
    Z95,
    EffectSize,
    from_counts,
    from_estimate_ci,
    from_estimate_se,
    from_groups,
    log_odds_ratio_to_smd,
    scale_of,
)
from kinship_evidence.stats.errors import EffectError

#: dat.bcg as (tpos, tneg, cpos, cneg), trials 1..13.
BCG = [
    (4, 119, 11, 128),
    (6, 300, 29, 274),
    (3, 228, 11, 209),
    (62, 13536, 248, 12619),
    (33, 5036, 47, 5761),
    (180, 1361, 372, 1079),
    (8, 2537, 10, 619),
    (505, 87886, 499, 87892),
    (29, 7470, 45, 7232),
    (17, 1699, 65, 1600),
    (186, 50448, 141, 27197),
    (5, 2493, 3, 2338),
    (27, 16886, 29, 17825),
]

#: dat.normand1999 as (n1i, m1i, sd1i, n2i, m2i, sd2i), studies 1..9.
NORMAND = [
    (155, 55, 47, 156, 75, 64),
    (31, 27, 7, 32, 29, 4),
    (75, 64, 17, 71, 119, 29),
    (18, 66, 20, 18, 137, 48),
    (8, 14, 8, 13, 18, 11),
    (57, 19, 7, 52, 18, 4),
    (34, 52, 45, 33, 41, 34),
    (110, 21, 16, 183, 31, 27),
    (60, 30, 27, 52, 23, 20),
]


def bcg_effect(measure: str, trial: int) -> EffectSize:
    tpos, tneg, cpos, cneg = BCG[trial]
    return from_counts(measure, tpos, tpos + tneg, cpos, cpos + cneg)


def normand_effect(measure: str, study: int) -> EffectSize:
    n1, m1, sd1, n2, m2, sd2 = NORMAND[study]
    return from_groups(measure, m1, sd1, n1, m2, sd2, n2)


# --------------------------------------------------------------------------- published values


def test_log_risk_ratio_bcg_trial_1() -> None:
    effect = bcg_effect("risk-ratio", 0)
    assert effect.scale == "log-risk-ratio"
    # metafor tests test_misc_escalc.r, "escalc() works correctly for measure='RR'":
    # yi[1] = -0.8893, vi[1] = 0.3256
    assert effect.estimate == pytest.approx(-0.8893, abs=5e-5)
    assert effect.variance == pytest.approx(0.3256, abs=5e-5)
    # test_misc_escalc.r, summary() with out.names: sei1 0.5706, ci.lb1 -2.0077, ci.ub1 0.2290
    assert effect.se == pytest.approx(0.5706, abs=5e-5)
    assert effect.ci_low == pytest.approx(-2.0077, abs=5e-5)
    assert effect.ci_high == pytest.approx(0.2290, abs=5e-5)


def test_log_odds_ratio_bcg_trial_1_interval() -> None:
    effect = bcg_effect("odds-ratio", 0)
    assert effect.scale == "log-odds-ratio"
    # metafor tests test_misc_escalc.r, summary() with out.names:
    # zi2 -1.5708, sei2 0.5976, ci.lb2 -2.1100, ci.ub2 0.2326
    assert effect.se == pytest.approx(0.5976, abs=5e-5)
    assert effect.estimate / effect.se == pytest.approx(-1.5708, abs=5e-5)
    assert effect.ci_low == pytest.approx(-2.1100, abs=5e-5)
    assert effect.ci_high == pytest.approx(0.2326, abs=5e-5)


# metafor escalc(measure="OR") log odds ratios (ES) and standard errors (SE) for
# dat.bcg, from jasp-stats/jasp-data-library "BCG Vaccine/BCG Vaccine.csv";
# the yi/vi column on metafor-project.org/doku.php/analyses:vanhouwelingen2002
# agrees (e.g. trial 1: yi -0.9387, vi 0.3571).
BCG_LOG_OR = [
    (-0.9387, 0.5976),
    (-1.6662, 0.4562),
    (-1.3863, 0.6583),
    (-1.4564, 0.1425),
    (-0.2191, 0.2279),
    (-0.9581, 0.0995),
    (-1.6338, 0.4765),
    (0.0120, 0.0633),
    (-0.4717, 0.2387),
    (-1.4012, 0.2746),
    (-0.3408, 0.1119),
    (0.4466, 0.7309),
    (-0.0173, 0.2676),
]


@pytest.mark.parametrize("trial", range(13))
def test_log_odds_ratio_bcg_all_trials(trial: int) -> None:
    expected_estimate, expected_se = BCG_LOG_OR[trial]
    effect = bcg_effect("odds-ratio", trial)
    assert effect.estimate == pytest.approx(expected_estimate, abs=5e-5)
    assert effect.se == pytest.approx(expected_se, abs=5e-5)


def test_hedges_g_normand1999_first_four_studies() -> None:
    # metafor tests test_misc_escalc.r, "escalc() works correctly for measure='SMD/SMDH/ROM'":
    # escalc(measure="SMD", ..., data=dat.normand1999, subset=1:4)
    expected_yi = [-0.3552, -0.3479, -2.3176, -1.8880]
    expected_vi = [0.0131, 0.0645, 0.0458, 0.1606]
    for study in range(4):
        effect = normand_effect("smd", study)
        assert effect.scale == "smd"
        assert effect.estimate == pytest.approx(expected_yi[study], abs=5e-5)
        assert effect.variance == pytest.approx(expected_vi[study], abs=5e-5)


def test_mean_difference_normand1999() -> None:
    # metafor escalc(measure="MD", m1i, sd1i, n1i, m2i, sd2i, n2i, data=dat.normand1999),
    # printed output yi / vi for all 9 studies (stored vignette output; the
    # variances are sd1i^2/n1i + sd2i^2/n2i, e.g. 47^2/155 + 64^2/156 = 40.5080).
    expected_yi = [-20, -2, -55, -71, -4, 1, 11, -10, 7]
    expected_vi = [40.5080, 2.0806, 15.6984, 150.2222, 17.3077, 1.1673, 94.5891, 6.3109, 19.8423]
    for study in range(9):
        effect = normand_effect("mean-difference", study)
        assert effect.scale == "mean-difference"
        assert effect.estimate == pytest.approx(expected_yi[study], abs=5e-5)
        assert effect.variance == pytest.approx(expected_vi[study], abs=5e-5)


def test_log_odds_ratio_to_smd_matches_metafor_or2d() -> None:
    # metafor tests test_misc_escalc.r, measure='OR2D' (logistic conversion) on the
    # Handbook of Research Synthesis Table 13.4 table ai=135, bi=15, ci=40, di=10:
    # yi 0.4471, sei 0.2460
    smd = log_odds_ratio_to_smd(from_counts("odds-ratio", 135, 150, 40, 50))
    assert smd.scale == "smd"
    assert smd.estimate == pytest.approx(0.4471, abs=5e-5)
    assert smd.se == pytest.approx(0.2460, abs=5e-5)


# --------------------------------------------------------------------------- zero cells


def test_zero_cell_adds_one_half_to_every_cell() -> None:
    # metafor escalc default add=1/2, to="only0" (R/escalc.r): a table with a zero
    # cell gets 0.5 added to all four cells. 0/10 vs 5/10 -> cells 0.5, 10.5, 5.5, 5.5.
    # (Hand-derived from that rule, not a published number.)
    odds = from_counts("odds-ratio", 0, 10, 5, 10)
    assert odds.estimate == pytest.approx(math.log(0.5 * 5.5 / (10.5 * 5.5)), abs=1e-12)
    assert odds.variance == pytest.approx(1 / 0.5 + 1 / 10.5 + 1 / 5.5 + 1 / 5.5, abs=1e-12)
    risk = from_counts("risk-ratio", 0, 10, 5, 10)
    assert risk.estimate == pytest.approx(math.log((0.5 / 11) / (5.5 / 11)), abs=1e-12)
    assert risk.variance == pytest.approx(1 / 0.5 - 1 / 11 + 1 / 5.5 - 1 / 11, abs=1e-12)
    # the risk difference is adjusted too (escalc computes RD from the adjusted counts)
    diff = from_counts("risk-difference", 0, 10, 5, 10)
    p1, p2 = 0.5 / 11, 5.5 / 11
    assert diff.estimate == pytest.approx(p1 - p2, abs=1e-12)
    assert diff.variance == pytest.approx(p1 * (1 - p1) / 11 + p2 * (1 - p2) / 11, abs=1e-12)


def test_all_events_cell_zero_also_triggers_correction() -> None:
    # a zero non-event cell (10/10 events) is a zero cell as well
    effect = from_counts("odds-ratio", 10, 10, 5, 10)
    assert effect.estimate == pytest.approx(math.log(10.5 * 5.5 / (0.5 * 5.5)), abs=1e-12)


def test_no_zero_cell_means_no_correction() -> None:
    effect = from_counts("odds-ratio", 1, 10, 2, 10)
    assert effect.estimate == pytest.approx(math.log(1 * 8 / (9 * 2)), abs=1e-12)


@pytest.mark.parametrize("measure", ["odds-ratio", "risk-ratio"])
def test_double_zero_ratio_is_undefined(measure: str) -> None:
    with pytest.raises(ValueError, match="no events in either group"):
        from_counts(measure, 0, 20, 0, 25)
    with pytest.raises(ValueError, match="every participant had the event"):
        from_counts(measure, 20, 20, 25, 25)


def test_double_zero_risk_difference_is_zero() -> None:
    effect = from_counts("risk-difference", 0, 20, 0, 25)
    assert effect.estimate == pytest.approx(0.5 / 21 - 0.5 / 26, abs=1e-12)
    assert effect.variance > 0


# --------------------------------------------------------------------------- reported estimates


def test_from_estimate_se_logs_ratio_measures() -> None:
    effect = from_estimate_se("risk-ratio", 0.5, 0.2)
    assert effect.scale == "log-risk-ratio"
    assert effect.estimate == pytest.approx(math.log(0.5))
    assert effect.se == pytest.approx(0.2)
    diff = from_estimate_se("mean-difference", -3.0, 1.5)
    assert (diff.scale, diff.estimate, diff.variance) == ("mean-difference", -3.0, pytest.approx(2.25))


def test_from_estimate_ci_round_trips_a_wald_interval() -> None:
    original = bcg_effect("risk-ratio", 0)
    back = from_estimate_ci(
        "risk-ratio", math.exp(original.estimate), math.exp(original.ci_low), math.exp(original.ci_high)
    )
    assert back.scale == "log-risk-ratio"
    assert back.estimate == pytest.approx(original.estimate, abs=1e-12)
    assert back.se == pytest.approx(original.se, abs=1e-12)


def test_from_estimate_ci_uses_reported_point_and_width() -> None:
    effect = from_estimate_ci("smd", 0.3, 0.1, 0.7)
    assert effect.estimate == 0.3
    assert effect.se == pytest.approx(0.6 / (2 * Z95))


# --------------------------------------------------------------------------- validation


def test_scale_of() -> None:
    assert scale_of("odds-ratio") == "log-odds-ratio"
    assert scale_of("risk-ratio") == "log-risk-ratio"
    for measure in ("risk-difference", "smd", "mean-difference"):
        assert scale_of(measure) == measure
    with pytest.raises(ValueError, match="unknown measure"):
        scale_of("hazard-ratio")


@pytest.mark.parametrize(
    "call",
    [
        lambda: from_counts("smd", 1, 10, 2, 10),
        lambda: from_counts("odds-ratio", 11, 10, 2, 10),
        lambda: from_counts("odds-ratio", -1, 10, 2, 10),
        lambda: from_counts("odds-ratio", 1.5, 10, 2, 10),
        lambda: from_counts("odds-ratio", 0, 0, 2, 10),
        lambda: from_groups("odds-ratio", 1, 1, 10, 0, 1, 10),
        lambda: from_groups("smd", 1, -1, 10, 0, 1, 10),
        lambda: from_groups("smd", 1, 0, 10, 0, 0, 10),
        lambda: from_groups("smd", 1, 1, 1, 0, 1, 10),
        lambda: from_groups("mean-difference", 1, 0, 10, 0, 0, 10),
        lambda: from_groups("smd", float("nan"), 1, 10, 0, 1, 10),
        lambda: from_estimate_se("odds-ratio", 0.0, 0.2),
        lambda: from_estimate_se("smd", 0.2, 0.0),
        lambda: from_estimate_ci("risk-ratio", 0.5, 0.6, 0.9),
        lambda: from_estimate_ci("smd", 0.5, 0.9, 0.1),
        lambda: from_estimate_ci("odds-ratio", 0.5, -0.1, 0.9),
        lambda: log_odds_ratio_to_smd(EffectSize("smd", 0.1, 0.01)),
        lambda: EffectSize("log-hazard-ratio", 0.1, 0.01),
        lambda: EffectSize("smd", 0.1, 0.0),
        lambda: EffectSize("smd", float("inf"), 0.1),
    ],
)
def test_invalid_input_raises_value_error(call) -> None:
    with pytest.raises(ValueError):
        call()


def test_effect_size_is_frozen() -> None:
    effect = EffectSize("smd", 0.1, 0.04)
    with pytest.raises(AttributeError):
        effect.estimate = 0.2  # type: ignore[misc]


# --------------------------------------------------------------------------- properties


@given(
    estimate=st.floats(-50, 50, allow_nan=False),
    variance=st.floats(1e-6, 100, allow_nan=False),
    scale=st.sampled_from(SCALES),
)
def test_wald_interval_is_symmetric(estimate: float, variance: float, scale: str) -> None:
    effect = EffectSize(scale, estimate, variance)
    assert effect.ci_low < effect.estimate < effect.ci_high
    assert effect.ci_high - effect.estimate == pytest.approx(effect.estimate - effect.ci_low)
    assert effect.ci_high - effect.ci_low == pytest.approx(2 * Z95 * math.sqrt(variance))


arm = st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@given(treatment=arm, control=arm, measure=st.sampled_from(["odds-ratio", "risk-ratio", "risk-difference"]))
def test_swapping_arms_negates_the_effect(treatment, control, measure: str) -> None:
    (a, n1), (c, n2) = treatment, control
    try:
        forward = from_counts(measure, a, n1, c, n2)
    except ValueError:
        with pytest.raises(ValueError):
            from_counts(measure, c, n2, a, n1)
        return
    backward = from_counts(measure, c, n2, a, n1)
    assert backward.estimate == pytest.approx(-forward.estimate, abs=1e-9)
    assert backward.variance == pytest.approx(forward.variance, rel=1e-9)


@given(treatment=arm, control=arm)
def test_odds_ratio_is_symmetric_in_event_coding(treatment, control) -> None:
    # counting non-events instead of events negates the log odds ratio
    (a, n1), (c, n2) = treatment, control
    try:
        forward = from_counts("odds-ratio", a, n1, c, n2)
    except ValueError:
        return
    flipped = from_counts("odds-ratio", n1 - a, n1, n2 - c, n2)
    assert flipped.estimate == pytest.approx(-forward.estimate, abs=1e-9)
    assert flipped.variance == pytest.approx(forward.variance, rel=1e-9)


@given(
    mean_diff=st.floats(-10, 10, allow_nan=False),
    sd=st.floats(0.1, 10),
    n_t=st.integers(5, 300),
    n_c=st.integers(5, 300),
)
def test_hedges_g_shrinks_cohens_d(mean_diff: float, sd: float, n_t: int, n_c: int) -> None:
    g = from_groups("smd", mean_diff, sd, n_t, 0.0, sd, n_c)
    d = mean_diff / sd
    assert abs(g.estimate) <= abs(d) + 1e-12
    # c(m) ~ 1 - 3/(4m - 1) (Hedges, 1981), close once m = n_t + n_c - 2 >= 8
    m = n_t + n_c - 2
    assert g.estimate == pytest.approx(d * (1 - 3 / (4 * m - 1)), abs=2e-3 * max(1.0, abs(d)))


# --- The messages a reader sees when numbers define no effect (issue 21, mutation run).
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: from_estimate_se("odds-ratio", 0, 0.1), "estimate of a odds-ratio must be > 0, got 0.0"),
        (lambda: from_counts("odds-ratio", True, 10, 2, 10), "events_t must be a number, got True"),
        (lambda: from_counts("odds-ratio", "3", 10, 2, 10), "events_t must be a number, got '3'"),
        (lambda: from_counts("odds-ratio", 2.5, 10, 2, 10), "events_t must be a non-negative whole number, got 2.5"),
        (lambda: from_counts("odds-ratio", math.nan, 10, 2, 10), "events_t must be finite, got nan"),
        (
            lambda: from_counts("smd", 1, 10, 2, 10),
            "measure 'smd' cannot be computed from 2x2 counts; expected one of ('odds-ratio', 'risk-ratio', 'risk-difference')",
        ),
    ],
)
def test_numbers_that_define_no_effect_say_why(call, message) -> None:
    with pytest.raises(EffectError) as caught:
        call()
    assert str(caught.value) == message

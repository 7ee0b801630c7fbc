"""Synthesis of a domain's studies: which studies are pooled, on which scale, and the numbers.

Expected pooled values are computed by hand from the rules in rating-rules.md (DerSimonian-Laird
written out below, independent of kinship_evidence.stats.meta_analysis), never copied from the engine.
"""

from __future__ import annotations

import math

import pytest

from kinship_evidence.rating.evidence import study_evidence
from kinship_evidence.rating.frameworks import NarrativeRule, bundled_frameworks
from kinship_evidence.rating.pooling import meta_analysis
from kinship_evidence.rating.synthesis import narrative_synthesis
from kinship_evidence.stats.methods import PoolingMethods

Z = 1.959963984540054
FACTOR = math.sqrt(3) / math.pi  # SMD = ln(OR) * sqrt(3) / pi


KINSHIP = bundled_frameworks()["foundations-kinship-2024"]


def _evidence(studies, domain="carer-wellbeing"):
    return [study_evidence(study, domain, KINSHIP) for study in studies]


def _dl(ys, vs):
    """DerSimonian-Laird by hand: (estimate, se, tau2, Q, I2)."""
    w = [1 / v for v in vs]
    fixed = sum(wi * y for wi, y in zip(w, ys)) / sum(w)
    q = sum(wi * (y - fixed) ** 2 for wi, y in zip(w, ys))
    tau2 = max(0.0, (q - (len(ys) - 1)) / (sum(w) - sum(wi * wi for wi in w) / sum(w)))
    ws = [1 / (v + tau2) for v in vs]
    estimate = sum(wi * y for wi, y in zip(ws, ys)) / sum(ws)
    return estimate, math.sqrt(1 / sum(ws)), tau2, q, max(0.0, (q - len(ys) + 1) / q)


def test_two_equal_variance_studies_by_hand(rating_kit) -> None:
    """0.5 and 0.3, se 0.1: FE 0.4, Q = 2, tau^2 = (2 - 1) / (200 - 100) = 0.01 (REML gives the
    same for two equal variances: s^2 - v = 0.02 - 0.01), RE se = sqrt(0.02 / 2) = 0.1, I^2 = 0.5."""
    studies = [rating_kit.study(name, rating_kit.effect("smd", y, 0.1)) for name, y in (("a", 0.5), ("b", 0.3))]
    for estimator in ("reml", "dl"):
        rating = rating_kit.rate(studies, estimator=estimator)
        result = rating_kit.domain(rating).synthesis.meta.result
        assert result.method == estimator
        assert (result.estimate, result.se, result.tau2, result.q, result.i2) == pytest.approx((0.4, 0.1, 0.01, 2.0, 0.5))
        assert (result.ci_low, result.ci_high) == pytest.approx((0.4 - Z * 0.1, 0.4 + Z * 0.1))


def test_dl_and_reml_on_unequal_variances(rating_kit) -> None:
    ys, ses = [0.1, 0.6, 0.9], [0.1, 0.2, 0.3]
    studies = [rating_kit.study(f"s{i}", rating_kit.effect("smd", y, se)) for i, (y, se) in enumerate(zip(ys, ses))]
    vs = [se * se for se in ses]
    dl = rating_kit.domain(rating_kit.rate(studies, estimator="dl")).synthesis.meta.result
    estimate, se, tau2, q, i2 = _dl(ys, vs)
    assert (dl.estimate, dl.se, dl.tau2, dl.q, dl.i2) == pytest.approx((estimate, se, tau2, q, i2))
    reml = rating_kit.domain(rating_kit.rate(studies, estimator="reml")).synthesis.meta.result
    assert reml.method == "reml" and reml.tau2 != pytest.approx(dl.tau2)
    # The REML tau^2 is a fixed point of tau^2 = sum w^2((y - mu)^2 - v) / sum w^2 + 1 / sum w.
    w = [1 / (v + reml.tau2) for v in vs]
    mu = sum(wi * y for wi, y in zip(w, ys)) / sum(w)
    fixed_point = sum(wi**2 * ((y - mu) ** 2 - v) for wi, y, v in zip(w, ys, vs)) / sum(wi**2 for wi in w) + 1 / sum(w)
    assert reml.tau2 == pytest.approx(fixed_point, rel=1e-6)
    assert reml.estimate == pytest.approx(mu)
    # tau^2-based I^2 = tau^2 / (tau^2 + s^2), s^2 = (k-1) sum w / ((sum w)^2 - sum w^2), w = 1/v
    # (Higgins & Thompson 2002; metafor rma.uni; Cochrane's 2024 random-effects addendum).
    fe = [1 / v for v in vs]
    typical = (len(vs) - 1) * sum(fe) / (sum(fe) ** 2 - sum(x * x for x in fe))
    assert reml.i2 == pytest.approx(reml.tau2 / (reml.tau2 + typical))
    assert dl.i2 == pytest.approx(dl.tau2 / (dl.tau2 + typical))  # the two definitions agree under DL


def test_odds_ratio_joins_smd_by_conversion(rating_kit) -> None:
    """An OR of exp(0.4 / FACTOR) with se(log OR) 0.1 / FACTOR is SMD 0.4 with se 0.1 after conversion;
    pooled with SMD 0.2 (se 0.1): 0.3, tau^2 0.01, se 0.1."""
    odds = rating_kit.effect("odds-ratio", math.exp(0.4 / FACTOR), 0.1 / FACTOR)
    studies = [rating_kit.study("or-study", odds), rating_kit.study("smd-study", rating_kit.effect("smd", 0.2, 0.1))]
    meta = meta_analysis(_evidence(studies), PoolingMethods("dl"), or_to_smd=True)
    assert meta.scale == "smd"
    assert [(s.study_id, s.converted) for s in meta.studies] == [("or-study", True), ("smd-study", False)]
    assert meta.studies[0].effect.estimate == pytest.approx(0.4)
    assert meta.studies[0].effect.variance == pytest.approx(0.01)
    assert (meta.result.estimate, meta.result.se, meta.result.tau2) == pytest.approx((0.3, 0.1, 0.01))
    assert meta.demonstrates_effect
    # A framework that does not allow the conversion pools nothing here (one study per scale).
    assert meta_analysis(_evidence(studies), PoolingMethods("dl"), or_to_smd=False) is None


def test_odds_ratios_alone_stay_on_the_log_odds_scale(rating_kit) -> None:
    studies = [rating_kit.study(f"s{i}", rating_kit.effect("odds-ratio", 2.0, 0.2)) for i in range(2)]
    meta = meta_analysis(_evidence(studies), PoolingMethods("reml"), or_to_smd=True)
    assert meta.scale == "log-odds-ratio"
    assert meta.result.estimate == pytest.approx(math.log(2.0))
    assert not any(s.converted for s in meta.studies)


def test_mixed_scales_pool_the_largest_group_only(rating_kit) -> None:
    rr = [rating_kit.study(f"rr{i}", rating_kit.counts("risk-ratio", 30, 100, 15, 100)) for i in range(2)]
    smd = rating_kit.study("smd", rating_kit.effect("smd", -3.0, 0.1))  # strongly unfavourable; must not be pooled
    meta = meta_analysis(_evidence([rr[0], smd, rr[1]]), PoolingMethods("reml"), or_to_smd=True)
    assert meta.scale == "log-risk-ratio"
    assert [s.study_id for s in meta.studies] == ["rr0", "rr1"]
    # log RR = ln(0.30 / 0.15) = ln 2; var = 1/30 - 1/100 + 1/15 - 1/100 per study, halved when pooled
    assert meta.result.estimate == pytest.approx(math.log(2))
    assert meta.result.se == pytest.approx(math.sqrt((1 / 30 - 0.01 + 1 / 15 - 0.01) / 2))
    rating = rating_kit.rate([rr[0], smd, rr[1]])
    assert rating_kit.domain(rating).synthesis.method == "meta-analysis"
    assert rating_kit.domain(rating).synthesis.k == 2
    assert rating.rating == "strong"
    assert rating.warnings  # the SMD study is unfavourable: a conflict, though not pooled


def test_one_study_per_scale_is_not_a_meta_analysis(rating_kit) -> None:
    """RR with SMD: no scale has two studies, so the narrative synthesis decides good."""
    studies = [
        rating_kit.study("rr", rating_kit.counts("risk-ratio", 30, 100, 15, 100), quality="moderate"),
        rating_kit.study("smd", rating_kit.effect("smd", 0.5, 0.1), quality="moderate"),
    ]
    assert meta_analysis(_evidence(studies), PoolingMethods("reml"), or_to_smd=True) is None
    rating = rating_kit.rate(studies)
    assert rating_kit.domain(rating).synthesis.method == "narrative"
    assert rating.rating == "good"  # 2 of 2 favourable, none unfavourable


def test_zero_cell_gets_half_added_to_every_cell(rating_kit) -> None:
    """0/50 vs 10/50, fewer is better: cells 0.5, 50.5, 10.5, 40.5; log RR = ln(0.5/10.5),
    var = 1/0.5 - 1/51 + 1/10.5 - 1/51."""
    study = rating_kit.study("zero", rating_kit.counts("risk-ratio", 0, 50, 10, 50, domain="safety", favourable="lower"))
    (item,) = study_evidence(study, "safety", KINSHIP).outcomes
    assert item.effect.estimate == pytest.approx(math.log(0.5 / 10.5))
    assert item.effect.variance == pytest.approx(1 / 0.5 - 1 / 51 + 1 / 10.5 - 1 / 51)
    assert item.status == "favourable"
    other = rating_kit.study("other", rating_kit.counts("risk-ratio", 5, 50, 15, 50, domain="safety", favourable="lower"))
    meta = meta_analysis(_evidence([study, other], "safety"), PoolingMethods("dl"), or_to_smd=True)
    assert [s.study_id for s in meta.studies] == ["zero", "other"]


def test_no_events_in_either_arm_is_reported_not_pooled(rating_kit) -> None:
    empty = rating_kit.study("empty", rating_kit.counts("risk-ratio", 0, 50, 0, 50, domain="safety", favourable="lower"))
    (item,) = study_evidence(empty, "safety", KINSHIP).outcomes
    assert (item.effect, item.status) == (None, "no-effect")
    assert "no events in either group" in item.note
    table = rating_kit.counts("risk-ratio", 5, 50, 15, 50, domain="safety", favourable="lower")
    others = [rating_kit.study(f"s{i}", table) for i in range(2)]
    meta = meta_analysis(_evidence([empty, *others], "safety"), PoolingMethods("reml"), or_to_smd=True)
    assert [s.study_id for s in meta.studies] == ["s0", "s1"]
    # The risk difference of the same table is defined (0 with the 0.5 correction) and is pooled.
    rd = rating_kit.study("rd", rating_kit.counts("risk-difference", 0, 50, 0, 50, domain="safety", favourable="lower"))
    (rd_item,) = study_evidence(rd, "safety", KINSHIP).outcomes
    assert rd_item.effect.estimate == 0 and rd_item.status == "no-effect"


def test_the_first_numeric_outcome_in_a_domain_is_pooled(rating_kit) -> None:
    study = rating_kit.study(
        "a", rating_kit.finding("unfavourable"), rating_kit.effect("smd", 0.5, 0.1), rating_kit.effect("smd", 0.9, 0.1)
    )
    item = study_evidence(study, "carer-wellbeing", KINSHIP)
    assert item.pooled_outcome.effect.estimate == 0.5
    assert item.status == "mixed" and item.is_favourable and item.is_unfavourable


@pytest.mark.parametrize(
    ("favourable", "unfavourable", "studies", "rule", "passes"),
    [
        (2, 0, 3, NarrativeRule(), True),
        (2, 0, 4, NarrativeRule(), False),
        (2, 0, 4, NarrativeRule(favourable_majority=False), True),
        (2, 1, 3, NarrativeRule(), False),
        (2, 1, 3, NarrativeRule(allow_unfavourable=True), True),
        (3, 0, 3, NarrativeRule(min_favourable=4), False),
    ],
)
def test_narrative_rule_parameters(rating_kit, favourable, unfavourable, studies, rule, passes) -> None:
    findings = ["favourable"] * favourable + ["unfavourable"] * unfavourable
    findings += ["no-effect"] * (studies - len(findings))
    evidence = _evidence([rating_kit.study(f"s{i}", rating_kit.finding(f)) for i, f in enumerate(findings)])
    narrative = narrative_synthesis(evidence, rule)
    assert (narrative.favourable, narrative.unfavourable, narrative.studies) == (favourable, unfavourable, studies)
    assert narrative.demonstrates_effect is passes
    assert f"{favourable} of {studies} favourable" in narrative.describe()


def test_an_incomplete_appraisal_decides_no_quality(rating_kit) -> None:
    """Two RoB 1 domains read (none high): the overall is undetermined. Without a quality line the
    study is not appraised (excluded as such); with one, the stated quality counts, as stated."""
    from kinship_evidence.rating.quality import study_quality

    block = {"tool": "rob1", "source": "A review table, two rows read.", "domains": {"sequence-generation": "unclear", "incomplete-outcome-data": "low"}}
    alone = rating_kit.study("alone", rating_kit.finding("favourable"), quality=None, risk_of_bias=block)
    stated = rating_kit.study("stated", rating_kit.finding("favourable"), quality="moderate", risk_of_bias=block)
    basis = study_quality(alone, KINSHIP)
    assert (basis.quality, basis.kind) == ("not-appraised", "not-appraised")
    assert "incomplete" in basis.basis
    basis = study_quality(stated, KINSHIP)
    assert (basis.quality, basis.kind) == ("moderate", "stated")
    excluded = rating_kit.rate([alone]).excluded
    assert [item.study_id for item in excluded] == ["alone"] and "not appraised" in excluded[0].reason
    assert rating_kit.rate([stated]).rating == "promising"


@pytest.mark.parametrize(
    ("rule", "described"),
    [
        (NarrativeRule(), "2 of 3 favourable (need >= 2, more than half), 1 unfavourable (need 0)"),
        (NarrativeRule(min_favourable=1, favourable_majority=False, allow_unfavourable=True), "2 of 3 favourable (need >= 1)"),
        (NarrativeRule(favourable_majority=False), "2 of 3 favourable (need >= 2), 1 unfavourable (need 0)"),
    ],
)
def test_narrative_synthesis_describes_the_rule_it_applies(rating_kit, rule, described) -> None:
    studies = [rating_kit.study(name, rating_kit.finding(finding)) for name, finding in (("a", "favourable"), ("b", "favourable"), ("c", "unfavourable"))]
    assert narrative_synthesis(_evidence(studies), rule).describe() == described

"""One tier applied to a domain's studies (rating.tiers): the words each criterion shows, and the
short-cut ``tier_passes`` agreeing with ``evaluate_tier``. Added for the mutation run of issue 21."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kinship_evidence.rating.evidence import study_evidence
from kinship_evidence.rating.frameworks import bundled_frameworks
from kinship_evidence.rating.synthesis import MetaAnalysis, PooledStudy
from kinship_evidence.rating.tiers import admits, describe_meta, evaluate_tier, number, tier_passes
from kinship_evidence.stats.effects import from_estimate_se
from kinship_evidence.stats.meta_analysis import pool

KINSHIP = bundled_frameworks()["foundations-kinship-2024"]
PSC = bundled_frameworks()["title-iv-e-psc"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.0, "0.000"),
        (0.5, "0.500"),
        (-0.25, "-0.250"),
        (0.001, "0.001"),
        (0.0005, "0.0005"),
        (1.2e-7, "1.2e-07"),
        (99999.0, "99999.000"),
        (1e5, "1e+05"),
        (100000.5, "1e+05"),
    ],
)
def test_number_shows_three_decimals_between_a_thousandth_and_a_hundred_thousand(value, shown) -> None:
    assert number(value) == shown


def _meta(favourable="higher", **fields) -> MetaAnalysis:
    """A two-study SMD pool whose result fields are set by hand (``fields`` replace them)."""
    effects = [from_estimate_se("smd", 0.5, 0.1), from_estimate_se("smd", 0.3, 0.1)]
    studies = tuple(PooledStudy(name, effect, False, False) for name, effect in zip("ab", effects))
    result = pool([e.estimate for e in effects], [e.variance for e in effects])
    values = {
        "estimate": 0.4, "ci_low": 0.2, "ci_high": 0.6, "tau2": 0.01, "tau2_ci_low": 0.0, "tau2_ci_high": 0.5,
        "i2": 0.9, "pi_low": -0.1, "pi_high": 0.9, "notes": ("first note", "second note"),
    }
    values.update(fields)
    return MetaAnalysis("smd", favourable, studies, replace(result, **values))


def test_describe_meta_gives_every_number_and_the_verdict() -> None:
    meta = _meta()
    methods = meta.result.methods.describe()
    assert describe_meta(meta) == (
        f"random-effects meta-analysis ({methods}) of k=2 on smd: 0.400 [0.200, 0.600], tau^2 0.010 [0.000, 0.500], "
        "I^2 90%, prediction interval [-0.100, 0.900]; the CI excludes no effect on the favourable side "
        "(higher is better); first note; second note"
    )


def test_describe_meta_says_when_the_ci_does_not_exclude_no_effect() -> None:
    meta = _meta(favourable="lower", notes=())
    assert describe_meta(meta).endswith("; the CI does not exclude no effect on the favourable side (lower is better)")


@pytest.mark.parametrize(("low", "high"), [(None, 0.5), (0.0, None), (None, None)])
def test_describe_meta_leaves_out_an_interval_missing_an_end(low, high) -> None:
    text = describe_meta(_meta(tau2_ci_low=low, tau2_ci_high=high, pi_low=low, pi_high=high, notes=()))
    assert "tau^2 0.010, I^2 90%; the CI excludes" in text
    assert "prediction interval" not in text


def test_describe_meta_of_a_failed_pool_gives_the_error() -> None:
    meta = replace(_meta(), result=None, error="REML did not converge")
    assert describe_meta(meta) == "meta-analysis of 2 on smd failed: REML did not converge"


def _psc_study(rating_kit, study_id, months, finding="favourable", **fields):
    outcome = rating_kit.finding(finding, follow_up_months=months)
    return rating_kit.study(study_id, outcome, usual_care=True, **fields)


def _psc_evidence(studies):
    return [study_evidence(study, "carer-wellbeing", PSC) for study in studies]


def test_sustained_criterion_counts_favourable_outcomes_at_the_months_named(rating_kit) -> None:
    supported = PSC.tiers[1]  # one usual-care contrast, favourable 6+ months after treatment ends
    evidence = _psc_evidence([_psc_study(rating_kit, "late", 6), _psc_study(rating_kit, "early", 5.5)])
    result = evaluate_tier(supported, PSC, evidence, lambda members: None)
    sustained = next(c for c in result.criteria if c.name == "sustained")
    assert sustained.passed
    assert sustained.detail == "1 study with a favourable outcome 6+ months after treatment ends (late)"


def test_sustained_criterion_fails_without_a_late_favourable_outcome(rating_kit) -> None:
    supported = PSC.tiers[1]
    evidence = _psc_evidence([_psc_study(rating_kit, "early", 5), _psc_study(rating_kit, "late-null", 12, "no-effect")])
    result = evaluate_tier(supported, PSC, evidence, lambda members: None)
    sustained = next(c for c in result.criteria if c.name == "sustained")
    assert not sustained.passed
    assert sustained.detail == "0 studies with a favourable outcome 6+ months after treatment ends (none)"
    assert not tier_passes(supported, PSC, evidence, lambda members: None)


def _pooler(meta):
    return lambda members: meta


@pytest.mark.parametrize("tier_index", [0, 1, 2])
@pytest.mark.parametrize("count", [1, 2, 3])
def test_tier_passes_agrees_with_evaluate_tier_for_kinship(rating_kit, tier_index, count) -> None:
    """Exactly ``min_studies`` members pass the count; the short cut decides as the full evaluation does."""
    tier = KINSHIP.tiers[tier_index]
    studies = [rating_kit.study(f"s{i}", rating_kit.effect("smd", 0.5, 0.1)) for i in range(count)]
    evidence = [study_evidence(study, "carer-wellbeing", KINSHIP) for study in studies]
    meta = _meta()
    pooler = _pooler(meta if count >= 2 else None)
    expected = evaluate_tier(tier, KINSHIP, evidence, pooler).passed
    assert tier_passes(tier, KINSHIP, evidence, pooler) is expected
    assert expected is (count >= tier.min_studies)


@pytest.mark.parametrize(("months", "passes"), [(12, True), (11, False)])
def test_tier_passes_agrees_with_evaluate_tier_on_a_sustained_tier(rating_kit, months, passes) -> None:
    well_supported = PSC.tiers[0]  # two usual-care contrasts, both favourable, one sustained 12+ months
    evidence = _psc_evidence([_psc_study(rating_kit, "a", months), _psc_study(rating_kit, "b", 3)])
    none = _pooler(None)
    assert evaluate_tier(well_supported, PSC, evidence, none).passed is passes
    assert tier_passes(well_supported, PSC, evidence, none) is passes


def test_tier_passes_is_false_when_the_count_falls_short_even_if_the_evidence_would_pass(rating_kit) -> None:
    strong = KINSHIP.tiers[0]  # two high-quality studies and a meta-analysis
    evidence = _psc_evidence([rating_kit.study("only", rating_kit.effect("smd", 0.5, 0.1))])
    assert strong.min_studies == 2
    assert not tier_passes(strong, KINSHIP, evidence, _pooler(_meta()))


def test_tier_passes_reads_the_framework_narrative_rule(rating_kit) -> None:
    """With nothing to pool, a synthesis tier falls back on the framework's narrative rule."""
    good = KINSHIP.tiers[1]
    studies = [rating_kit.study(f"s{i}", rating_kit.finding("favourable")) for i in range(2)]
    evidence = [study_evidence(study, "carer-wellbeing", KINSHIP) for study in studies]
    assert good.evidence == "synthesis"
    assert tier_passes(good, KINSHIP, evidence, _pooler(None)) is evaluate_tier(good, KINSHIP, evidence, _pooler(None)).passed is True


def test_admits_says_whether_the_tier_may_count_a_study(rating_kit) -> None:
    strong = KINSHIP.tiers[0]  # high quality only
    high = study_evidence(rating_kit.study("high", rating_kit.finding("favourable")), "carer-wellbeing", KINSHIP)
    moderate = study_evidence(rating_kit.study("mod", rating_kit.finding("favourable"), quality="moderate"), "carer-wellbeing", KINSHIP)
    assert admits(strong, high) is True
    assert admits(strong, moderate) is False


def test_plural_and_ids_in_words() -> None:
    from kinship_evidence.rating.tiers import ids, plural

    assert [plural(n, "study") for n in (0, 1, 2)] == ["0 studies", "1 study", "2 studies"]
    assert plural(3, "outcome") == "3 outcomes"
    assert plural(2, "favourable study") == "2 favourable studies"
    assert ids([]) == "none"


def _tier(base, **changes):
    return base.model_copy(update=changes)


def _criterion(result, name):
    return next(c for c in result.criteria if c.name == name)


def test_studies_criterion_names_the_members_and_why_each_other_study_is_set_aside(rating_kit) -> None:
    good = KINSHIP.tiers[1]  # high or moderate quality
    studies = [
        rating_kit.study("a", rating_kit.finding("favourable")),
        rating_kit.study("b", rating_kit.finding("favourable"), quality="moderate"),
        rating_kit.study("c", rating_kit.finding("favourable"), quality="low"),
    ]
    result = evaluate_tier(good, KINSHIP, _evidence(studies), _pooler(None))
    assert _criterion(result, "studies").detail == (
        "2 studies (a, b); need at least 2; set aside: c (quality low, need high or moderate)"
    )
    assert result.members == ("a", "b")


def _evidence(studies, framework=KINSHIP):
    return [study_evidence(study, "carer-wellbeing", framework) for study in studies]


def test_a_tier_naming_designs_sets_others_aside(rating_kit) -> None:
    rct_only = _tier(KINSHIP.tiers[2], designs=["rct"])
    studies = [rating_kit.study("r", rating_kit.finding("favourable")), rating_kit.study("q", rating_kit.finding("favourable"), design="qed")]
    result = evaluate_tier(rct_only, KINSHIP, _evidence(studies), _pooler(None))
    assert _criterion(result, "studies").detail == "1 study (r); need at least 1; set aside: q (design qed)"
    assert result.members == ("r",)


def test_a_usual_care_tier_says_whether_the_setting_is_unrecorded_or_not_usual_care(rating_kit) -> None:
    supported = PSC.tiers[1]
    studies = [
        rating_kit.study("yes", rating_kit.finding("favourable", follow_up_months=6), usual_care=True),
        rating_kit.study("no", rating_kit.finding("favourable", follow_up_months=6), usual_care=False),
        rating_kit.study("unknown", rating_kit.finding("favourable", follow_up_months=6)),
    ]
    result = evaluate_tier(supported, PSC, _evidence(studies, PSC), _pooler(None))
    assert _criterion(result, "studies").detail == (
        "1 study (yes); need at least 1; set aside: no (usual-care setting no); unknown (usual-care setting not recorded)"
    )


def test_a_group_size_tier_sets_aside_small_groups_and_studies_without_group_sizes(rating_kit) -> None:
    """Even a minimum of one participant per group is not met by a study that records no group sizes."""
    one = _tier(KINSHIP.tiers[2], min_group_size=1)
    studies = [rating_kit.study("sized", rating_kit.groups(2, 3)), rating_kit.study("unsized", rating_kit.finding("favourable"))]
    result = evaluate_tier(one, KINSHIP, _evidence(studies), _pooler(None))
    assert _criterion(result, "studies").detail == "1 study (sized); need at least 1; set aside: unsized (smallest group not recorded, need 1)"
    twenty = _tier(KINSHIP.tiers[2], min_group_size=20)
    result = evaluate_tier(twenty, KINSHIP, _evidence(studies[:1]), _pooler(None))
    assert _criterion(result, "studies").detail == "0 studies (none); need at least 1; set aside: sized (smallest group 2, need 20)"


def test_records_sharing_a_sample_are_named_as_counting_once(rating_kit) -> None:
    promising = KINSHIP.tiers[2]
    studies = [
        rating_kit.study("a1", rating_kit.finding("favourable"), sample="trial-a"),
        rating_kit.study("a2", rating_kit.finding("favourable"), sample="trial-a"),
        rating_kit.study("b", rating_kit.finding("favourable")),
    ]
    result = evaluate_tier(promising, KINSHIP, _evidence(studies), _pooler(None))
    assert _criterion(result, "studies").detail == "2 studies (a1, a2, b); a1, a2 share sample trial-a and count once; need at least 1"
    assert _criterion(result, "favourable").detail == (
        "2 favourable studies (a1, a2, b); a1, a2 share sample trial-a and count once; need at least 1"
    )


def test_evidence_criterion_words_for_a_pool_and_for_no_pool(rating_kit) -> None:
    strong = KINSHIP.tiers[0]
    studies = [rating_kit.study(name, rating_kit.effect("smd", 0.5, 0.1)) for name in "ab"]
    meta = _meta()
    pooled = evaluate_tier(strong, KINSHIP, _evidence(studies), _pooler(meta))
    assert _criterion(pooled, "meta-analysis").detail == describe_meta(meta)
    unpooled = evaluate_tier(strong, KINSHIP, _evidence(studies), _pooler(None))
    assert _criterion(unpooled, "meta-analysis").detail == "fewer than two studies can be pooled on one scale"
    assert not unpooled.passed


def test_each_shared_sample_is_its_own_note(rating_kit) -> None:
    promising = KINSHIP.tiers[2]
    studies = [
        rating_kit.study(name, rating_kit.finding("favourable"), sample=sample)
        for name, sample in (("a1", "trial-a"), ("a2", "trial-a"), ("b1", "trial-b"), ("b2", "trial-b"))
    ]
    result = evaluate_tier(promising, KINSHIP, _evidence(studies), _pooler(None))
    assert _criterion(result, "studies").detail == (
        "2 studies (a1, a2, b1, b2); a1, a2 share sample trial-a and count once; b1, b2 share sample trial-b and count once;"
        " need at least 1"
    )

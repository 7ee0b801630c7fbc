"""The rating engine's bookkeeping (rating.engine): the notices and warnings it attaches, the
summary synthesis, the evidence cache, and the methods it passes on. Added for the mutation run
of issue 21."""

from __future__ import annotations

import pytest

from kinship_evidence.data.models import Recommendation
from kinship_evidence.rating import pooling
from kinship_evidence.rating.engine import (
    CachedPooler,
    EvidenceCache,
    rate_all,
    rate_domain,
    rate_recommendation,
    reported_outcomes,
    study_standing,
    summarise,
)
from kinship_evidence.rating.evidence import study_evidence
from kinship_evidence.rating.frameworks import bundled_frameworks
from kinship_evidence.stats.methods import PoolingMethods

KINSHIP = bundled_frameworks()["foundations-kinship-2024"]
PTA = bundled_frameworks()["foundations-pta-2025"]
DOMAIN = "carer-wellbeing"
ROB2_HIGH = {
    "tool": "rob2", "source": "A made-up appraisal.",
    "domains": {"randomisation": "low", "deviations": "low", "missing-data": "high", "measurement": "low", "reporting": "low"},
}


def _recommendation(outcomes=None, rec_id="rec", number=1, published="promising"):
    return Recommendation.model_validate(
        {"id": rec_id, "number": number, "text": "A recommendation.", "outcomes": outcomes, "published_rating": published}
    )


def _evidence(studies, framework=KINSHIP):
    return [study_evidence(study, DOMAIN, framework) for study in studies]


def test_the_evidence_cache_returns_the_same_evidence_for_the_same_study(rating_kit) -> None:
    study = rating_kit.study("a", rating_kit.effect("smd", 0.5, 0.1))
    cache = EvidenceCache(KINSHIP)
    first = cache(study)
    assert cache(study) is first
    assert cache(rating_kit.study("a", rating_kit.effect("smd", 0.5, 0.1))) is not first


def test_rate_recommendation_reuses_the_cached_evidence_of_its_framework_only(rating_kit) -> None:
    study = rating_kit.study("a", rating_kit.effect("smd", 0.5, 0.1))
    same = EvidenceCache(KINSHIP)
    rated = rate_recommendation(_recommendation(), [study], KINSHIP, evidence=same)
    assert rated.domains[0].evidence[0] is same(study)[DOMAIN]
    other = EvidenceCache(PTA)
    rated = rate_recommendation(_recommendation(), [study], KINSHIP, evidence=other)
    assert rated.domains[0].evidence[0] is not other(study)[DOMAIN]


def test_a_studys_evidence_is_computed_once_for_its_ratings_and_their_grade_bodies(rating_kit, monkeypatch) -> None:
    """GRADE's body of evidence once recomputed every naming study's evidence per domain: at
    10,000 records that was a third of `rate`'s rating time."""
    from kinship_evidence.rating import engine

    studies = [rating_kit.study(name, rating_kit.effect("smd", 0.4, 0.1)) for name in ("a", "b", "c")]
    calls: list[str] = []
    real = engine.evidence_by_domain
    monkeypatch.setattr(engine, "evidence_by_domain", lambda study, framework: calls.append(study.id) or real(study, framework))
    rated = rate_recommendation(_recommendation(), studies, KINSHIP)
    assert rated.domains[0].certainty is not None
    assert sorted(calls) == ["a", "b", "c"]
    calls.clear()
    report = engine.rate_all([_recommendation()], studies, KINSHIP)
    assert report.ratings[0].domains[0].certainty is not None and sorted(calls) == ["a", "b", "c"]


def test_reported_outcomes_give_the_finding_or_the_measure_and_the_description_on_one_line(rating_kit) -> None:
    study = rating_kit.study(
        "a",
        {**rating_kit.finding("no-effect"), "description": "Carer\n  wellbeing   score"},
        {**rating_kit.effect("smd", 0.5, 0.1, domain="child-safety"), "description": "Re-entry"},
    )
    assert reported_outcomes(study) == (
        ("carer-wellbeing", "no-effect: Carer wellbeing score"),
        ("child-safety", "smd reported: Re-entry"),
    )


def test_an_excluded_study_keeps_the_domains_it_measured(rating_kit) -> None:
    study = rating_kit.study(
        "qed-abroad", rating_kit.finding("favourable"), rating_kit.finding("favourable", domain="child-safety"),
        rating_kit.finding("no-effect"), country="BR",
    )
    [excluded] = rate_recommendation(_recommendation(), [study], KINSHIP).excluded
    assert excluded.domains == ("carer-wellbeing", "child-safety")


def test_a_study_with_no_outcome_in_the_targets_is_excluded_naming_them(rating_kit) -> None:
    study = rating_kit.study("a", rating_kit.finding("favourable"))
    standing = study_standing(study, ["child-safety", "permanency"], KINSHIP)
    assert standing.exclusion == "no outcome in the target domains (child-safety, permanency)"
    assert (standing.counted, standing.set_aside) == ({}, {})


def test_a_study_set_aside_in_every_domain_is_excluded_with_the_reason(rating_kit) -> None:
    study = rating_kit.study("low", rating_kit.finding("favourable"), quality="low")
    standing = study_standing(study, (), KINSHIP)
    assert standing.exclusion is not None and "quality low is below" in standing.exclusion
    assert (standing.counted, standing.set_aside) == ({}, {})


def test_a_domain_where_the_study_is_set_aside_gets_a_notice_first(rating_kit) -> None:
    """One outcome's own appraisal gives low quality: the study counts in the other target domain only."""
    study = rating_kit.study(
        "a", rating_kit.finding("favourable"),
        {**rating_kit.finding("favourable", domain="child-safety"), "risk_of_bias": ROB2_HIGH},
    )
    rated = rate_recommendation(_recommendation(outcomes=[DOMAIN, "child-safety"]), [study], KINSHIP)
    safety = rating_kit.domain(rated, "child-safety")
    [notice] = safety.notices
    assert (notice.study_id, notice.field) == ("a", "")
    assert notice.message.startswith("a set aside in child-safety: quality low is below high or moderate")
    assert safety.warnings[0] == notice.message
    assert rating_kit.domain(rated).notices == ()
    assert rated.eligible == ("a",)


def test_numbers_that_define_no_effect_are_a_notice_at_the_outcome(rating_kit) -> None:
    study = rating_kit.study(
        "a", rating_kit.finding("favourable"), {**rating_kit.counts("risk-ratio", 0, 20, 0, 20), "description": " Re-entry "}
    )
    rated = rate_domain(DOMAIN, _evidence([study]), KINSHIP)
    [notice] = rated.notices
    assert (notice.study_id, notice.field) == ("a", "outcomes.1")
    note = study_evidence(study, DOMAIN, KINSHIP).outcomes[1].note
    assert note
    assert notice.message == f"a: the numbers of outcome 'Re-entry' define no effect size ({note}), so it counts as no effect"
    assert rated.warnings == (notice.message,)


def test_a_study_left_out_of_a_pool_is_a_notice_once(rating_kit) -> None:
    studies = [
        rating_kit.study("wide", rating_kit.effect("smd", 0.9, 0.4), sample="trial"),
        rating_kit.study("narrow", rating_kit.effect("smd", 0.3, 0.1), sample="trial"),
        rating_kit.study("other", rating_kit.effect("smd", 0.5, 0.2)),
    ]
    rated = rate_domain(DOMAIN, _evidence(studies), KINSHIP)
    [notice] = rated.notices
    assert (notice.study_id, notice.field) == ("wide", "")
    assert notice.message == (
        "wide left out of the smd meta-analysis: shares sample trial with narrow, which is pooled instead "
        "(the shared control group cannot be split from the numbers given)"
    )


def test_a_pool_that_fails_is_a_warning_naming_its_studies(rating_kit, monkeypatch) -> None:
    def failing(estimates, variances, methods):
        raise ValueError("no convergence")

    monkeypatch.setattr(pooling, "pool", failing)
    studies = [rating_kit.study(name, rating_kit.effect("smd", 0.5, 0.1)) for name in ("a", "b")]
    rated = rate_domain(DOMAIN, _evidence(studies), KINSHIP)
    assert rated.warnings == ("the smd meta-analysis of a, b failed: no convergence",)


def test_an_odds_ratio_among_smds_is_pooled_by_the_framework_conversion(rating_kit) -> None:
    studies = [
        rating_kit.study("a", rating_kit.effect("smd", 0.5, 0.1)),
        rating_kit.study("b", rating_kit.effect("smd", 0.4, 0.2)),
        rating_kit.study("or", rating_kit.effect("odds-ratio", 1.8, 0.3)),
    ]
    pool = CachedPooler(KINSHIP, PoolingMethods())
    meta = pool(_evidence(studies))
    assert [s.study_id for s in meta.studies] == ["a", "b", "or"]
    assert rate_domain(DOMAIN, _evidence(studies), KINSHIP).notices == ()


def test_the_cached_pooler_keeps_one_result_per_set_of_studies(rating_kit) -> None:
    evidence = _evidence([rating_kit.study(n, rating_kit.effect("smd", y, 0.1)) for n, y in (("a", 0.5), ("b", 0.3), ("c", 0.1))])
    pool = CachedPooler(KINSHIP, PoolingMethods())
    two, three = pool(evidence[:2]), pool(evidence)
    assert len(two.studies) == 2 and len(three.studies) == 3
    assert pool(evidence[:2]) is two


@pytest.mark.parametrize("count", [0, 1])
def test_summarise_none_or_one_study(rating_kit, count) -> None:
    evidence = _evidence([rating_kit.study("a", rating_kit.finding("favourable"))])[:count]
    synthesis = summarise(evidence, KINSHIP, CachedPooler(KINSHIP, PoolingMethods()))
    assert (synthesis.method, synthesis.k) == (("none", 0), ("single-study", 1))[count]
    assert synthesis.single is (evidence[0] if count else None)


def test_summarise_falls_back_on_a_narrative_synthesis_by_the_framework_rule(rating_kit) -> None:
    evidence = _evidence([rating_kit.study(n, rating_kit.finding("favourable")) for n in "abc"])
    synthesis = summarise(evidence, KINSHIP, CachedPooler(KINSHIP, PoolingMethods()))
    assert (synthesis.method, synthesis.k) == ("narrative", 3)
    assert synthesis.narrative.rule == KINSHIP.narrative
    assert synthesis.narrative.favourable == 3


def test_rate_all_passes_the_methods_and_guide_on(rating_kit) -> None:
    studies = [rating_kit.study(n, rating_kit.effect("smd", y, 0.1)) for n, y in (("a", 0.5), ("b", 0.3))]
    dl = PoolingMethods(estimator="dl")
    assert KINSHIP.pooling.methods.estimator.value != "dl"
    report = rate_all([_recommendation()], studies, KINSHIP, dl, guide_framework="foundations-kinship-2024")
    assert report.methods == dl
    assert report.guide_framework == "foundations-kinship-2024"
    [rating] = report.ratings
    assert rating.domains[0].synthesis.meta.result.method == "dl"
    assert rating.published_rating == "promising"
    other = rate_all([_recommendation()], studies, KINSHIP, dl, guide_framework="title-iv-e-psc")
    assert other.ratings[0].published_rating is None


def test_rate_recommendation_compares_the_published_rating_by_default(rating_kit) -> None:
    study = rating_kit.study("a", rating_kit.finding("favourable"))
    assert rate_recommendation(_recommendation(), [study], KINSHIP).published_rating == "promising"


def test_certainty_is_for_the_domain_and_pooled_with_the_methods_given(rating_kit) -> None:
    studies = [rating_kit.study(n, rating_kit.effect("smd", y, 0.1)) for n, y in (("a", 0.5), ("b", 0.3))]
    rated = rate_recommendation(_recommendation(), studies, KINSHIP, PoolingMethods(estimator="dl"))
    certainty = rated.domains[0].certainty
    assert certainty.domain == DOMAIN
    assert certainty.body.meta.result.method == "dl"


def test_the_cached_pooler_tells_apart_sets_of_the_same_size(rating_kit) -> None:
    evidence = _evidence([rating_kit.study(n, rating_kit.effect("smd", y, 0.1)) for n, y in (("a", 0.5), ("b", 0.3), ("c", 0.1))])
    pool = CachedPooler(KINSHIP, PoolingMethods())
    first, second = pool(evidence[:2]), pool([evidence[0], evidence[2]])
    assert [s.study_id for s in first.studies] == ["a", "b"]
    assert [s.study_id for s in second.studies] == ["a", "c"]

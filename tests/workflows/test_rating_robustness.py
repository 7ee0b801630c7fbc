"""`robustness`: every single change that flips a rating, from the workflow (no output format).

Fixtures in ``fixtures/`` (see its README): two trials rated strong (not robust, each trial
named) and the BCG vaccine trials (robust). Small cases are built with ``rating_kit``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kinship_evidence.data.models import Study
from kinship_evidence.errors import UnknownName
from kinship_evidence.rating.frameworks import bundled_frameworks
from kinship_evidence.rating.quality import study_quality
from kinship_evidence.stats.methods import PoolingMethods
from kinship_evidence.workflows.evaluate import evaluate
from kinship_evidence.workflows.robustness import (
    assess,
    assess_recommendation,
    fragile_recommendations,
    method_alternatives,
    robustness,
    with_quality,
)

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
FOUNDATIONS = "foundations-kinship-2024"
HKSJ = {(e, ci) for e in ("reml", "dl", "pm") for ci in ("hksj", "hksj-adhoc")}


def only(result):
    (framework,) = result.frameworks
    (item,) = framework.recommendations
    return item


def described(flips):
    return [(f.change, f.study, f.methods and (f.methods.estimator.value, f.methods.ci.value), f.rating) for f in flips]


def test_two_trials_rated_strong_are_not_robust_and_each_trial_is_named() -> None:
    item = only(robustness(FIXTURES / "strong-two-trials"))
    assert item.rating.rating == "strong" and not item.robust
    flips = described(item.flips)
    assert [f for f in flips if f[0] == "without-study"] == [
        ("without-study", "trial-a", None, "promising"), ("without-study", "trial-b", None, "promising"),
    ]
    assert [f for f in flips if f[0] == "quality-lower"] == [
        ("quality-lower", "trial-a", None, "good"), ("quality-lower", "trial-b", None, "good"),
    ]
    assert {f[2] for f in flips if f[0] == "method"} == HKSJ  # Wald under DL and PM keeps strong
    assert all(f[3] == "promising" for f in flips if f[0] == "method")
    assert [f.change for f in item.flips] == sorted(
        (f.change for f in item.flips), key=["without-study", "method", "quality-lower", "quality-higher"].index
    )
    (domain,) = item.domains
    assert (domain.domain, domain.rating, domain.robust) == ("carer-wellbeing", "strong", False)
    assert described(domain.flips) == flips and {f.domain for f in domain.flips} == {"carer-wellbeing"}
    assert {(n.change, n.study) for n in item.not_applicable} == {("quality-higher", "trial-a"), ("quality-higher", "trial-b")}
    assert item.changes_tried == 2 + 8 + 2


def test_the_bcg_vaccine_trials_are_robust() -> None:
    item = only(robustness(FIXTURES / "bcg-vaccine-trials"))
    assert item.rating.rating == "strong" and len(item.rating.eligible) == 9
    assert item.robust and item.flips == ()
    assert [(d.domain, d.rating, d.robust) for d in item.domains] == [("tuberculosis", "strong", True)]
    assert item.changes_tried == 13 + 8 + 13  # every trial out, 8 other methods, every trial one level lower
    assert {n.change for n in item.not_applicable} == {"quality-higher"} and len(item.not_applicable) == 13


def test_the_bundled_dataset_marks_the_one_study_recommendations_fragile() -> None:
    evaluation = evaluate(ROOT / "data")
    assert fragile_recommendations(evaluation) == {
        "parenting-support", "peer-support", "cognitive-behavioural-therapy", "self-care-training",
        "financial-allowances",
    }
    assert fragile_recommendations(evaluation, "title-iv-e-psc") == set()  # not rated under it
    by_id = {item.rating.recommendation.id: item for item in assess(evaluation).frameworks[0].recommendations}
    navigation = by_id["navigation"]
    assert navigation.robust
    # A domain's rating can be fragile while the recommendation's is not.
    domains = {d.domain: d for d in navigation.domains}
    assert domains["permanence"].robust and not domains["safety"].robust
    assert described(domains["safety"].flips) == [
        ("without-study", "kin-tech", None, "none"), ("quality-lower", "kin-tech", None, "none"),
    ]


def test_one_recommendation_by_id_or_number_and_an_unknown_one() -> None:
    evaluation = evaluate(ROOT / "data")
    assert only(assess(evaluation, "3")).rating.recommendation.id == "peer-support"
    assert only(assess(evaluation, "peer-support")).rating.recommendation.number == 3
    with pytest.raises(UnknownName, match="no recommendation 'nine'"):
        assess(evaluation, "nine")


def test_an_invalid_dataset_is_assessed_for_nothing(tmp_path: Path) -> None:
    (tmp_path / "studies").mkdir()
    result = robustness(tmp_path)
    assert result.evaluation.has_errors and result.frameworks == ()


def test_method_alternatives_are_every_other_estimator_and_ci_keeping_the_prediction() -> None:
    current = PoolingMethods("reml", "wald", "t-k2")
    alternatives = method_alternatives(current)
    assert len(alternatives) == 8 and current not in alternatives
    assert {(m.estimator.value, m.ci.value) for m in alternatives} | {("reml", "wald")} == {
        (e, ci) for e in ("reml", "dl", "pm") for ci in ("wald", "hksj", "hksj-adhoc")
    }
    assert {m.prediction.value for m in alternatives} == {"t-k2"} and {m.i2 for m in alternatives} == {current.i2}


def test_with_quality_overrides_an_appraisal_in_a_copy(rating_kit) -> None:
    appraised = rating_kit.study(
        "trial", rating_kit.effect("smd", 0.5, 0.1),
        risk_of_bias={"tool": "rob2", "source": "made up", "domains": dict.fromkeys(
            ["randomisation", "deviations", "missing-data", "measurement", "reporting"], "low")},
    )
    framework = bundled_frameworks()[FOUNDATIONS]
    changed = with_quality(appraised, "moderate", framework)
    assert isinstance(changed, Study) and changed.risk_of_bias is None
    assert study_quality(changed, framework).quality == "moderate"
    assert study_quality(appraised, framework).quality == "high"  # the original is untouched


def assess_kit(rating_kit, studies, outcomes=None):
    framework = bundled_frameworks()[FOUNDATIONS]
    rating = rating_kit.rate(studies, outcomes=outcomes)
    return assess_recommendation(rating, studies, framework, PoolingMethods("reml"))


def test_a_quality_one_level_higher_can_flip_and_not_appraised_has_no_neighbour(rating_kit) -> None:
    studies = [
        rating_kit.study("trial-a", rating_kit.effect("smd", 0.5, 0.1), quality="moderate"),
        rating_kit.study("trial-low", rating_kit.effect("smd", 0.4, 0.1), quality="low"),
        rating_kit.study("trial-unknown", rating_kit.effect("smd", 0.4, 0.1), quality="not-appraised"),
    ]
    item = assess_kit(rating_kit, studies)
    assert item.rating.rating == "promising"
    assert ("quality-higher", "trial-low", None, "good") in described(item.flips)
    reasons = {(n.change, n.study): n.reason for n in item.not_applicable}
    assert reasons[("quality-lower", "trial-low")] == "quality low is already the lowest level"
    assert "not on the scale" in reasons[("quality-lower", "trial-unknown")]
    assert "not on the scale" in reasons[("quality-higher", "trial-unknown")]


def test_a_record_sharing_a_sample_is_left_out_alone_and_a_note_says_so(rating_kit) -> None:
    studies = [
        rating_kit.study("arm-1", rating_kit.effect("smd", 0.5, 0.1), sample="one-trial"),
        rating_kit.study("arm-2", rating_kit.effect("smd", 0.4, 0.1), sample="one-trial"),
        rating_kit.study("other", rating_kit.effect("smd", 0.4, 0.1)),
    ]
    item = assess_kit(rating_kit, studies)
    assert item.notes == (
        "arm-1 shares sample 'one-trial' with arm-2: left out alone, the other record(s) stay",
        "arm-2 shares sample 'one-trial' with arm-1: left out alone, the other record(s) stay",
    )


def test_a_domain_only_a_left_out_study_measured_flips_to_no_rating(rating_kit) -> None:
    studies = [
        rating_kit.study("trial-a", rating_kit.effect("smd", 0.5, 0.1)),
        rating_kit.study("trial-b", rating_kit.effect("smd", 0.5, 0.1), rating_kit.effect("smd", 0.5, 0.1, domain="safety")),
    ]
    item = assess_kit(rating_kit, studies)
    safety = next(d for d in item.domains if d.domain == "safety")
    assert safety.rating == "promising"
    assert ("without-study", "trial-b", None, "none") in described(safety.flips)


def test_under_a_rule_set_that_requires_an_appraisal_the_changed_copy_keeps_one(rating_kit) -> None:
    foundations = bundled_frameworks()[FOUNDATIONS]
    strict = foundations.model_copy(
        update={"eligibility": foundations.eligibility.model_copy(update={"require_appraisal": True})}
    )
    rob2 = {"tool": "rob2", "source": "made up", "domains": dict.fromkeys(
        ["randomisation", "deviations", "missing-data", "measurement", "reporting"], "low")}
    external = {"tool": "external", "source": "made up", "body": "A clearinghouse", "rating": "high"}
    for block, field in ((rob2, "overall"), (external, "rating")):
        study = rating_kit.study("trial", rating_kit.effect("smd", 0.5, 0.1), risk_of_bias=block)
        changed = with_quality(study, "moderate", strict)
        basis = study_quality(changed, strict)
        assert (basis.quality, basis.is_appraised) == ("moderate", True)
        assert getattr(changed.risk_of_bias, field) == {"overall": "some-concerns", "rating": "moderate"}[field]
    # A stated quality under such a rule set is excluded whatever it says: nothing to re-rate.
    stated = [rating_kit.study("trial-a", rating_kit.effect("smd", 0.5, 0.1))]
    rating = rating_kit.rate(stated)
    from kinship_evidence.rating.engine import rate_recommendation

    strict_rating = rate_recommendation(rating.recommendation, stated, strict, PoolingMethods("reml"))
    item = assess_recommendation(strict_rating, stated, strict, PoolingMethods("reml"))
    assert strict_rating.rating == "none" and item.robust and item.changes_tried == 1 + 8 + 1


def test_leaving_out_or_reappraising_an_excluded_study_changes_nothing(rating_kit) -> None:
    studies = [
        rating_kit.study("trial-a", rating_kit.effect("smd", 0.5, 0.1)),
        rating_kit.study("cohort", rating_kit.effect("smd", 0.5, 0.1), design="cohort"),
    ]
    item = assess_kit(rating_kit, studies)
    assert item.rating.excluded[0].study_id == "cohort"
    assert "cohort" not in {flip.study for flip in item.flips}
    assert item.changes_tried == 2 + 8 + 2  # both left out, both a level lower (high has no higher)

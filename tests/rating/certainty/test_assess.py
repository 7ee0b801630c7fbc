"""The start, the large-effect upgrade (GRADE 9) and recorded judgements of assess.py, by their stated rules."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import pytest

from kinship_evidence.data.models import DomainCertainty
from kinship_evidence.rating.certainty.assess import _large_effect, _start, _with_recorded, assess_certainty
from kinship_evidence.rating.certainty.results import BodyOfEvidence, Judgement
from kinship_evidence.rating.certainty.rules import CertaintyRules, LargeEffectRule, RiskOfBiasRule
from kinship_evidence.rating.evidence import evidence_by_domain
from kinship_evidence.rating.frameworks import bundled_frameworks
from kinship_evidence.stats.methods import PoolingMethods
from kinship_evidence.stats.publication_bias import EggerTest

KINSHIP = bundled_frameworks()["foundations-kinship-2024"]
NONE_DOWN = tuple(Judgement(key, 0, "") for key in ("risk_of_bias", "inconsistency", "indirectness"))
# up one from 2, up two from 4: both ratios are exact after exp(log(x))
RULES = CertaintyRules(large_effect=LargeEffectRule(up_one_ratio=2, up_two_ratio=4))


def _body(scale: str, estimate: float, low: float, high: float) -> BodyOfEvidence:
    return BodyOfEvidence(("a",), 1, 200, 0, None, None, (scale, estimate, low, high), (("a", 1.0),), "participants")


def _rr(estimate: float, low: float, high: float) -> BodyOfEvidence:
    return _body("log-risk-ratio", math.log(estimate), math.log(low), math.log(high))


# --- the large-effect upgrade

@pytest.mark.parametrize(
    ("body", "up", "reason"),
    [
        (_rr(3, 2.2, 4.5), 1, "+1: pooled RR 3.00 (magnitude 3.00 against 2 and 4)"),
        (_rr(2, 1.5, 3), 1, "+1: pooled RR 2.00 (magnitude 2.00 against 2 and 4)"),
        (_rr(4, 3, 6), 2, "+2: pooled RR 4.00 (magnitude 4.00 against 2 and 4)"),
        (_rr(0.25, 0.1, 0.5), 2, "+2: pooled RR 0.25 (magnitude 4.00 against 2 and 4)"),
        (_rr(0.5, 0.3, 0.8), 1, "+1: pooled RR 0.50 (magnitude 2.00 against 2 and 4)"),
        (_rr(1.5, 1.2, 1.9), 0, "0: pooled RR 1.50 (magnitude 1.50 against 2 and 4)"),
        (_body("log-odds-ratio", math.log(2), 0.5, 1.5), 1, "+1: pooled OR 2.00 (magnitude 2.00 against 2 and 4)"),
    ],
)
def test_a_large_ratio_effect_rates_low_evidence_up(body: BodyOfEvidence, up: int, reason: str) -> None:
    assert _large_effect("low", NONE_DOWN, body, RULES) == (up, reason)


@pytest.mark.parametrize("body", [_rr(3, 1, 9), _rr(1 / 3, 1 / 9, 1), _rr(3, 0.9, 9)])
def test_no_upgrade_when_the_ci_includes_no_effect(body: BodyOfEvidence) -> None:
    assert _large_effect("low", NONE_DOWN, body, RULES) == (0, "none: the CI includes no effect")


NOT_ELIGIBLE = "none: only a ratio effect of evidence that starts low and is rated down in no domain can rate up"


def test_only_low_ratio_evidence_rated_down_nowhere_rates_up() -> None:
    big = _rr(6, 4.5, 8)
    assert _large_effect("high", NONE_DOWN, big, RULES) == (0, NOT_ELIGIBLE)
    assert _large_effect("low", (*NONE_DOWN, Judgement("imprecision", 1, "")), big, RULES) == (0, NOT_ELIGIBLE)
    assert _large_effect("low", NONE_DOWN, _body("smd", 3, 2, 4), RULES) == (0, NOT_ELIGIBLE)
    no_estimate = BodyOfEvidence(("a",), 1, 200, 0, None, None, None, (("a", 1.0),), "participants")
    assert _large_effect("low", NONE_DOWN, no_estimate, RULES) == (0, NOT_ELIGIBLE)
    off = CertaintyRules(large_effect=LargeEffectRule(enabled=False))
    assert _large_effect("low", NONE_DOWN, big, off) == (0, "not used by this rule set")


# --- the start: high when randomised designs carry more than half of the information

def _item(study_id: str, design: str, tool: str | None = None) -> Any:
    appraisal = SimpleNamespace(tool=tool) if tool is not None else None
    return SimpleNamespace(study=SimpleNamespace(id=study_id, design=design),
                           quality=SimpleNamespace(appraisal=appraisal))


def _weights(*weights: tuple[str, float]) -> BodyOfEvidence:
    return BodyOfEvidence(tuple(s for s, _ in weights), len(weights), 200, 0, None, None, None, weights, "participants")


def test_start_high_with_most_information_randomised() -> None:
    evidence = [_item("a", "rct"), _item("b", "cluster-rct"), _item("c", "qed")]
    start = _start(evidence, _weights(("a", 0.3), ("b", 0.3), ("c", 0.4)), CertaintyRules())
    assert start == ("high", "high: 60% of the information (by participants) from studies that start high "
                             "(designs: cluster-rct, qed, rct)")


def test_start_low_at_half_the_information_randomised() -> None:
    evidence = [_item("a", "rct"), _item("c", "cohort")]
    start = _start(evidence, _weights(("a", 0.5), ("c", 0.5)), CertaintyRules())
    assert start == ("low", "low: 50% of the information (by participants) from studies that start high "
                            "(designs: cohort, rct)")


def test_a_randomised_study_without_a_share_adds_nothing() -> None:
    evidence = [_item("a", "rct"), _item("c", "cohort")]
    assert _start(evidence, _weights(("c", 1.0)), CertaintyRules())[0] == "low"


def test_robins_i_appraised_studies_start_high_only_when_the_rules_say_so() -> None:
    evidence = [_item("a", "qed", tool="robins-i")]
    body = _weights(("a", 1.0))
    assert _start(evidence, body, CertaintyRules())[0] == "low"
    assert _start(evidence, body, CertaintyRules(robins_i_starts_high=True))[0] == "high"
    for other in (_item("a", "qed", tool="rob1"), _item("a", "qed")):
        assert _start([other], body, CertaintyRules(robins_i_starts_high=True))[0] == "low"


# --- recorded judgements

def test_a_recorded_judgement_keeps_the_computed_one_and_its_egger_test() -> None:
    egger = EggerTest(t=2.5, df=8, p=0.04, limit=0.1)
    computed = Judgement("publication_bias", 1, "Egger's test ...", egger=egger)
    recorded = DomainCertainty.model_validate({"publication_bias": {"rating_down": 0, "reason": "a  reviewer\n said so"}})
    judgement = _with_recorded(computed, recorded)
    assert (judgement.rating_down, judgement.reason, judgement.source) == (0, "a reviewer said so", "recorded")
    assert judgement.computed is computed and judgement.egger is egger
    assert _with_recorded(computed, None) is computed


# --- the whole assessment: non-randomised studies with a large effect, a recorded baseline risk and MID

def _large_effect_evidence(kit: SimpleNamespace) -> list[Any]:
    # RR 4 (160/400 against 40/400) in each of two cohort studies: 400 events, comparator risk 0.1
    studies = [kit.study(name, kit.counts("risk-ratio", 160, 400, 40, 400), design="cohort") for name in ("a", "b")]
    return [evidence_by_domain(study, KINSHIP)["carer-wellbeing"] for study in studies]


def test_assess_certainty_rates_a_large_effect_up(rating_kit: SimpleNamespace) -> None:
    # unappraised studies scored 0 (no risk-of-bias concern), so nothing rates down
    framework = KINSHIP.model_copy(update={"certainty": CertaintyRules(risk_of_bias=RiskOfBiasRule(unappraised_score=0))})
    certainty = assess_certainty("carer-wellbeing", _large_effect_evidence(rating_kit), framework, PoolingMethods())
    assert certainty is not None
    assert [j.rating_down for j in certainty.judgements] == [0, 0, 0, 0, 0]
    assert certainty.start == "low"
    assert certainty.start_reason == ("low: 0% of the information (by pooled weight) from studies that start high "
                                      "(designs: cohort)")
    assert certainty.upgrade == 1
    assert certainty.upgrade_reason.startswith("+1: pooled RR 4.00 (magnitude 4.00 against 2 and 5)")
    assert certainty.level == "moderate"
    assert certainty.absolute is not None and certainty.absolute.comparator_per_1000 == pytest.approx(100)


def test_assess_certainty_uses_the_recorded_baseline_risk_and_mid(rating_kit: SimpleNamespace) -> None:
    recorded = DomainCertainty(baseline_risk=0.3, minimal_important_difference=2.0)
    certainty = assess_certainty("carer-wellbeing", _large_effect_evidence(rating_kit), KINSHIP, PoolingMethods(),
                                 recorded)
    assert certainty is not None
    reason = certainty.judgement("imprecision").reason
    # the CI of RR 4 is above the MID's 2.00, so it crosses neither threshold
    assert "crosses neither MID threshold (0.50, 2.00)" in reason
    assert "(comparator risk 0.300, RRR 25%)" in reason
    assert certainty.absolute is not None and certainty.absolute.comparator_per_1000 == pytest.approx(300)
    assert certainty.absolute.intervention_per_1000 == pytest.approx(1000, rel=1e-9)  # RR 4 x 0.3, clipped at 1

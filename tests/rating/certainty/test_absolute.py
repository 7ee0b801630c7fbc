"""Anticipated absolute effects against hand-computed values (OR, RR, RD; with and without baseline_risk)."""

from __future__ import annotations

import math

import pytest

from kinship_evidence.data.models import Study
from kinship_evidence.rating.certainty.absolute import absolute_effect, intervention_risk
from kinship_evidence.rating.certainty.results import BodyOfEvidence
from kinship_evidence.rating.evidence import StudyEvidence, outcome_evidence
from kinship_evidence.rating.quality import QualityBasis


def _study(study_id: str, control_events: int, control_n: int) -> StudyEvidence:
    study = Study.model_validate({
        "id": study_id, "citation": "made up", "year": 2020, "source": "https://example.org/x", "country": "US",
        "design": "rct", "quality": "high", "recommendations": ["rec"],
        "outcomes": [{"domain": "d", "description": "x", "favourable": "higher", "measure": "risk-ratio",
                      "counts": {"intervention": {"events": 30, "n": 100},
                                 "control": {"events": control_events, "n": control_n}}}],
    })
    return StudyEvidence(study, "d", (outcome_evidence(study.outcomes[0]),), QualityBasis("high", "stated", "stated"))


def _body(scale: str, estimate: float, low: float, high: float) -> BodyOfEvidence:
    return BodyOfEvidence(("a",), 1, 200, 0, None, None, (scale, estimate, low, high), (("a", 1.0),), "participants")


# control risks 0.10, 0.20, 0.40: median 0.20
EVIDENCE = [_study("a", 10, 100), _study("b", 40, 200), _study("c", 40, 100)]


def test_odds_ratio_from_the_median_control_risk() -> None:
    # OR 2 (1.5 to 3) at p0 = 0.2: p1 = 2*0.2/(1 - 0.2 + 2*0.2) = 0.4/1.2 = 333.3 per 1,000;
    # 1.5: 0.3/1.1 = 272.7; 3: 0.6/1.4 = 428.6
    effect = absolute_effect(EVIDENCE, _body("log-odds-ratio", math.log(2), math.log(1.5), math.log(3)), None)
    assert effect is not None
    assert effect.comparator_per_1000 == pytest.approx(200)
    assert effect.intervention_per_1000 == pytest.approx(1000 / 3)
    assert effect.intervention_ci == pytest.approx((3000 / 11, 6000 / 14))
    assert effect.difference_per_1000 == pytest.approx(1000 / 3 - 200)
    assert effect.difference_ci == pytest.approx((3000 / 11 - 200, 6000 / 14 - 200))
    assert "median control-group risk of 3 studies" in effect.comparator_source


def test_risk_ratio_with_a_baseline_risk() -> None:
    # RR 0.8 (0.6 to 1.1) at baseline 0.3: 240 (180 to 330) per 1,000; difference -60 (-120 to 30)
    effect = absolute_effect(EVIDENCE, _body("log-risk-ratio", math.log(0.8), math.log(0.6), math.log(1.1)), 0.3)
    assert effect is not None
    assert effect.comparator_per_1000 == pytest.approx(300)
    assert effect.intervention_per_1000 == pytest.approx(240)
    assert effect.intervention_ci == pytest.approx((180, 330))
    assert effect.difference_ci == pytest.approx((-120, 30))
    assert effect.comparator_source == "baseline_risk recorded for the domain"


def test_risk_ratio_without_a_baseline_risk() -> None:
    # RR 1.5 (1.2 to 1.8) at the median 0.2: 300 (240 to 360)
    effect = absolute_effect(EVIDENCE, _body("log-risk-ratio", math.log(1.5), math.log(1.2), math.log(1.8)), None)
    assert effect is not None and effect.intervention_ci is not None
    assert (effect.intervention_per_1000, *effect.intervention_ci) == pytest.approx((300, 240, 360))


@pytest.mark.parametrize(("baseline", "p0"), [(None, 0.2), (0.5, 0.5)])
def test_risk_difference(baseline: float | None, p0: float) -> None:
    # RD 0.06 (0.01 to 0.11): p1 = p0 + RD
    effect = absolute_effect(EVIDENCE, _body("risk-difference", 0.06, 0.01, 0.11), baseline)
    assert effect is not None and effect.intervention_ci is not None
    assert effect.intervention_per_1000 == pytest.approx(1000 * (p0 + 0.06))
    assert effect.intervention_ci == pytest.approx((1000 * (p0 + 0.01), 1000 * (p0 + 0.11)))
    assert effect.difference_per_1000 == pytest.approx(60)


def test_odds_ratio_with_a_baseline_risk() -> None:
    # OR 0.5 at 0.4: 0.2 / (0.6 + 0.2) = 0.25
    assert intervention_risk("log-odds-ratio", math.log(0.5), 0.4) == pytest.approx(0.25)
    effect = absolute_effect(EVIDENCE, _body("log-odds-ratio", math.log(0.5), math.log(0.25), math.log(1.0)), 0.4)
    assert effect is not None and effect.intervention_ci is not None
    # 0.25 at OR 0.25: 0.1/0.7 = 142.9; at OR 1: 400
    assert effect.intervention_ci == pytest.approx((1000 / 7, 400))


def test_risks_stay_within_0_and_1() -> None:
    assert intervention_risk("log-risk-ratio", math.log(4), 0.5) == 1.0
    assert intervention_risk("risk-difference", -0.3, 0.2) == 0.0


def test_continuous_effects_in_grade_words() -> None:
    effect = absolute_effect([], _body("smd", 0.25, 0.05, 0.45), None)
    assert effect is not None and effect.text == "SMD 0.25 higher (0.05 to 0.45 higher)"
    effect = absolute_effect([], _body("mean-difference", -2.1, -3.0, 0.4), None)
    assert effect is not None and effect.text == "MD 2.10 lower (3.00 lower to 0.40 higher)"
    assert effect.comparator_per_1000 is None


def test_comparator_source_names_how_many_studies() -> None:
    body = _body("log-risk-ratio", math.log(1.5), math.log(1.2), math.log(1.8))
    one = absolute_effect(EVIDENCE[:1], body, None)
    assert one is not None and one.comparator_source == "median control-group risk of 1 study with counts"
    two = absolute_effect(EVIDENCE[:2], body, None)
    assert two is not None and two.comparator_source == "median control-group risk of 2 studies with counts"


def test_no_comparator_risk_without_counts_or_a_baseline() -> None:
    effect = absolute_effect([], _body("log-risk-ratio", math.log(1.5), math.log(1.2), math.log(1.8)), None)
    assert effect is not None
    assert effect.text == "no comparator risk: no study with counts and no baseline_risk recorded"
    assert effect.comparator_per_1000 is None


def test_an_odds_ratio_past_floating_point_range_gives_every_intervention_event() -> None:
    assert intervention_risk("log-odds-ratio", 1000.0, 0.2) == 1.0


def test_no_absolute_risk_on_a_continuous_scale() -> None:
    with pytest.raises(ValueError, match=r"^no absolute risk for the smd scale$"):
        intervention_risk("smd", 0.2, 0.3)


def test_continuous_effects_at_zero_count_as_higher() -> None:
    effect = absolute_effect([], _body("smd", 0.0, 0.0, 0.4), None)
    assert effect is not None and effect.text == "SMD 0.00 higher (0.00 to 0.40 higher)"
    effect = absolute_effect([], _body("smd", -0.2, -0.4, 0.0), None)
    assert effect is not None and effect.text == "SMD 0.20 lower (0.40 lower to 0.00 higher)"

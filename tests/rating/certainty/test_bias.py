"""Risk of bias weighted by each study's share of the information (CINeMA's average rule, bias.py's
defaults: low 0, some concerns 1, high 2, not appraised 1; -1 from 0.5, -2 from 1.5), on hand-made bodies."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from kinship_evidence.rating.certainty.bias import risk_of_bias
from kinship_evidence.rating.certainty.results import BodyOfEvidence
from kinship_evidence.rating.certainty.rules import RiskOfBiasRule
from kinship_evidence.rating.quality import QualityBasis


def _item(study_id: str, quality: str, kind: str = "appraised") -> Any:
    return SimpleNamespace(study=SimpleNamespace(id=study_id), quality=QualityBasis(quality, kind, "made up"))


def _body(*weights: tuple[str, float], weighted_by: str = "pooled weight") -> BodyOfEvidence:
    return BodyOfEvidence(tuple(s for s, _ in weights), len(weights), 300, 0, None, None, None, weights, weighted_by)


def test_no_study_is_not_assessable() -> None:
    judgement = risk_of_bias([], _body(), RiskOfBiasRule())
    assert (judgement.key, judgement.rating_down, judgement.assessed) == ("risk_of_bias", 0, False)
    assert judgement.reason == "not assessable: no study"


def test_reason_in_full_names_each_level_largest_share_first() -> None:
    # 0.25 * 2 (high) + 0.15 * 1 (some concerns) + 0.6 * 0 = 0.65: -1
    evidence = [_item("a", "high"), _item("b", "high"), _item("c", "moderate"), _item("d", "low")]
    body = _body(("a", 0.2), ("b", 0.4), ("c", 0.15), ("d", 0.25))
    judgement = risk_of_bias(evidence, body, RiskOfBiasRule())
    assert (judgement.key, judgement.rating_down, judgement.assessed) == ("risk_of_bias", 1, True)
    assert judgement.reason == ("weighted risk-of-bias score 0.65 (by pooled weight; -1 from 0.5, -2 from 1.5); "
                                "high: d 25%; some concerns: c 15%; low: b 40%, a 20%")


def test_unappraised_studies_score_the_rules_value_and_are_named() -> None:
    # a stated "high" is not an appraisal: it scores unappraised_score, not 0
    evidence = [_item("a", "high", kind="stated"), _item("b", "high")]
    judgement = risk_of_bias(evidence, _body(("a", 0.5), ("b", 0.5), weighted_by="participants"),
                             RiskOfBiasRule(unappraised_score=2))
    assert judgement.rating_down == 1 and judgement.assessed
    assert judgement.reason == ("weighted risk-of-bias score 1.00 (by participants; -1 from 0.5, -2 from 1.5); "
                                "low: b 50%; not appraised: a 50% (not appraised scored 2)")


def test_a_study_appraised_as_not_appraised_quality_is_not_appraised() -> None:
    judgement = risk_of_bias([_item("a", "not-appraised")], _body(("a", 1.0)), RiskOfBiasRule())
    assert judgement.reason.endswith("not appraised: a 100% (not appraised scored 1)")


def test_assessed_only_when_some_study_is_appraised() -> None:
    evidence = [_item("a", "high", kind="stated"), _item("b", "low", kind="not-appraised")]
    judgement = risk_of_bias(evidence, _body(("a", 0.5), ("b", 0.5)), RiskOfBiasRule())
    assert judgement.assessed is False
    assert judgement.rating_down == 1  # both score 1


def test_a_study_without_a_weight_counts_nothing() -> None:
    # b carries no share of the information (not pooled): its high risk does not move the score
    evidence = [_item("a", "high"), _item("b", "low")]
    judgement = risk_of_bias(evidence, _body(("a", 1.0)), RiskOfBiasRule())
    assert judgement.rating_down == 0
    assert judgement.reason.startswith("weighted risk-of-bias score 0.00 ")
    assert "high: b 0%" in judgement.reason


@pytest.mark.parametrize(
    ("high_share", "down"),
    [(0.24, 0), (0.25, 1), (0.74, 1), (0.75, 2), (1.0, 2)],
)
def test_levels_at_the_thresholds(high_share: float, down: int) -> None:
    # score = 2 * the high-risk study's share: 0.5 and 1.5 are reached exactly
    evidence = [_item("a", "low"), _item("b", "high")]
    body = _body(("a", high_share), ("b", 1 - high_share))
    assert risk_of_bias(evidence, body, RiskOfBiasRule()).rating_down == down

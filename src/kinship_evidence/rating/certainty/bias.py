"""Risk of bias across the body of evidence, weighted by where the information comes from.

As CINeMA's "average" rule for within-study bias (Nikolakopoulou et al. 2020, PLoS Med
17:e1003082): each study's risk of bias is scored low 0, some concerns 1, high 2, and averaged
with its share of the pooled weight (of participants in a narrative synthesis). The risk of
bias is the rule set's reading of the study's recorded appraisal (its quality from the appraisal:
high -> low risk, moderate -> some concerns, low -> high risk); a study whose quality is only
stated, or not appraised, scores ``unappraised_score`` and is named.
"""

from __future__ import annotations

from collections.abc import Sequence

from kinship_evidence.rating.certainty.results import BodyOfEvidence, Judgement
from kinship_evidence.rating.certainty.rules import RiskOfBiasRule
from kinship_evidence.rating.evidence import StudyEvidence

RISK_FROM_QUALITY = {"high": ("low", 0), "moderate": ("some concerns", 1), "low": ("high", 2)}


def _named(items: list[tuple[str, float]]) -> str:
    return ", ".join(f"{study_id} {share:.0%}" for study_id, share in sorted(items, key=lambda item: -item[1]))


def risk_of_bias(evidence: Sequence[StudyEvidence], body: BodyOfEvidence, rule: RiskOfBiasRule) -> Judgement:
    if not evidence:
        return Judgement("risk_of_bias", 0, "not assessable: no study", assessed=False)
    share = dict(body.weights)
    by_level: dict[str, list[tuple[str, float]]] = {"high": [], "some concerns": [], "low": [], "not appraised": []}
    score = 0.0
    for item in evidence:
        weight = share.get(item.study.id, 0.0)
        points: float
        if item.quality.is_appraised and item.quality.quality in RISK_FROM_QUALITY:
            level, points = RISK_FROM_QUALITY[item.quality.quality]
        else:
            level, points = "not appraised", rule.unappraised_score
        by_level[level].append((item.study.id, weight))
        score += weight * points
    down = 2 if score >= rule.down_two_at else 1 if score >= rule.down_one_at else 0
    parts = [f"{level}: {_named(items)}" for level, items in by_level.items() if items]
    thresholds = f"-1 from {rule.down_one_at:g}, -2 from {rule.down_two_at:g}"
    reason = f"weighted risk-of-bias score {score:.2f} (by {body.weighted_by}; {thresholds}); {'; '.join(parts)}"
    if by_level["not appraised"]:
        reason += f" (not appraised scored {rule.unappraised_score:g})"
    return Judgement("risk_of_bias", down, reason, assessed=len(by_level["not appraised"]) < len(evidence))

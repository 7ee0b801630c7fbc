"""Synthesis of several studies' evidence in one domain: meta-analysis or narrative.

Meta-analysis pools one numeric effect per study on one scale. Studies are oriented to one
favourable direction first (an effect where "lower is better" is negated when the group's
majority direction is "higher"), so that every pooled study points the same way. A log odds
ratio joins SMDs through SMD = ln(OR) * sqrt(3) / pi when the framework allows it; no other
scales mix. The largest group of studies on one scale is pooled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from kinship_evidence.rating.evidence import StudyEvidence, status_of_interval
from kinship_evidence.rating.frameworks import NarrativeRule
from kinship_evidence.stats.effects import SCALES, EffectSize, log_odds_ratio_to_smd
from kinship_evidence.stats.meta_analysis import ConvergenceError, PooledEffect, pool

Method = Literal["meta-analysis", "narrative", "single-study", "none"]


@dataclass(frozen=True, slots=True)
class PooledStudy:
    study_id: str
    effect: EffectSize  # on the pooled scale and in the pooled direction
    converted: bool  # a log odds ratio converted to an SMD
    flipped: bool  # negated to the pooled favourable direction


@dataclass(frozen=True, slots=True)
class MetaAnalysis:
    scale: str
    favourable: str  # higher | lower: the direction the pooled estimate is expressed in
    studies: tuple[PooledStudy, ...]
    result: PooledEffect | None
    error: str = ""  # why pooling failed (e.g. REML did not converge)

    @property
    def demonstrates_effect(self) -> bool:
        if self.result is None:
            return False
        return status_of_interval(self.result.ci_low, self.result.ci_high, self.favourable) == "favourable"

    @property
    def is_unfavourable(self) -> bool:
        if self.result is None:
            return False
        return status_of_interval(self.result.ci_low, self.result.ci_high, self.favourable) == "unfavourable"


@dataclass(frozen=True, slots=True)
class NarrativeSynthesis:
    studies: int
    favourable: int
    unfavourable: int
    rule: NarrativeRule

    @property
    def demonstrates_effect(self) -> bool:
        return (
            self.favourable >= self.rule.min_favourable
            and (not self.rule.favourable_majority or 2 * self.favourable > self.studies)
            and (self.rule.allow_unfavourable or self.unfavourable == 0)
        )

    def describe(self) -> str:
        rule = self.rule
        parts = [f"{self.favourable} of {self.studies} favourable (need >= {rule.min_favourable}"]
        if rule.favourable_majority:
            parts.append(", more than half")
        parts.append(")")
        if not rule.allow_unfavourable:
            parts.append(f", {self.unfavourable} unfavourable (need 0)")
        return "".join(parts)


def _pooling_scale(effect: EffectSize, or_to_smd: bool, scales_present: set[str]) -> str:
    if or_to_smd and effect.scale == "log-odds-ratio" and "smd" in scales_present:
        return "smd"
    return effect.scale


def meta_analysis(
    evidence: Sequence[StudyEvidence], estimator: str, or_to_smd: bool
) -> MetaAnalysis | None:
    """Pool the largest group of studies on one scale; None when fewer than two can be pooled."""
    numeric = [(item, item.pooled_outcome) for item in evidence]
    numeric = [(item, outcome) for item, outcome in numeric if outcome is not None]
    scales_present = {outcome.effect.scale for _, outcome in numeric if outcome.effect is not None}
    groups: dict[str, list] = {}
    for item, outcome in numeric:
        assert outcome.effect is not None
        groups.setdefault(_pooling_scale(outcome.effect, or_to_smd, scales_present), []).append((item, outcome))
    if not groups:
        return None
    scale = max(groups, key=lambda name: (len(groups[name]), -SCALES.index(name)))
    members = groups[scale]
    if len(members) < 2:
        return None
    directions = [outcome.outcome.favourable for _, outcome in members]
    favourable = "lower" if directions.count("lower") > directions.count("higher") else "higher"
    pooled_studies = []
    for item, outcome in members:
        effect = outcome.effect
        assert effect is not None
        converted = effect.scale != scale
        if converted:
            effect = log_odds_ratio_to_smd(effect)
        flipped = outcome.outcome.favourable != favourable
        if flipped:
            effect = EffectSize(effect.scale, -effect.estimate, effect.variance)
        pooled_studies.append(PooledStudy(item.study.id, effect, converted, flipped))
    try:
        result = pool([s.effect.estimate for s in pooled_studies], [s.effect.variance for s in pooled_studies], estimator)
    except ConvergenceError as error:
        return MetaAnalysis(scale, favourable, tuple(pooled_studies), None, error=str(error))
    except ArithmeticError as error:  # e.g. weights 1e24 apart cancel to 0 in the DL denominator
        reason = f"the meta-analysis cannot be computed from these variances ({error.__class__.__name__})"
        return MetaAnalysis(scale, favourable, tuple(pooled_studies), None, error=reason)
    return MetaAnalysis(scale, favourable, tuple(pooled_studies), result)


def narrative_synthesis(evidence: Sequence[StudyEvidence], rule: NarrativeRule) -> NarrativeSynthesis:
    return NarrativeSynthesis(
        studies=len(evidence),
        favourable=sum(item.is_favourable for item in evidence),
        unfavourable=sum(item.is_unfavourable for item in evidence),
        rule=rule,
    )

"""The two syntheses of a domain's studies, as results: a meta-analysis or a narrative synthesis.

``pooling`` builds a :class:`MetaAnalysis` (which studies, on which scale, in which direction);
:func:`narrative_synthesis` counts favourable and unfavourable studies.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from kinship_evidence.frozen import frozen
from kinship_evidence.rating.evidence import StudyEvidence, status_of_interval
from kinship_evidence.rating.frameworks import NarrativeRule
from kinship_evidence.stats.effects import EffectSize
from kinship_evidence.stats.meta_analysis import PooledEffect

Method = Literal["meta-analysis", "narrative", "single-study", "none"]


@frozen(slots=True)
class PooledStudy:
    study_id: str
    effect: EffectSize  # on the pooled scale and in the pooled direction
    converted: bool  # a log odds ratio converted to an SMD
    flipped: bool  # negated to the pooled favourable direction


@frozen(slots=True)
class MetaAnalysis:
    scale: str
    favourable: str  # higher | lower: the direction the pooled estimate is expressed in
    studies: tuple[PooledStudy, ...]
    result: PooledEffect | None
    error: str = ""  # why pooling failed (e.g. REML did not converge)
    left_out: tuple[tuple[str, str], ...] = ()  # (study id, why its numbers are not in this pool)
    notes: tuple[str, ...] = ()  # how records sharing a sample were handled, and the like

    @property
    def demonstrates_effect(self) -> bool:
        if self.result is None:
            return False
        return status_of_interval(self.result.ci_low, self.result.ci_high, self.favourable) == "favourable"


@frozen(slots=True)
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


def narrative_synthesis(evidence: Sequence[StudyEvidence], rule: NarrativeRule) -> NarrativeSynthesis:
    """Vote counting by study: records that share a sample count once (favourable if any of them is)."""
    samples = {item.sample_key for item in evidence}
    return NarrativeSynthesis(
        studies=len(samples),
        favourable=len({item.sample_key for item in evidence if item.is_favourable}),
        unfavourable=len({item.sample_key for item in evidence if item.is_unfavourable}),
        rule=rule,
    )

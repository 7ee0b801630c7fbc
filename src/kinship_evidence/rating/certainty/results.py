"""What a certainty assessment gives: a judgement per GRADE domain, the level, the absolute effects."""

from __future__ import annotations

from typing import Literal

from kinship_evidence.frozen import frozen
from kinship_evidence.rating.synthesis import MetaAnalysis, NarrativeSynthesis
from kinship_evidence.stats.publication_bias import EggerTest

Source = Literal["computed", "recorded"]
LEVELS = ("very low", "low", "moderate", "high")  # lowest first: index + 1 is the number of filled circles


@frozen(slots=True)
class Judgement:
    """One GRADE domain: levels rated down (0, 1 or 2), why, and whether computed or recorded."""

    key: str  # risk_of_bias | inconsistency | indirectness | imprecision | publication_bias
    rating_down: int
    reason: str
    source: Source = "computed"
    computed: Judgement | None = None  # for a recorded judgement, the one it overrides
    assessed: bool = True  # False for "not assessable" and "not assessed: reviewer judgement"
    egger: EggerTest | None = None  # publication bias, when Egger's test ran

    @property
    def more_favourable_than_computed(self) -> bool:
        return self.computed is not None and self.rating_down < self.computed.rating_down


@frozen(slots=True)
class AbsoluteEffect:
    """Anticipated absolute effects per 1,000 (binary outcomes), or the continuous effect in words."""

    comparator_per_1000: float | None = None
    intervention_per_1000: float | None = None
    intervention_ci: tuple[float, float] | None = None
    difference_per_1000: float | None = None
    difference_ci: tuple[float, float] | None = None
    comparator_source: str = ""  # "baseline_risk recorded" or "median control-group risk of 3 studies"
    text: str = ""  # continuous: "SMD 0.25 higher (0.05 to 0.45 higher)"


@frozen(slots=True)
class BodyOfEvidence:
    """The studies GRADE rates for one domain and their analysis (pooled with the rating's methods)."""

    study_ids: tuple[str, ...]
    studies: int  # distinct samples
    participants: int
    participants_missing: int  # studies that report no participant count
    meta: MetaAnalysis | None
    narrative: NarrativeSynthesis | None
    single_effect: tuple[str, float, float, float] | None  # (scale, estimate, ci_low, ci_high) of a single study
    weights: tuple[tuple[str, float], ...]  # each study's share of the information, summing to 1
    weighted_by: str  # "pooled weight" | "participants" | "equal shares"


@frozen(slots=True)
class Certainty:
    domain: str
    start: Literal["high", "low"]
    start_reason: str
    judgements: tuple[Judgement, ...]  # in GRADE's order
    upgrade: int
    upgrade_reason: str
    body: BodyOfEvidence
    absolute: AbsoluteEffect | None

    @property
    def points(self) -> int:
        start = 4 if self.start == "high" else 2
        return max(1, min(4, start - sum(j.rating_down for j in self.judgements) + self.upgrade))

    @property
    def level(self) -> str:
        return LEVELS[self.points - 1]

    def judgement(self, key: str) -> Judgement:
        return next(j for j in self.judgements if j.key == key)

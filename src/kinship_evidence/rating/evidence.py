"""What one study says about one outcome domain: effect sizes and favourable / unfavourable.

An outcome is favourable when its 95% CI excludes no effect on its favourable side (or, with
no numbers, when its reported finding is favourable); unfavourable likewise on the other side.
A study is favourable in a domain when any of its outcomes there is, unfavourable when any is;
both at once is "mixed" and counts on both sides.
"""

from __future__ import annotations

import math
from dataclasses import field
from typing import Literal

from kinship_evidence.data.models import RATIO_MEASURES, Outcome, Study
from kinship_evidence.frozen import frozen
from kinship_evidence.rating.frameworks import Framework
from kinship_evidence.rating.quality import (
    QualityBasis,
    outcome_quality,
    study_quality,
    worst,
)
from kinship_evidence.stats import effects
from kinship_evidence.stats.effects import EffectSize

Status = Literal["favourable", "no-effect", "unfavourable", "mixed"]


@frozen(slots=True)
class OutcomeEvidence:
    outcome: Outcome
    effect: EffectSize | None  # on the analysis scale (log for ratios), as the data report it
    status: Status
    note: str = ""  # why a numeric outcome has no effect size
    interval: tuple[float, float] | None = None  # the 95% CI that decided the status (analysis scale)


@frozen(slots=True)
class StudyEvidence:
    study: Study
    domain: str
    outcomes: tuple[OutcomeEvidence, ...]
    quality: QualityBasis  # the worst of its outcomes' qualities in this domain (see rating.quality)
    #: the first outcome with numbers, found once (a robustness run asks for it millions of times)
    _pooled: OutcomeEvidence | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_pooled", next((item for item in self.outcomes if item.effect is not None), None))

    @property
    def status(self) -> Status:
        statuses = {item.status for item in self.outcomes}
        favourable = "favourable" in statuses or "mixed" in statuses
        unfavourable = "unfavourable" in statuses or "mixed" in statuses
        if favourable and unfavourable:
            return "mixed"
        if favourable:
            return "favourable"
        return "unfavourable" if unfavourable else "no-effect"

    @property
    def is_favourable(self) -> bool:
        return self.status in ("favourable", "mixed")

    @property
    def is_unfavourable(self) -> bool:
        return self.status in ("unfavourable", "mixed")

    @property
    def pooled_outcome(self) -> OutcomeEvidence | None:
        """The study's contribution to a meta-analysis: its first outcome in the domain with numbers."""
        return self._pooled

    @property
    def smallest_group(self) -> int | None:
        """The smallest arm among the outcomes with counts or group data, if any."""
        sizes: list[int] = []
        for item in self.outcomes:
            arms = item.outcome.counts or item.outcome.groups
            if arms is not None:
                sizes.extend((arms.intervention.n, arms.control.n))
        return min(sizes) if sizes else None

    @property
    def sample_key(self) -> str:
        return self.study.sample or self.study.id


def effect_of(outcome: Outcome) -> EffectSize | None:
    """The effect size of a numeric outcome; None for a reported finding.

    Raises ValueError when the numbers do not define an effect (e.g. no events in either arm).
    """
    measure = outcome.measure
    if outcome.counts is not None and measure is not None:
        t, c = outcome.counts.intervention, outcome.counts.control
        return effects.from_counts(measure, t.events, t.n, c.events, c.n)
    if outcome.groups is not None and measure is not None:
        t2, c2 = outcome.groups.intervention, outcome.groups.control
        return effects.from_groups(measure, t2.mean, t2.sd, t2.n, c2.mean, c2.sd, c2.n)
    if outcome.effect is not None and measure is not None:
        if outcome.effect.se is not None:
            return effects.from_estimate_se(measure, outcome.effect.estimate, outcome.effect.se)
        assert outcome.effect.ci is not None
        low, high = outcome.effect.ci
        return effects.from_estimate_ci(measure, outcome.effect.estimate, low, high)
    return None


def status_of_interval(ci_low: float, ci_high: float, favourable: str) -> Status:
    """Favourable when the 95% CI excludes no effect (0 on the analysis scale) on the good side."""
    if ci_low > 0:
        return "favourable" if favourable == "higher" else "unfavourable"
    if ci_high < 0:
        return "favourable" if favourable == "lower" else "unfavourable"
    return "no-effect"


def outcome_evidence(outcome: Outcome) -> OutcomeEvidence:
    if outcome.finding is not None:
        return OutcomeEvidence(outcome, None, outcome.finding)
    try:
        effect = effect_of(outcome)
    except ValueError as error:
        return OutcomeEvidence(outcome, None, "no-effect", note=str(error))
    assert effect is not None
    low, high = effect.ci_low, effect.ci_high
    if outcome.effect is not None and outcome.effect.ci is not None:
        # A reported CI decides, not the Wald interval around the point estimate rebuilt from
        # it: an asymmetric (or rounded) interval that touches no effect must not count as
        # excluding it.
        low, high = (math.log(limit) if outcome.measure in RATIO_MEASURES else limit for limit in outcome.effect.ci)
    return OutcomeEvidence(outcome, effect, status_of_interval(low, high, outcome.favourable), interval=(low, high))


def study_evidence(study: Study, domain: str, framework: Framework) -> StudyEvidence | None:
    """The study's evidence in ``domain``, or None when it measured nothing there."""
    return evidence_by_domain(study, framework).get(domain)


def _domain_quality(study: Study, outcomes: list[Outcome], framework: Framework) -> QualityBasis:
    if all(outcome.risk_of_bias is None for outcome in outcomes):
        return study_quality(study, framework)
    bases = [outcome_quality(outcome, study, framework) for outcome in outcomes]
    return next(basis for basis in bases if basis.quality == worst([b.quality for b in bases]))


def evidence_by_domain(study: Study, framework: Framework) -> dict[str, StudyEvidence]:
    """The study's evidence in every domain it measured, each outcome's effect computed once."""
    grouped: dict[str, list[Outcome]] = {}
    for outcome in study.outcomes:
        grouped.setdefault(outcome.domain, []).append(outcome)
    return {
        domain: StudyEvidence(
            study, domain, tuple(outcome_evidence(o) for o in outcomes), _domain_quality(study, outcomes, framework)
        )
        for domain, outcomes in grouped.items()
    }

"""One recommendation as a Summary of findings row (Cochrane Handbook ch. 14, GRADEpro).

Per recommendation: the deciding domain (the outcome domain whose rating is the
recommendation's), how many studies (records sharing a ``sample`` count once) and
participants, the effect in that domain, and how many eligible studies are appraised.
Pure data for the table writers; nothing here draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import field

from kinship_evidence.frozen import frozen
from kinship_evidence.rating.evidence import StudyEvidence
from kinship_evidence.rating.results import (
    DomainRating,
    RatingReport,
    RecommendationRating,
    Synthesis,
)
from kinship_evidence.reports.text.natural_scale import effect_text

NOT_REPORTED = "n/r"


@frozen
class Ratings(Sequence[RatingReport]):
    """The reports, and the recommendation ids whose rating is fragile: what a ratings writer may receive.

    ``fragile`` is filled by the command line when a robustness analysis ran (e.g. from
    ``fragile_recommendations(evaluation)``); empty otherwise. It is a sequence of the reports,
    so every ratings writer accepts it in place of the reports; the table marks the fragile ones.
    """

    reports: tuple[RatingReport, ...]
    fragile: frozenset[str] = field(default_factory=frozenset)

    def __len__(self) -> int:
        return len(self.reports)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self.reports[index]


def as_ratings(result: Ratings | Sequence[RatingReport]) -> Ratings:
    """A writer's argument as :class:`Ratings` (plain reports have no fragile ids)."""
    return result if isinstance(result, Ratings) else Ratings(tuple(result))


@frozen(slots=True)
class FindingsRow:
    domain: str | None  # the deciding domain; None when the recommendation has none
    studies: int
    participants: str  # "1,240", "340 + 1 n/r" or "n/r"
    effect: str  # "SMD 0.40 [0.20, 0.60]", "3 of 3 favourable", "no eligible study"
    appraised: int
    eligible: int


def deciding_domain(rating: RecommendationRating) -> DomainRating | None:
    """The first outcome domain whose rating is the recommendation's."""
    return next((domain for domain in rating.domains if domain.rating == rating.rating), None)


def _arm_total(item: StudyEvidence) -> int | None:
    for outcome in item.outcomes:
        arms = outcome.outcome.counts or outcome.outcome.groups
        if arms is not None:
            return arms.intervention.n + arms.control.n
    return None


def participants(evidence: Iterable[StudyEvidence]) -> str:
    """Participants of distinct samples: ``sample_size``, else the arm sizes; ``n/r`` when not reported."""
    seen: set[str] = set()
    total, missing = 0, 0
    for item in evidence:
        if item.sample_key in seen:
            continue
        seen.add(item.sample_key)
        size = item.study.sample_size if item.study.sample_size is not None else _arm_total(item)
        if size is None:
            missing += 1
        else:
            total += size
    if missing == len(seen):
        return NOT_REPORTED
    return f"{total:,}" + (f" + {missing} {NOT_REPORTED}" if missing else "")


def synthesis_effect(synthesis: Synthesis) -> str:
    """The domain's effect in words: pooled or single-study effect, or the narrative count."""
    if synthesis.meta is not None:
        result = synthesis.meta.result
        if result is None:
            return "pooling failed"
        return effect_text(synthesis.meta.scale, result.estimate, result.ci_low, result.ci_high)
    if synthesis.narrative is not None:
        narrative = synthesis.narrative
        return f"{narrative.favourable} of {narrative.studies} favourable"
    if synthesis.single is not None:
        pooled = synthesis.single.pooled_outcome
        if pooled is not None and pooled.effect is not None and pooled.interval is not None:
            # the reported interval, as explain and the report show it (not one rebuilt around the estimate)
            low, high = pooled.interval
            return effect_text(pooled.effect.scale, pooled.effect.estimate, low, high)
        return f"reported {synthesis.single.status}"
    return "no eligible study"


def findings_row(rating: RecommendationRating) -> FindingsRow:
    domain = deciding_domain(rating)
    appraised, eligible = rating.appraised, len(rating.eligible)
    if domain is None:
        return FindingsRow(None, 0, NOT_REPORTED, "no eligible study", appraised, eligible)
    studies = len({item.sample_key for item in domain.evidence})
    effect = synthesis_effect(domain.synthesis) if domain.evidence else "no eligible study"
    return FindingsRow(domain.domain, studies, participants(domain.evidence), effect, appraised, eligible)


def numbered_warnings(ratings: Iterable[RecommendationRating]) -> tuple[dict[str, list[int]], list[str]]:
    """Every warning once, numbered from 1, and the numbers each recommendation id refers to."""
    notes: list[str] = []
    refs: dict[str, list[int]] = {}
    for rating in ratings:
        for warning in rating.warnings:
            if warning not in notes:
                notes.append(warning)
            refs.setdefault(rating.recommendation.id, []).append(notes.index(warning) + 1)
    return refs, notes

"""Re-rating one recommendation after one change, reusing what the change cannot touch.

``robustness`` asks for the rating after each of many single changes. Re-rating the whole
recommendation each time (:func:`~kinship_evidence.rating.engine.rate_recommendation`) repeats
everything the change leaves as it was. :class:`Rerater` gives the same ratings (the domain
ratings and so the recommendation's best) while it

* reuses each study's evidence and standing (where it counts), computed once;
* re-rates only the domains where the changed study counts, before or after the change (a
  method change re-rates every domain): the others keep their rating as rated;
* in a re-rated domain, reuses a tier's verdict when the change leaves its members as they were
  (the changed study is not among them, before or after; or it stays a member with the same
  numbers, when only its quality moved), and knows without pooling that a tier which failed for
  want of studies, of favourable studies or of a sustained effect still fails when a study
  leaves it (those counts can only fall); under another method, that a tier which does not pool
  keeps its verdict;
* stops at the first tier that passes (the rating), so the tiers below it are never pooled.

Every verdict it does not reuse comes from :func:`~kinship_evidence.rating.tiers.tier_passes`,
the engine's own criteria in the engine's own order (the studies in the order that names them),
so a re-rated domain is rated exactly as the engine rates it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Literal

from kinship_evidence.data.models import Study
from kinship_evidence.frozen import frozen
from kinship_evidence.rating.engine import EvidenceCache, Standing, rate_recommendation, study_standing
from kinship_evidence.rating.evidence import StudyEvidence
from kinship_evidence.rating.frameworks import Framework, Tier
from kinship_evidence.rating.pooling import ScaleMemo, meta_analysis
from kinship_evidence.rating.results import DomainRating, RecommendationRating, TierResult
from kinship_evidence.rating.synthesis import MetaAnalysis
from kinship_evidence.rating.tiers import Pooler, admits, tier_passes
from kinship_evidence.stats.methods import PoolingMethods

Change = Literal["without-study", "method", "quality-lower", "quality-higher"]


@frozen(slots=True)
class Scenario:
    """One single change: study ``index`` of the naming studies left out (``copy`` None) or
    replaced by ``copy``; or, ``index`` None, every study under other ``methods``."""

    change: Change
    study: str | None
    methods: PoolingMethods
    index: int | None
    copy: Study | None = None
    inert: bool = False  # the change is known to alter nothing
    quality: str | None = None

    def studies_after(self, naming: Sequence[Study]) -> tuple[Study, ...]:
        """The naming studies after the change (what a full re-rating would be given)."""
        studies = tuple(naming)
        if self.index is None:
            return studies
        kept = (self.copy,) if self.copy is not None else ()
        return studies[:self.index] + kept + studies[self.index + 1:]


#: Criteria whose count can only fall when a study leaves the tier: failed, they stay failed.
MONOTONE_CRITERIA = frozenset({"studies", "favourable", "sustained"})


#: Pools kept for reuse across changes (the unchanged domains' pools come back change after change).
POOLS_KEPT = 512


class ReusedPools:
    """``meta_analysis`` of a tier's members, each pool computed once while it is kept.

    A pool reads only the members with a numeric effect (``pooled_outcome``), so those are the
    key: leaving out a study without numbers reuses the pool as it was. The key holds the
    members themselves, so no key can outlive them and match others that reuse their ids.
    """

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.kept: OrderedDict[tuple[object, ...], tuple[tuple[StudyEvidence, ...], MetaAnalysis | None]] = OrderedDict()
        self.scales = ScaleMemo()

    def pooler(self, methods: PoolingMethods) -> Pooler:
        def pool(members: Sequence[StudyEvidence]) -> MetaAnalysis | None:
            numeric = tuple(item for item in members if item.pooled_outcome is not None)
            key = (methods, *(id(item) for item in numeric))
            hit = self.kept.get(key)
            if hit is not None and all(a is b for a, b in zip(hit[0], numeric, strict=True)):
                self.kept.move_to_end(key)
                return hit[1]
            result = meta_analysis(numeric, methods, self.framework.or_to_smd, self.scales)
            self.kept[key] = (numeric, result)
            if len(self.kept) > POOLS_KEPT:
                self.kept.popitem(last=False)
            return result

        return pool


def _failed_monotone(tier: TierResult) -> bool:
    return any(not criterion.passed and criterion.name in MONOTONE_CRITERIA for criterion in tier.criteria)


def _pools(tier: TierResult) -> bool:
    """Whether the tier's verdict came from a pooled CI (the one part a method change moves)."""
    return any(criterion.name == "meta-analysis" for criterion in tier.criteria)


class Rerater:
    """The domain ratings of one recommendation after one change to its naming studies."""

    def __init__(
        self, rating: RecommendationRating, naming: Sequence[Study], framework: Framework, methods: PoolingMethods
    ) -> None:
        self.framework, self.methods = framework, methods
        self.targets = tuple(rating.recommendation.outcomes or ())
        self.evidence = EvidenceCache(framework)
        self.standings = [study_standing(study, self.targets, framework, self.evidence) for study in naming]
        self.before: dict[str, DomainRating] = {domain.domain: domain for domain in rating.domains}
        self.pools = ReusedPools(framework)
        # each domain's evidence in the naming order, and the position of its study
        self.positions: dict[str, list[int]] = {}
        self.items: dict[str, list[StudyEvidence]] = {}
        for position, standing in enumerate(self.standings):
            for domain, item in standing.counted.items():
                self.positions.setdefault(domain, []).append(position)
                self.items.setdefault(domain, []).append(item)
        self.counts = {domain: len(found) for domain, found in self.positions.items()}

    def standing_of(self, study: Study) -> Standing:
        return study_standing(study, self.targets, self.framework, self.evidence)

    def ratings(self, index: int | None, replacement: Standing | None, methods: PoolingMethods) -> dict[str, str]:
        """Each domain's rating, in the engine's order, after the change: study ``index`` left
        out (``replacement`` None) or replaced by ``replacement``; or, ``index`` None, every
        study as it is under ``methods``."""
        old = self.standings[index].counted if index is not None else {}
        new = replacement.counted if replacement is not None else {}
        changed = set(old) | set(new)
        other_methods = methods != self.methods
        ratings: dict[str, str] = {}
        for domain in self._domains_after(old, new):
            if not other_methods and domain not in changed:
                ratings[domain] = self.before[domain].rating
                continue
            ratings[domain] = self._domain_rating(domain, index, old.get(domain), new.get(domain), methods)
        return ratings

    def _domains_after(self, old: dict[str, StudyEvidence], new: dict[str, StudyEvidence]) -> list[str]:
        if self.targets:
            return list(self.targets)
        present = {d for d, n in self.counts.items() if n - (d in old) + (d in new) > 0}
        return sorted(present | set(new))

    def _evidence_after(self, domain: str, index: int | None, item: StudyEvidence | None) -> list[StudyEvidence]:
        positions, items = self.positions.get(domain, []), self.items.get(domain, [])
        if index is None:
            return list(items)
        at = bisect_left(positions, index)
        present = at < len(positions) and positions[at] == index
        return [*items[:at], *((item,) if item is not None else ()), *items[at + present:]]

    def _domain_rating(
        self, domain: str, index: int | None, old: StudyEvidence | None, new: StudyEvidence | None,
        methods: PoolingMethods,
    ) -> str:
        framework = self.framework
        before = self.before.get(domain)
        evidence: list[StudyEvidence] | None = None
        pool = self.pools.pooler(methods)
        for position, tier in enumerate(framework.tiers):
            verdict = None
            rated = before.tiers[position] if before is not None else None
            if rated is not None:
                verdict = self._known_verdict(rated, tier, old, new, methods)
            if verdict is None:
                if evidence is None:
                    evidence = self._evidence_after(domain, index, new)
                verdict = tier_passes(tier, framework, evidence, pool)
            if verdict:
                return tier.rating
        return framework.no_rating

    def _known_verdict(
        self, rated: TierResult, tier: Tier, old: StudyEvidence | None, new: StudyEvidence | None,
        methods: PoolingMethods,
    ) -> bool | None:
        """The tier's verdict when the change cannot alter it, else None (pool to know)."""
        if methods != self.methods:
            settled = any(not c.passed for c in rated.criteria if c.name != "meta-analysis")
            if settled or not _pools(rated):
                return rated.passed  # failed on a count, or a verdict that pools nothing
            return None
        was_member = old is not None and old.study.id in rated.members
        is_member = new is not None and admits(tier, new)
        if was_member == is_member:
            return rated.passed  # the same members (a member's quality moved, its numbers did not)
        if was_member and not rated.passed and _failed_monotone(rated):
            return False  # a study left a tier that lacked studies, favourable ones or a sustained one
        return None


#: The domain ratings after one scenario, from the naming studies: what a re-rating gives.
Rerating = Callable[[Scenario, Sequence[Study]], dict[str, str]]


def incremental(rating: RecommendationRating, naming: Sequence[Study], framework: Framework, methods: PoolingMethods) -> Rerating:
    """The re-rating ``robustness`` uses: :class:`~kinship_evidence.workflows.rerating.Rerater`."""
    rerater = Rerater(rating, naming, framework, methods)

    def rerate(scenario: Scenario, naming: Sequence[Study]) -> dict[str, str]:
        replacement = rerater.standing_of(scenario.copy) if scenario.copy is not None else None
        return rerater.ratings(scenario.index, replacement, scenario.methods)

    return rerate


def in_full(rating: RecommendationRating, naming: Sequence[Study], framework: Framework, methods: PoolingMethods) -> Rerating:
    """The reference re-rating: each change re-rates the whole recommendation from scratch
    (``rate_recommendation`` on the studies after the change), as ``robustness`` did before
    :class:`Rerater`. The tests hold :func:`incremental` equal to it; ``bench/robustness.py``
    times the two."""
    evidence = EvidenceCache(framework)
    recommendation = rating.recommendation

    def rerate(scenario: Scenario, naming: Sequence[Study]) -> dict[str, str]:
        after = rate_recommendation(
            recommendation, scenario.studies_after(naming), framework, scenario.methods, published=False,
            evidence=evidence, certainty=False,
        )
        return {domain.domain: domain.rating for domain in after.domains}

    return rerate

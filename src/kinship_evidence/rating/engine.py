"""The rating engine: a framework's tiers applied to a recommendation's studies.

Pure functions from (framework, recommendations, studies) to the results in ``results``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from kinship_evidence.data.models import Recommendation, Study
from kinship_evidence.frozen import frozen
from kinship_evidence.rating.certainty.assess import assess_certainty
from kinship_evidence.rating.certainty.results import Certainty
from kinship_evidence.rating.eligibility import exclusion_reason, quality_reason
from kinship_evidence.rating.evidence import StudyEvidence, evidence_by_domain
from kinship_evidence.rating.frameworks import Framework
from kinship_evidence.rating.pooling import meta_analysis, mixed_measures
from kinship_evidence.rating.quality import study_quality
from kinship_evidence.rating.results import (
    DomainRating,
    Exclusion,
    Notice,
    RatingReport,
    RecommendationRating,
    Synthesis,
)
from kinship_evidence.rating.synthesis import (
    MetaAnalysis,
    narrative_synthesis,
)
from kinship_evidence.rating.tiers import Pooler, evaluate_tier, ids
from kinship_evidence.stats.methods import PoolingMethods


def summarise(evidence: Sequence[StudyEvidence], framework: Framework, pool: Pooler) -> Synthesis:
    if not evidence:
        return Synthesis("none", 0)
    if len(evidence) == 1:
        return Synthesis("single-study", 1, single=evidence[0])
    meta = pool(evidence)
    if meta is not None:
        return Synthesis("meta-analysis", len(meta.studies), meta=meta)
    narrative = narrative_synthesis(evidence, framework.narrative)
    return Synthesis("narrative", narrative.studies, narrative=narrative)


class CachedPooler:
    """``meta_analysis`` that pools each set of studies once: tiers whose members are the same
    studies (often all of a domain's) and the domain's summary share one result."""

    def __init__(self, framework: Framework, methods: PoolingMethods) -> None:
        self.framework, self.methods = framework, methods
        self.results: dict[tuple[int, ...], MetaAnalysis | None] = {}

    def __call__(self, members: Sequence[StudyEvidence]) -> MetaAnalysis | None:
        key = tuple(id(item) for item in members)
        if key not in self.results:
            self.results[key] = meta_analysis(members, self.methods, self.framework.or_to_smd)
        return self.results[key]

    def notices(self) -> list[Notice]:
        """Each study some pool left out, and why, once."""
        found = {
            (study_id, why): Notice(study_id, "", f"{study_id} left out of the {meta.scale} meta-analysis: {why}")
            for meta in self.results.values() if meta is not None
            for study_id, why in meta.left_out
        }
        return list(found.values())

    def warnings(self) -> list[str]:
        """Notes on shared samples, and pools that could not be computed, each once."""
        found = [w for meta in self.results.values() if meta is not None for w in meta.notes]
        found += [
            f"the {meta.scale} meta-analysis of {', '.join(s.study_id for s in meta.studies)} failed: {meta.error}"
            for meta in self.results.values() if meta is not None and meta.result is None
        ]
        return list(dict.fromkeys(found))


def _unusable_outcomes(evidence: Sequence[StudyEvidence]) -> list[Notice]:
    return [
        Notice(
            item.study.id, f"outcomes.{next(i for i, o in enumerate(item.study.outcomes) if o is outcome.outcome)}",
            f"{item.study.id}: the numbers of outcome {outcome.outcome.description.strip()!r} define no effect size "
            f"({outcome.note}), so it counts as no effect",
        )
        for item in evidence
        for outcome in item.outcomes
        if outcome.note
    ]


def rate_domain(
    domain: str, evidence: Sequence[StudyEvidence], framework: Framework, methods: PoolingMethods | None = None
) -> DomainRating:
    pool = CachedPooler(framework, methods or framework.pooling.methods)
    tiers = tuple(evaluate_tier(tier, framework, evidence, pool) for tier in framework.tiers)
    rating = next((tier.rating for tier in tiers if tier.passed), framework.no_rating)
    synthesis = summarise(evidence, framework, pool)
    notices = [*_unusable_outcomes(evidence), *pool.notices(), *mixed_measures(evidence, framework.or_to_smd)]
    warnings = [*(notice.message for notice in notices), *pool.warnings()]
    favourable = [item for item in evidence if item.is_favourable]
    unfavourable = [item for item in evidence if item.is_unfavourable]
    if favourable and unfavourable:
        warnings.append(
            f"conflicting evidence on {domain}: favourable {ids(favourable)}; unfavourable {ids(unfavourable)}"
        )
    return DomainRating(domain, rating, tuple(evidence), synthesis, tiers, tuple(warnings), tuple(notices))


class EvidenceCache:
    """Each study's evidence computed once, for callers that rate the same studies many times
    (robustness re-rates a recommendation once per change). Keyed by the study object itself:
    the cache holds it, so its identity cannot be reused while cached."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self._cached: dict[int, tuple[Study, dict[str, StudyEvidence]]] = {}

    def __call__(self, study: Study) -> dict[str, StudyEvidence]:
        hit = self._cached.get(id(study))
        if hit is not None and hit[0] is study:
            return hit[1]
        evidence = evidence_by_domain(study, self.framework)
        self._cached[id(study)] = (study, evidence)
        return evidence


def reported_outcomes(study: Study) -> tuple[tuple[str, str], ...]:
    """Each outcome of ``study`` as (domain, what it reported), for a study that does not count."""
    return tuple(
        (outcome.domain, f"{outcome.finding or f'{outcome.measure} reported'}: {' '.join(outcome.description.split())}")
        for outcome in study.outcomes
    )


@frozen(slots=True)
class Standing:
    """How one study counts toward a recommendation: not at all (``exclusion`` says why), or with
    its evidence in the domains where it counts (``set_aside``: the others, and why)."""

    exclusion: str | None
    counted: dict[str, StudyEvidence]
    set_aside: dict[str, str]


def study_standing(
    study: Study, targets: Sequence[str], framework: Framework, evidence: EvidenceCache | None = None
) -> Standing:
    """Whether and where ``study`` counts for a recommendation with target domains ``targets``
    (empty: any domain), as :func:`rate_recommendation` decides it."""
    reason = exclusion_reason(study, framework)
    if reason is None and targets and not any(o.domain in targets for o in study.outcomes):
        reason = f"no outcome in the target domains ({', '.join(targets)})"
    if reason is not None:
        return Standing(reason, {}, {})
    grouped = evidence(study) if evidence is not None else evidence_by_domain(study, framework)
    relevant = {d: ev for d, ev in grouped.items() if not targets or d in targets}
    reasons = {d: quality_reason(ev.quality, framework) for d, ev in relevant.items()}
    counted = {d: ev for d, ev in relevant.items() if reasons[d] is None}
    set_aside = {d: why for d, why in reasons.items() if why is not None}
    if relevant and not counted:
        return Standing(next(iter(set_aside.values())), {}, {})
    return Standing(None, counted, set_aside)


def _measured(study: Study) -> tuple[str, ...]:
    return tuple(dict.fromkeys(outcome.domain for outcome in study.outcomes))


def rate_recommendation(
    recommendation: Recommendation,
    studies: Sequence[Study],
    framework: Framework,
    methods: PoolingMethods | None = None,
    published: bool = True,
    evidence: EvidenceCache | None = None,
    certainty: bool = True,
) -> RecommendationRating:
    """Rate one recommendation from the studies that name it (others are ignored).

    ``evidence`` reuses each study's evidence across calls (it must be for ``framework``).
    ``certainty``: also assess each domain's GRADE certainty (robustness, which re-rates, does not).
    """
    # each study's evidence computed once: the domains' ratings and their GRADE bodies share it
    evidence_of = evidence if evidence is not None and evidence.framework is framework else EvidenceCache(framework)
    eligible: list[Study] = []
    excluded: list[Exclusion] = []
    set_aside: dict[str, list[Notice]] = {}
    by_domain: list[dict[str, StudyEvidence]] = []
    targets = recommendation.outcomes
    naming = [study for study in studies if recommendation.id in study.recommendations]
    for study in naming:
        standing = study_standing(study, targets or (), framework, evidence_of)
        if standing.exclusion is not None:
            excluded.append(Exclusion(study.id, standing.exclusion, reported_outcomes(study), _measured(study)))
            continue
        for domain, why in standing.set_aside.items():
            set_aside.setdefault(domain, []).append(Notice(study.id, "", f"{study.id} set aside in {domain}: {why}"))
        eligible.append(study)
        by_domain.append(standing.counted)
    domains = list(targets) if targets else sorted({d for grouped in by_domain for d in grouped})
    # GRADE's body: every naming study of the framework's designs, any quality or country
    graded = [evidence_of(study) for study in naming if study.design in framework.eligibility.designs] if certainty else []
    domain_ratings = []
    for domain in domains:
        in_domain = [grouped[domain] for grouped in by_domain if domain in grouped]
        rated = rate_domain(domain, in_domain, framework, methods)
        if domain in set_aside:
            extra = tuple(set_aside[domain])
            rated = replace(
                rated, warnings=(*(n.message for n in extra), *rated.warnings), notices=(*extra, *rated.notices)
            )
        if certainty:
            rated = replace(rated, certainty=_certainty(recommendation, domain, graded, framework, methods))
        domain_ratings.append(rated)
    rating = max((d.rating for d in domain_ratings), key=framework.rank, default=framework.no_rating)
    return RecommendationRating(
        recommendation=recommendation,
        framework=framework,
        rating=rating,
        published_rating=recommendation.published_rating if published else None,
        eligible=tuple(study.id for study in eligible),
        excluded=tuple(excluded),
        domains=tuple(domain_ratings),
        qualities={study.id: study_quality(study, framework) for study in naming},
    )


def _certainty(
    recommendation: Recommendation, domain: str, graded: Sequence[dict[str, StudyEvidence]], framework: Framework,
    methods: PoolingMethods | None,
) -> Certainty | None:
    """GRADE certainty of ``domain`` over ``graded``: the evidence of every naming study of the
    framework's designs, any quality or country."""
    body = [grouped[domain] for grouped in graded if domain in grouped]
    recorded = (recommendation.certainty or {}).get(domain)
    return assess_certainty(domain, body, framework, methods or framework.pooling.methods, recorded)


def rate_all(
    recommendations: Sequence[Recommendation],
    studies: Sequence[Study],
    framework: Framework,
    methods: PoolingMethods | None = None,
    guide_framework: str | None = None,
) -> RatingReport:
    """Rate every recommendation; published ratings are compared only under the guide's framework.

    ``methods`` defaults to the rule set's own (``framework.pooling``).
    """
    methods = methods or framework.pooling.methods
    by_recommendation: dict[str, list[Study]] = {rec.id: [] for rec in recommendations}
    for study in studies:
        for rec_id in study.recommendations:
            if rec_id in by_recommendation:
                by_recommendation[rec_id].append(study)
    compare = guide_framework is None or guide_framework == framework.id
    evidence = EvidenceCache(framework)  # a study that names several recommendations is read once
    ratings = tuple(
        rate_recommendation(rec, by_recommendation[rec.id], framework, methods, published=compare, evidence=evidence)
        for rec in sorted(recommendations, key=lambda rec: rec.number)
    )
    return RatingReport(framework, methods, guide_framework, ratings)

"""The rating engine: a framework's tiers applied to a recommendation's studies.

Pure functions from (framework, recommendations, studies) to results that say not only the
rating but every criterion with pass or fail and the numbers behind it, so that ``explain``
and the reports only present what is decided here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from kinship_evidence.countries import high_income_countries
from kinship_evidence.evidence import StudyEvidence, evidence_by_domain
from kinship_evidence.frameworks import Framework, Tier
from kinship_evidence.models import Recommendation, Study
from kinship_evidence.synthesis import MetaAnalysis, Method, NarrativeSynthesis, meta_analysis, narrative_synthesis

ESTIMATORS = ("reml", "dl")
Pooler = Callable[[Sequence[StudyEvidence]], MetaAnalysis | None]


@dataclass(frozen=True, slots=True)
class Criterion:
    name: str
    passed: bool
    detail: str


@dataclass(frozen=True, slots=True)
class TierResult:
    rating: str
    statement: str
    criteria: tuple[Criterion, ...]
    members: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return all(criterion.passed for criterion in self.criteria)


@dataclass(frozen=True, slots=True)
class Exclusion:
    study_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Synthesis:
    """The synthesis of all eligible studies in a domain, as reported in ``rate``."""

    method: Method
    k: int
    meta: MetaAnalysis | None = None
    narrative: NarrativeSynthesis | None = None
    single: StudyEvidence | None = None


@dataclass(frozen=True)
class DomainRating:
    domain: str
    rating: str
    evidence: tuple[StudyEvidence, ...]
    synthesis: Synthesis
    tiers: tuple[TierResult, ...]
    warnings: tuple[str, ...] = ()

    @property
    def study_ids(self) -> list[str]:
        return [item.study.id for item in self.evidence]


@dataclass(frozen=True)
class RecommendationRating:
    recommendation: Recommendation
    framework: Framework
    rating: str
    published_rating: str | None  # None when the framework is not the guide's own
    eligible: tuple[str, ...]
    excluded: tuple[Exclusion, ...]
    domains: tuple[DomainRating, ...]

    @property
    def matches_published(self) -> bool | None:
        return None if self.published_rating is None else self.rating == self.published_rating

    @property
    def warnings(self) -> list[str]:
        return [warning for domain in self.domains for warning in domain.warnings]


@dataclass(frozen=True)
class RatingReport:
    framework: Framework
    estimator: str
    guide_framework: str | None
    ratings: tuple[RecommendationRating, ...] = field(default_factory=tuple)

    @property
    def drifted(self) -> list[RecommendationRating]:
        return [rating for rating in self.ratings if rating.matches_published is False]


# ---------------------------------------------------------------------------------------
# Eligibility


def _country_allowed(country: str, framework: Framework) -> bool:
    allowed = framework.eligibility.countries
    if allowed == "any":
        return True
    if allowed == "high-income":
        return country in high_income_countries()
    return country in allowed


def exclusion_reason(study: Study, framework: Framework) -> str | None:
    rules = framework.eligibility
    if study.design not in rules.designs:
        return f"design {study.design} is not experimental here ({', '.join(rules.designs)})"
    if not _country_allowed(study.country, framework):
        where = "a high-income country" if rules.countries == "high-income" else "an eligible country"
        return f"country {study.country} is not {where}"
    if study.quality not in rules.qualities:
        return f"quality {study.quality} is below {' or '.join(rules.qualities)}"
    return None


# ---------------------------------------------------------------------------------------
# Tiers


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    return f"{count} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def _ids(items: Iterable[StudyEvidence]) -> str:
    names = [item.study.id for item in items]
    return ", ".join(names) if names else "none"


def _tier_members(tier: Tier, evidence: Sequence[StudyEvidence]) -> tuple[list[StudyEvidence], list[str]]:
    """The studies a tier may count, and the reasons others were set aside."""
    members, set_aside = [], []
    for item in evidence:
        study = item.study
        if tier.qualities is not None and study.quality not in tier.qualities:
            set_aside.append(f"{study.id} (quality {study.quality}, need {' or '.join(tier.qualities)})")
        elif tier.designs is not None and study.design not in tier.designs:
            set_aside.append(f"{study.id} (design {study.design})")
        elif tier.usual_care and study.usual_care is not True:
            set_aside.append(f"{study.id} (usual-care setting {'not recorded' if study.usual_care is None else 'no'})")
        elif tier.min_group_size is not None and (item.smallest_group or 0) < tier.min_group_size:
            size = item.smallest_group
            shown = "not recorded" if size is None else str(size)
            set_aside.append(f"{study.id} (smallest group {shown}, need {tier.min_group_size})")
        else:
            members.append(item)
    return members, set_aside


def _count(items: Sequence[StudyEvidence], distinct_samples: bool) -> int:
    return len({item.sample_key for item in items}) if distinct_samples else len(items)


def describe_meta(meta: MetaAnalysis) -> str:
    if meta.result is None:
        return f"meta-analysis of {len(meta.studies)} on {meta.scale} failed: {meta.error}"
    r = meta.result
    verdict = "excludes" if meta.demonstrates_effect else "does not exclude"
    return (
        f"{r.method.upper()} random-effects meta-analysis of k={r.k} on {meta.scale}: "
        f"{r.estimate:.3f} [{r.ci_low:.3f}, {r.ci_high:.3f}], tau^2 {r.tau2:.3f}, I^2 {100 * r.i2:.0f}%; "
        f"the CI {verdict} no effect on the favourable side ({meta.favourable} is better)"
    )


def _evidence_criterion(
    tier: Tier, framework: Framework, members: Sequence[StudyEvidence], pool: Pooler
) -> Criterion:
    if tier.evidence == "favourable-studies":
        favourable = [item for item in members if item.is_favourable]
        count = _count(favourable, tier.distinct_samples)
        unit = "distinct sample" if tier.distinct_samples else "favourable study"
        return Criterion(
            "favourable", count >= tier.min_favourable,
            f"{_plural(count, unit)} ({_ids(favourable)}); need at least {tier.min_favourable}",
        )
    meta = pool(members)
    if meta is not None:
        return Criterion("meta-analysis", meta.demonstrates_effect, describe_meta(meta))
    if tier.evidence == "meta-analysis":
        return Criterion("meta-analysis", False, "fewer than two studies can be pooled on one scale")
    narrative = narrative_synthesis(members, framework.narrative)
    return Criterion(
        "narrative synthesis", narrative.demonstrates_effect,
        f"fewer than two studies can be pooled on one scale; narrative synthesis: {narrative.describe()}",
    )


def _sustained_criterion(tier: Tier, members: Sequence[StudyEvidence]) -> Criterion:
    months = tier.sustained_months
    assert months is not None
    sustained = [
        item for item in members
        if any(
            o.status in ("favourable", "mixed") and o.outcome.follow_up_months is not None
            and o.outcome.follow_up_months >= months
            for o in item.outcomes
        )
    ]
    return Criterion(
        "sustained", bool(sustained),
        f"{_plural(len(sustained), 'study')} with a favourable outcome {months:g}+ months after treatment ends ({_ids(sustained)})",
    )


def evaluate_tier(tier: Tier, framework: Framework, evidence: Sequence[StudyEvidence], pool: Pooler) -> TierResult:
    members, set_aside = _tier_members(tier, evidence)
    count = _count(members, tier.distinct_samples)
    unit = "distinct sample" if tier.distinct_samples else "study"
    detail = f"{_plural(count, unit)} ({_ids(members)}); need at least {tier.min_studies}"
    if set_aside:
        detail += f"; set aside: {'; '.join(set_aside)}"
    criteria = [Criterion("studies", count >= tier.min_studies, detail)]
    criteria.append(_evidence_criterion(tier, framework, members, pool))
    if tier.sustained_months is not None:
        criteria.append(_sustained_criterion(tier, members))
    return TierResult(tier.rating, tier.criterion, tuple(criteria), tuple(item.study.id for item in members))


# ---------------------------------------------------------------------------------------
# Domains and recommendations


def summarise(evidence: Sequence[StudyEvidence], framework: Framework, pool: Pooler) -> Synthesis:
    if not evidence:
        return Synthesis("none", 0)
    if len(evidence) == 1:
        return Synthesis("single-study", 1, single=evidence[0])
    meta = pool(evidence)
    if meta is not None:
        return Synthesis("meta-analysis", len(meta.studies), meta=meta)
    return Synthesis("narrative", len(evidence), narrative=narrative_synthesis(evidence, framework.narrative))


def pooler(framework: Framework, estimator: str) -> Pooler:
    """``meta_analysis`` that pools each set of studies once: tiers whose members are the same
    studies (often all of a domain's) and the domain's summary share one result."""
    results: dict[tuple[int, ...], MetaAnalysis | None] = {}

    def pool(members: Sequence[StudyEvidence]) -> MetaAnalysis | None:
        key = tuple(id(item) for item in members)
        if key not in results:
            results[key] = meta_analysis(members, estimator, framework.or_to_smd)
        return results[key]

    return pool


def rate_domain(domain: str, evidence: Sequence[StudyEvidence], framework: Framework, estimator: str) -> DomainRating:
    pool = pooler(framework, estimator)
    tiers = tuple(evaluate_tier(tier, framework, evidence, pool) for tier in framework.tiers)
    rating = next((tier.rating for tier in tiers if tier.passed), framework.no_rating)
    warnings = []
    favourable = [item for item in evidence if item.is_favourable]
    unfavourable = [item for item in evidence if item.is_unfavourable]
    if favourable and unfavourable:
        warnings.append(
            f"conflicting evidence on {domain}: favourable {_ids(favourable)}; unfavourable {_ids(unfavourable)}"
        )
    return DomainRating(domain, rating, tuple(evidence), summarise(evidence, framework, pool), tiers, tuple(warnings))


def rate_recommendation(
    recommendation: Recommendation,
    studies: Sequence[Study],
    framework: Framework,
    estimator: str = "reml",
    published: bool = True,
) -> RecommendationRating:
    """Rate one recommendation from the studies that name it (others are ignored)."""
    eligible: list[Study] = []
    excluded: list[Exclusion] = []
    targets = recommendation.outcomes
    for study in studies:
        if recommendation.id not in study.recommendations:
            continue
        reason = exclusion_reason(study, framework)
        if reason is None and targets and not any(o.domain in targets for o in study.outcomes):
            reason = f"no outcome in the target domains ({', '.join(targets)})"
        if reason is None:
            eligible.append(study)
        else:
            excluded.append(Exclusion(study.id, reason))
    domains = list(targets) if targets else sorted({o.domain for study in eligible for o in study.outcomes})
    by_domain = [evidence_by_domain(study) for study in eligible]
    domain_ratings = []
    for domain in domains:
        evidence = [grouped[domain] for grouped in by_domain if domain in grouped]
        domain_ratings.append(rate_domain(domain, evidence, framework, estimator))
    rating = max((d.rating for d in domain_ratings), key=framework.rank, default=framework.no_rating)
    return RecommendationRating(
        recommendation=recommendation,
        framework=framework,
        rating=rating,
        published_rating=recommendation.published_rating if published else None,
        eligible=tuple(study.id for study in eligible),
        excluded=tuple(excluded),
        domains=tuple(domain_ratings),
    )


def rate_all(
    recommendations: Sequence[Recommendation],
    studies: Sequence[Study],
    framework: Framework,
    estimator: str = "reml",
    guide_framework: str | None = None,
) -> RatingReport:
    """Rate every recommendation; published ratings are compared only under the guide's framework."""
    if estimator not in ESTIMATORS:
        raise ValueError(f"unknown estimator {estimator!r}; expected one of {ESTIMATORS}")
    by_recommendation: dict[str, list[Study]] = {rec.id: [] for rec in recommendations}
    for study in studies:
        for rec_id in study.recommendations:
            if rec_id in by_recommendation:
                by_recommendation[rec_id].append(study)
    compare = guide_framework is None or guide_framework == framework.id
    ratings = tuple(
        rate_recommendation(rec, by_recommendation[rec.id], framework, estimator, published=compare)
        for rec in sorted(recommendations, key=lambda rec: rec.number)
    )
    return RatingReport(framework, estimator, guide_framework, ratings)

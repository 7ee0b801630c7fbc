"""The rating engine's results: a small contract that reports and workflows read.

Every result says not only the rating but every criterion with pass or fail and the numbers
behind it, so ``explain`` and the reports only present what the engine decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field

from kinship_evidence.data.models import Recommendation
from kinship_evidence.frozen import frozen
from kinship_evidence.rating.certainty.results import Certainty
from kinship_evidence.rating.evidence import StudyEvidence
from kinship_evidence.rating.frameworks import Framework
from kinship_evidence.rating.quality import QualityBasis
from kinship_evidence.rating.synthesis import MetaAnalysis, Method, NarrativeSynthesis
from kinship_evidence.stats.methods import PoolingMethods


@frozen(slots=True)
class Notice:
    """A warning about one study's evidence: left out of a pool, numbers that define no effect, set aside."""

    study_id: str
    field: str  # where in the study's record, e.g. "outcomes.2" ("" for the record)
    message: str


@frozen(slots=True)
class Criterion:
    name: str
    passed: bool
    detail: str


@frozen(slots=True)
class TierResult:
    rating: str
    statement: str
    criteria: tuple[Criterion, ...]
    members: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return all(criterion.passed for criterion in self.criteria)


@frozen(slots=True)
class Exclusion:
    study_id: str
    reason: str
    #: what the excluded study reported, per outcome: (domain, "finding: description"), so a
    #: reader sees a result that does not count (e.g. a no-effect finding of an unappraised trial)
    reported: tuple[tuple[str, str], ...] = ()
    domains: tuple[str, ...] = ()  # the outcome domains the study measured (a forest plot's footnote names it there)


@frozen(slots=True)
class Synthesis:
    """The synthesis of all eligible studies in a domain, as reported in ``rate``."""

    method: Method
    k: int
    meta: MetaAnalysis | None = None
    narrative: NarrativeSynthesis | None = None
    single: StudyEvidence | None = None


@frozen
class DomainRating:
    domain: str
    rating: str
    evidence: tuple[StudyEvidence, ...]
    synthesis: Synthesis
    tiers: tuple[TierResult, ...]
    warnings: tuple[str, ...] = ()  # every warning in words, the notices' messages included
    notices: tuple[Notice, ...] = ()  # the warnings about one study, for a finding at its record
    certainty: Certainty | None = None  # GRADE, over the whole body of evidence (not only the eligible studies)

    @property
    def study_ids(self) -> list[str]:
        return [item.study.id for item in self.evidence]


DRIFT_NONE, DRIFT_ACKNOWLEDGED, DRIFT_UNACKNOWLEDGED = "none", "acknowledged", "unacknowledged"


@frozen(slots=True)
class DriftStatus:
    """Whether a derived rating differs from the published one and, if so, whether ``known_drift`` acknowledges it.

    ``status``: ``none`` (no published rating to compare, or the two agree), ``acknowledged``
    (``known_drift`` names this derived rating under this rule set) or ``unacknowledged``.
    """

    status: str
    reason: str | None = None  # the acknowledgement's reason, when acknowledged

    def as_dict(self) -> dict[str, str | None]:
        return {"status": self.status, "reason": self.reason}


@frozen
class RecommendationRating:
    recommendation: Recommendation
    framework: Framework
    rating: str
    published_rating: str | None  # None when the framework is not the guide's own
    eligible: tuple[str, ...]
    excluded: tuple[Exclusion, ...]
    domains: tuple[DomainRating, ...]
    qualities: Mapping[str, QualityBasis] = field(default_factory=dict)  # every naming study's, by id

    @property
    def appraised(self) -> int:
        """How many of the eligible studies have a recorded appraisal (not a bare quality label)."""
        return sum(1 for study_id in self.eligible if study_id in self.qualities and self.qualities[study_id].is_appraised)

    @property
    def matches_published(self) -> bool | None:
        return None if self.published_rating is None else self.rating == self.published_rating

    @property
    def drift(self) -> DriftStatus:
        """The drift from the published rating, acknowledged or not (one definition for every report).

        ``known_drift`` acknowledges the derived rating it names under its ``framework`` (default:
        the rule set rated, which is the guide's own whenever a published rating is compared).
        """
        if self.matches_published is not False:
            return DriftStatus(DRIFT_NONE)
        known = self.recommendation.known_drift
        if known is not None and known.rating == self.rating and known.framework in (None, self.framework.id):
            return DriftStatus(DRIFT_ACKNOWLEDGED, " ".join(known.reason.split()))
        return DriftStatus(DRIFT_UNACKNOWLEDGED)

    @property
    def warnings(self) -> list[str]:
        return [warning for domain in self.domains for warning in domain.warnings]


@frozen
class RatingReport:
    framework: Framework
    methods: PoolingMethods
    guide_framework: str | None
    ratings: tuple[RecommendationRating, ...] = field(default_factory=tuple)

    @property
    def estimator(self) -> str:
        """The tau^2 estimator's name (``reml``, ``dl``, ``pm``)."""
        return self.methods.estimator.value

    @property
    def drifted(self) -> list[RecommendationRating]:
        return [rating for rating in self.ratings if rating.matches_published is False]

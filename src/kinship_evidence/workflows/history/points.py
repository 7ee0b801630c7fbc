"""The points of a rating's history, as data: one per year (or commit), each with its domains.

A point holds the rating the recommendation would have had then, whether it differs from the
point before (the first point is compared with the rating of no studies), the records that step
added, removed or edited, and each outcome domain's rating with its synthesis: the pooled
estimate, 95% CI and tau^2 of the domain's meta-analysis (of every eligible study in the domain,
as ``rate`` reports it), or the synthesis used when fewer than two studies could be pooled.
"""

from __future__ import annotations

from typing import Literal

from kinship_evidence.frozen import frozen
from kinship_evidence.rating.results import DomainRating, RecommendationRating

By = Literal["year", "commit"]


@frozen(slots=True)
class Commit:
    sha: str
    short: str
    date: str  # the committer date, ISO 8601
    subject: str


@frozen(slots=True)
class DomainPoint:
    domain: str
    rating: str
    changed: bool  # differs from the domain's rating at the point before
    synthesis: str  # meta-analysis | narrative | single-study | none
    k: int  # the studies the synthesis counts
    scale: str | None = None  # the pooled scale (meta-analysis only)
    favourable: str | None = None  # the direction the estimate is expressed in
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    tau2: float | None = None


@frozen(slots=True)
class Point:
    rating: str | None  # None: not rated at this point (invalid data, or no such recommendation)
    changed: bool
    added: tuple[str, ...]
    removed: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()
    domains: tuple[DomainPoint, ...] = ()
    year: int | None = None  # by year
    commit: Commit | None = None  # by commit
    note: str = ""  # why there is no rating, e.g. "invalid data: 2 errors"


@frozen(slots=True)
class RecommendationHistory:
    id: str
    number: int
    by: By
    framework: str
    methods: str  # in words
    points: tuple[Point, ...]

    @property
    def changes(self) -> tuple[Point, ...]:
        return tuple(point for point in self.points if point.changed)


def domain_point(domain: DomainRating, before: str | None) -> DomainPoint:
    synthesis = domain.synthesis
    meta = synthesis.meta
    changed = before is not None and before != domain.rating
    if meta is None or meta.result is None:
        return DomainPoint(domain.domain, domain.rating, changed, synthesis.method, synthesis.k)
    result = meta.result
    return DomainPoint(
        domain.domain, domain.rating, changed, synthesis.method, synthesis.k, meta.scale, meta.favourable,
        result.estimate, result.ci_low, result.ci_high, result.tau2,
    )


def domain_points(rating: RecommendationRating, previous: Point | None, no_rating: str) -> tuple[DomainPoint, ...]:
    """Each domain of ``rating``, marked changed against the same domain at ``previous``."""
    before = {d.domain: d.rating for d in previous.domains} if previous is not None else {}
    return tuple(domain_point(domain, before.get(domain.domain, no_rating)) for domain in rating.domains)


def changed(rating: str | None, previous: Point | None, no_rating: str) -> bool:
    """Whether ``rating`` differs from the point before (before the first: the rating of no studies)."""
    if previous is None:
        return rating is not None and rating != no_rating
    return rating != previous.rating


@frozen(slots=True)
class History:
    """The command's result: each recommendation's history (``single``: REC named one)."""

    by: By
    recommendations: tuple[RecommendationHistory, ...]
    single: bool = False

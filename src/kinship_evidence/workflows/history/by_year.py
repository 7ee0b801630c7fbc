"""``history --by year``: each recommendation rated as if the dataset held only the studies
published up to each year in which one of its studies appeared.

Tie rule: the studies of one year enter together. A year's point rates every study of that year
and the years before (in the dataset's order), so a year with two studies has one point and names
both; no order inside a year is invented. (metafor's ``cumul()`` adds one study at a time: its row
for the last study of a year is the year's pool.)

The years are those of the studies that name the recommendation (its naming studies), eligible
or not: a year whose only study does not count still has a point, which names it and shows the
rating unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kinship_evidence.data.models import Study
from kinship_evidence.rating.engine import EvidenceCache, rate_recommendation
from kinship_evidence.rating.results import RatingReport, RecommendationRating
from kinship_evidence.workflows.history.points import Point, RecommendationHistory, changed, domain_points

Progress = Callable[[int, int], None]


def years(studies: Sequence[Study]) -> list[int]:
    return sorted({study.year for study in studies})


def up_to(studies: Sequence[Study], year: int) -> list[Study]:
    """The studies published in or before ``year``, in the dataset's order (the tie rule)."""
    return [study for study in studies if study.year <= year]


def recommendation_by_year(
    rating: RecommendationRating, studies: Sequence[Study], report: RatingReport, evidence: EvidenceCache | None = None
) -> RecommendationHistory:
    """The by-year history of the recommendation ``rating`` rates, from the ``studies`` that name it."""
    rec, framework = rating.recommendation, report.framework
    naming = [study for study in studies if rec.id in study.recommendations]
    evidence = evidence if evidence is not None else EvidenceCache(framework)
    points: list[Point] = []
    for year in years(naming):
        rated = rate_recommendation(rec, up_to(naming, year), framework, report.methods, published=False, evidence=evidence)
        previous = points[-1] if points else None
        points.append(
            Point(
                rated.rating, changed(rated.rating, previous, framework.no_rating),
                tuple(study.id for study in naming if study.year == year),
                domains=domain_points(rated, previous, framework.no_rating), year=year,
            )
        )
    return RecommendationHistory(rec.id, rec.number, "year", framework.id, report.methods.describe(), tuple(points))


def history_by_year(
    report: RatingReport, studies: Sequence[Study], ratings: Sequence[RecommendationRating] | None = None,
    on_progress: Progress | None = None,
) -> tuple[RecommendationHistory, ...]:
    """The by-year history of each of ``ratings`` (default: every rating of ``report``)."""
    chosen = list(report.ratings if ratings is None else ratings)
    evidence = EvidenceCache(report.framework)
    found = []
    for done, rating in enumerate(chosen, 1):
        found.append(recommendation_by_year(rating, studies, report, evidence))
        if on_progress is not None:
            on_progress(done, len(chosen))
    return tuple(found)

"""``explain REC``: the one recommendation a reference names, in each rated framework."""

from __future__ import annotations

from kinship_evidence.errors import UnknownName
from kinship_evidence.rating.results import RatingReport, RecommendationRating


def find_recommendation(reports: tuple[RatingReport, ...], reference: str) -> list[tuple[RatingReport, RecommendationRating]]:
    """The rating of the recommendation whose id or number is ``reference``, per report.

    Raises :class:`UnknownName` listing the known ones when it names none.
    """
    found = []
    for report in reports:
        match = [r for r in report.ratings if reference in (r.recommendation.id, str(r.recommendation.number))]
        if not match:
            known = ", ".join(f"{r.recommendation.number} ({r.recommendation.id})" for r in report.ratings)
            raise UnknownName(f"no recommendation {reference!r}; known: {known}")
        found.append((report, match[0]))
    return found

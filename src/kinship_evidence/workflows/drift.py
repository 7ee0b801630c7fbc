"""Derived against published ratings, with the drifts a dataset acknowledges.

A recommendation whose derived rating differs from its published one is a ``rating-drift``
error at its ``published_rating`` line, unless its ``known_drift`` names that derived rating
(under its ``framework``: see below): then it is a ``known-drift`` note, and ``check`` stays green. A
``known_drift`` that no longer matches (the ratings agree again, it names another rating, or a
study it names is gone) is reported like an unused ``noqa``: a ``stale-known-drift`` warning at
the ``known_drift`` line, or, where the derived rating moved on, a ``rating-drift`` error.

``known_drift.framework`` pins an acknowledgement to the rule set it was made under. Published
ratings are compared only under the guide's own rule set (``guide.framework``, which may be any
known rule set, a ``--rules FILE`` one included), so an acknowledgement applies when its
framework is left out or names that rule set. One that names another rule set (the guide moved
to a new rule set since) acknowledges nothing: the drift is a ``rating-drift`` error at
``known_drift.framework``. A framework or rating that names no rule set or no rating of it is
an ``invalid-known-drift`` error (``workflows.acknowledgements``), found by ``validate`` too.
"""

from __future__ import annotations

from kinship_evidence.data.dataset import locate_in_files
from kinship_evidence.findings import Finding, Severity
from kinship_evidence.rating.results import DRIFT_ACKNOWLEDGED, RatingReport, RecommendationRating
from kinship_evidence.workflows.evaluate import Evaluation


def _drift_finding(path: str, index: int, report: RatingReport, rating: RecommendationRating) -> Finding | None:
    rec = rating.recommendation
    known = rec.known_drift
    framework = report.framework.id
    acknowledged = known is not None and known.framework in (None, framework)
    name = f"recommendation {rec.number} ({rec.id})"
    if rating.rating == rating.published_rating:
        if acknowledged:
            return Finding(
                path, 0, 0, f"recommendations.{index}.known_drift", "stale-known-drift",
                f"{name}: derived rating {rating.rating!r} now equals the published rating under {framework}; "
                "remove known_drift", Severity.WARNING,
            )
        return None
    base = f"{name}: derived rating {rating.rating!r} under {framework} differs from the published rating {rating.published_rating!r}"
    if rating.drift.status == DRIFT_ACKNOWLEDGED:
        return Finding(
            path, 0, 0, f"recommendations.{index}.known_drift", "known-drift",
            f"{base}, as known_drift acknowledges: {rating.drift.reason}", Severity.NOTE,
        )
    if known is not None and not acknowledged:
        return Finding(
            path, 0, 0, f"recommendations.{index}.known_drift.framework", "rating-drift",
            f"{base}; known_drift acknowledges a drift under {known.framework!r}, but published ratings are compared"
            f" under the guide's rule set {framework!r}: write framework: {framework} (or leave framework out)",
        )
    if acknowledged and known is not None:
        return Finding(
            path, 0, 0, f"recommendations.{index}.known_drift.rating", "rating-drift",
            f"{base}; known_drift acknowledges {known.rating!r}, so the drift has changed: update known_drift "
            "or the records",
        )
    return Finding(
        path, 0, 0, f"recommendations.{index}.published_rating", "rating-drift",
        f"{base}; if the data are right, acknowledge it with known_drift: {{rating: {rating.rating}, reason: ...}}",
    )


def _missing_studies(path: str, index: int, rating: RecommendationRating, known_ids: set[str]) -> list[Finding]:
    known = rating.recommendation.known_drift
    if known is None:
        return []
    return [
        Finding(
            path, 0, 0, f"recommendations.{index}.known_drift.studies.{position}", "stale-known-drift",
            f"known_drift names study {study_id!r}, which is not in the dataset", Severity.WARNING,
        )
        for position, study_id in enumerate(known.studies)
        if study_id not in known_ids
    ]


def drift_findings(evaluation: Evaluation) -> list[Finding]:
    """Every drift from a published rating under the guide's rule set, and every stale acknowledgement."""
    dataset = evaluation.validation.dataset
    path = dataset.recommendations_path
    index_of = {rec.id: i for i, rec in enumerate(dataset.recommendations)}
    study_ids = {record.study.id for record in evaluation.records}
    findings: list[Finding] = []
    for report in evaluation.reports:
        for rating in report.ratings:
            if rating.published_rating is None:  # not the guide's own rule set: nothing to compare
                continue
            index = index_of[rating.recommendation.id]
            found = _drift_finding(path, index, report, rating)
            if found is not None:
                findings.append(found)
            findings += _missing_studies(path, index, rating, study_ids)
    return locate_in_files(findings)

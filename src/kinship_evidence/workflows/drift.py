"""Derived against published ratings: every recommendation whose rating differs is a finding."""

from __future__ import annotations

from kinship_evidence.data.dataset import locate_in_files
from kinship_evidence.findings import Finding
from kinship_evidence.workflows.evaluate import Evaluation


def drift_findings(evaluation: Evaluation) -> list[Finding]:
    """Every recommendation whose derived rating differs from its published one."""
    path = evaluation.validation.dataset.recommendations_path
    index_of = {rec.id: i for i, rec in enumerate(evaluation.validation.dataset.recommendations)}
    findings = [
        Finding(
            path, 0, 0, f"recommendations.{index_of[rating.recommendation.id]}.published_rating", "rating-drift",
            f"recommendation {rating.recommendation.number} ({rating.recommendation.id}): derived rating "
            f"{rating.rating!r} under {report.framework.id} differs from the published rating {rating.published_rating!r}",
        )
        for report in evaluation.reports
        for rating in report.drifted
    ]
    return locate_in_files(findings)

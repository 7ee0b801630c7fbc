"""``report``: everything the HTML page shows, as data: the ratings and, when given, robustness.

The robustness of each rating (what changes to the data or the methods would flip it) is the
one result type of :mod:`kinship_evidence.workflows.robustness`, by recommendation id; ``None``
means it was not computed, and the page says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kinship_evidence.data.dataset import ProgressCallback
from kinship_evidence.frozen import frozen
from kinship_evidence.stats.methods import MethodOverrides
from kinship_evidence.workflows.evaluate import Evaluation, evaluate
from kinship_evidence.workflows.history.points import RecommendationHistory
from kinship_evidence.workflows.robustness import RecommendationRobustness
from kinship_evidence.workflows.robustness import Robustness as RobustnessResult


def robustness_by_recommendation(robustness: RobustnessResult) -> dict[str, tuple[RecommendationRobustness, ...]]:
    """The robustness analysis (:func:`kinship_evidence.workflows.robustness.assess`) by
    recommendation id: one item a rated framework."""
    found: dict[str, tuple[RecommendationRobustness, ...]] = {}
    for rated in robustness.frameworks:
        for item in rated.recommendations:
            found[item.rating.recommendation.id] = (*found.get(item.rating.recommendation.id, ()), item)
    return found


@frozen
class GuideReport:
    evaluation: Evaluation
    robustness: dict[str, tuple[RecommendationRobustness, ...]] | None = None  # None: not computed
    histories: dict[tuple[str, str], RecommendationHistory] | None = None  # (framework, rec id); None: not computed

    def robustness_of(self, recommendation_id: str) -> tuple[RecommendationRobustness, ...] | None:
        return None if self.robustness is None else self.robustness.get(recommendation_id)

    def history_of(self, framework_id: str, recommendation_id: str) -> RecommendationHistory | None:
        return None if self.histories is None else self.histories.get((framework_id, recommendation_id))


def guide_report(
    root: Path,
    framework: str | None = None,
    methods: MethodOverrides = MethodOverrides(),
    rules_files: Sequence[Path] = (),
    on_progress: ProgressCallback | None = None,
) -> GuideReport:
    """Rate ``root`` as ``rate`` does and gather what the report page shows (robustness and
    history are added by the command, which shows their progress)."""
    evaluation = evaluate(root, framework, methods, rules_files, on_progress=on_progress)
    return GuideReport(evaluation)


def yearly_histories(
    evaluation: Evaluation, on_progress: ProgressCallback | None = None
) -> dict[tuple[str, str], RecommendationHistory]:
    """The by-year history of every rating (``workflows.history.by_year``), by (framework, rec id)."""
    from kinship_evidence.workflows.history.by_year import history_by_year

    studies = [record.study for record in evaluation.records]
    total = sum(len(report.ratings) for report in evaluation.reports)
    found: dict[tuple[str, str], RecommendationHistory] = {}
    for report in evaluation.reports:
        done = len(found)

        def step(count: int, _: int, done: int = done) -> None:
            if on_progress is not None:
                on_progress(done + count, total)

        for history in history_by_year(report, studies, on_progress=step):
            found[(report.framework.id, history.id)] = history
    return found

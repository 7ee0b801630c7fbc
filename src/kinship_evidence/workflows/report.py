"""``report``: everything the HTML page shows, as data: the ratings and, when given, robustness.

The robustness of each rating (what changes to the data or the methods would flip it) is
computed elsewhere and passed in by recommendation id: a list of blocks, each a mapping or an
object with ``rating``, ``robust`` and ``flips`` (each flip with ``change``, ``study``,
``method``, ``rating``). ``None`` means it was not computed, and the page says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinship_evidence.data.dataset import ProgressCallback
from kinship_evidence.stats.methods import MethodOverrides
from kinship_evidence.workflows.evaluate import Evaluation, evaluate
from kinship_evidence.workflows.history.points import RecommendationHistory


@dataclass(frozen=True, slots=True)
class Flip:
    change: str
    study: str
    method: str
    rating: str


@dataclass(frozen=True, slots=True)
class Robustness:
    rating: str
    robust: bool
    flips: tuple[Flip, ...] = ()


def _field(item: Any, name: str, default: Any = "") -> Any:
    value = item.get(name, default) if isinstance(item, Mapping) else getattr(item, name, default)
    return default if value is None else value


def robustness_block(item: Any) -> Robustness:
    """One block from a mapping or an object with ``rating``, ``robust`` and ``flips``."""
    flips = tuple(
        Flip(*(str(_field(flip, name)) for name in ("change", "study", "method", "rating")))
        for flip in _field(item, "flips", ())
    )
    return Robustness(str(_field(item, "rating")), bool(_field(item, "robust", not flips)), flips)


def robustness_by_recommendation(given: Mapping[str, Any] | None) -> dict[str, tuple[Robustness, ...]] | None:
    """``given`` (recommendation id -> a block or a list of them) as :class:`Robustness` values."""
    if given is None:
        return None
    found = {}
    for rec_id, blocks in given.items():
        items = blocks if isinstance(blocks, Sequence) and not isinstance(blocks, (str, Mapping)) else [blocks]
        found[str(rec_id)] = tuple(robustness_block(item) for item in items)
    return found


@dataclass(frozen=True)
class GuideReport:
    evaluation: Evaluation
    robustness: dict[str, tuple[Robustness, ...]] | None = None  # None: not computed
    histories: dict[tuple[str, str], RecommendationHistory] | None = None  # (framework, rec id); None: not computed

    def robustness_of(self, recommendation_id: str) -> tuple[Robustness, ...] | None:
        return None if self.robustness is None else self.robustness.get(recommendation_id)

    def history_of(self, framework_id: str, recommendation_id: str) -> RecommendationHistory | None:
        return None if self.histories is None else self.histories.get((framework_id, recommendation_id))


def guide_report(
    root: Path,
    framework: str | None = None,
    methods: MethodOverrides = MethodOverrides(),
    rules_files: Sequence[Path] = (),
    robustness: Mapping[str, Any] | None = None,
    on_progress: ProgressCallback | None = None,
) -> GuideReport:
    """Rate ``root`` as ``rate`` does and gather what the report page shows."""
    evaluation = evaluate(root, framework, methods, rules_files, on_progress=on_progress)
    return GuideReport(evaluation, robustness_by_recommendation(robustness))


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


def assessed_robustness(evaluation: Evaluation, on_progress: ProgressCallback | None = None) -> dict[str, list[dict[str, Any]]]:
    """The robustness analysis of every rating (``workflows.robustness.assess``) as the page's blocks."""
    from kinship_evidence.workflows.robustness import assess

    blocks: dict[str, list[dict[str, Any]]] = {}
    for rated in assess(evaluation, on_progress=on_progress).frameworks:
        for item in rated.recommendations:
            flips = [
                {"change": flip.change, "study": flip.study or "", "rating": flip.rating,
                 "method": flip.methods.describe() if flip.methods is not None else ""}
                for flip in item.flips
            ]
            block = {"rating": item.rating.rating, "robust": item.robust, "flips": flips}
            blocks.setdefault(item.rating.recommendation.id, []).append(block)
    return blocks

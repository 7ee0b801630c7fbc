"""``rate --without STUDY --with FILE``: what-if ratings beside the current ones.

The dataset is loaded and validated once; the current ratings are rated from its records,
the what-if ratings from the same records less ``without`` and plus the ``with`` files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kinship_evidence.data.dataset import ProgressCallback
from kinship_evidence.frozen import frozen
from kinship_evidence.rating.engine import rate_all
from kinship_evidence.rating.results import RatingReport
from kinship_evidence.stats.methods import MethodOverrides
from kinship_evidence.workflows.evaluate import Evaluation, evaluate, require_files


@frozen
class WhatIf:
    evaluation: Evaluation  # the what-if run: its findings include those of the --with files
    current: tuple[RatingReport, ...]
    without: tuple[str, ...]
    with_files: tuple[str, ...]

    @property
    def what_if(self) -> tuple[RatingReport, ...]:
        return self.evaluation.reports

    @property
    def pairs(self) -> list[tuple[RatingReport, RatingReport]]:
        return list(zip(self.current, self.what_if))

    @property
    def description(self) -> str:
        parts = []
        if self.without:
            parts.append("without " + ", ".join(self.without))
        if self.with_files:
            parts.append("with " + ", ".join(self.with_files))
        return "; ".join(parts)


def what_if(
    root: Path,
    without: Sequence[str],
    with_files: Sequence[Path],
    framework: str | None = None,
    methods: MethodOverrides = MethodOverrides(),
    rules_files: Sequence[Path] = (),
    on_progress: ProgressCallback | None = None,
) -> WhatIf:
    """Rate ``root`` as it is and as it would be; raises ``UnknownName`` for an unknown ``without`` id."""
    with_files = require_files("--with", with_files)  # a file given twice counts once
    evaluation = evaluate(root, framework, methods, rules_files, without, with_files, on_progress)
    dataset = evaluation.validation.dataset
    current = tuple(
        rate_all(dataset.recommendations, dataset.studies, report.framework, report.methods, report.guide_framework)
        for report in evaluation.reports
    )
    return WhatIf(evaluation, current, tuple(without), tuple(str(path) for path in with_files))

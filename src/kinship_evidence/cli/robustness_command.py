"""``robustness [REC]``: which single change (a study left out, another pooling method, a study's
quality a level lower or higher) would flip a rating.

Exit 0 after a successful analysis, robust or not (robustness is information, as ``rate``'s
table is); 1 for invalid data (nothing is rated); 2 for usage errors, e.g. a REC that names no
recommendation.
"""

from __future__ import annotations

from typing import Annotated

import typer

from kinship_evidence.cli.app import app
from kinship_evidence.cli.options import (
    CIOption,
    DataOption,
    EstimatorOption,
    FrameworkOption,
    OutputOption,
    PredictionOption,
    QuietOption,
    RulesOption,
    format_option,
)
from kinship_evidence.cli.output import write_result
from kinship_evidence.cli.running import note, read_note, report_invalid
from kinship_evidence.cli.settings import resolve


@app.command()
def robustness(
    recommendation: Annotated[
        str | None, typer.Argument(metavar="[REC]", help="Recommendation id or number. Default: every recommendation.", show_default=False)
    ] = None,
    data: DataOption = None,
    output_format: Annotated[str | None, format_option("robustness")] = None,
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    prediction: PredictionOption = None,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """Re-rate each recommendation without each study, under every estimator and CI, and with each
    study's quality a level lower and higher: robust, or every single change that flips the rating.

    Exit 0 after the analysis (robust or not), 1 for invalid data, 2 for usage errors.
    """
    from kinship_evidence.cli.progress import SLOW_WORK, Stage, stages
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.robustness import robustness as assess_robustness

    settings = resolve("robustness", data, output_format, framework, estimator, ci, prediction)
    chosen = settings.output_format
    with stages(chosen, Stage("Reading studies"), Stage("Trying changes", None, SLOW_WORK)) as (reading, trying):
        result = assess_robustness(
            settings.root, reference=recommendation, framework=settings.framework, methods=settings.methods,
            rules_files=rules or (), on_progress=reading, on_assess_progress=trying,
        )
    if result.evaluation.has_errors:
        report_invalid(result.evaluation, settings.source, quiet)
    write_result(lambda: writer("robustness", chosen)(result), chosen, output)
    note(read_note(result.evaluation.validation.dataset.files_read, settings.source), quiet)
    fragile = sum(not item.robust for rated in result.frameworks for item in rated.recommendations)
    if fragile:
        note(f"note: {fragile} rating(s) fragile: a single change flips them", quiet)

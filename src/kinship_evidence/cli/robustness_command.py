"""``robustness [REC]``: which single change (a study left out, another pooling method, a study's
quality a level lower or higher) would flip a rating.

Exit 0 after a successful analysis, robust or not (robustness is information, as ``rate``'s
table is); 1 for invalid data (nothing is rated); 2 for usage errors, e.g. a REC that names no
recommendation.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from kinship_evidence.cli.app import app
from kinship_evidence.cli.options import (
    CIOption,
    DataOption,
    EstimatorOption,
    FrameworkOption,
    PredictionOption,
    RobustnessFormat,
    RulesOption,
    method_overrides,
)
from kinship_evidence.cli.output import write_output
from kinship_evidence.cli.running import report_invalid, run_workflow


@app.command()
def robustness(
    recommendation: Annotated[
        Optional[str], typer.Argument(help="Recommendation id or number. Default: every recommendation.", show_default=False)
    ] = None,
    data: DataOption = None,
    output_format: Annotated[
        RobustnessFormat, typer.Option("--format", "-f", help="text, json or markdown.")  # type: ignore[valid-type]
    ] = RobustnessFormat.text,  # type: ignore[attr-defined]
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    prediction: PredictionOption = None,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
) -> None:
    """Re-rate each recommendation without each study, under every estimator and CI, and with each
    study's quality a level lower and higher: robust, or every single change that flips the rating.

    Exit 0 after the analysis (robust or not), 1 for invalid data, 2 for usage errors.
    """
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.robustness import robustness as assess_robustness

    result = run_workflow(
        data, output_format.value, run=assess_robustness, reference=recommendation, framework=framework,
        methods=method_overrides(estimator, ci, prediction), rules_files=rules or (),
    )
    if result.evaluation.has_errors:
        report_invalid(result.evaluation)
    write_output(writer("robustness", output_format.value)(result), output_format.value)
    fragile = sum(not item.robust for rated in result.frameworks for item in rated.recommendations)
    if fragile:
        typer.echo(f"note: {fragile} rating(s) fragile: a single change flips them", err=True)

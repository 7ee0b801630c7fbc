"""Commands that rate: ``rate``, ``check``, ``explain`` and ``frameworks``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kinship_evidence.cli.app import app
from kinship_evidence.cli.exit_codes import ExitCode
from kinship_evidence.cli.options import (
    CIOption,
    DataOption,
    EstimatorOption,
    ExplainFormat,
    FindingsFormatOption,
    FrameworkOption,
    FrameworksFormat,
    PredictionOption,
    RatingFormat,
    RulesOption,
    findings_format,
    method_overrides,
    path_value,
)
from kinship_evidence.cli.output import write_output
from kinship_evidence.cli.running import report_invalid, run_workflow

WithoutOption = Annotated[
    Optional[list[str]],
    typer.Option("--without", help="What-if: rate also without this study id (repeatable).", show_default=False),
]
WithOption = Annotated[
    Optional[list[Path]],
    typer.Option(
        "--with", help="What-if: rate also with this study record file (repeatable).", show_default=False,
        parser=path_value("--with"),
    ),
]


@app.command()
def rate(
    data: DataOption = None,
    output_format: Annotated[
        RatingFormat, typer.Option("--format", "-f", help="table, json, csv or markdown.")  # type: ignore[valid-type]
    ] = RatingFormat.table,  # type: ignore[attr-defined]
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    prediction: PredictionOption = None,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
    without: WithoutOption = None,
    with_files: WithOption = None,
) -> None:
    """Rate every recommendation under a framework (exit 1 only for invalid data; drift is `check`'s job).

    With --without or --with, the what-if ratings are shown beside the current ones.
    """
    from kinship_evidence.reports.registry import writer

    options = dict(framework=framework, methods=method_overrides(estimator, ci, prediction), rules_files=rules or ())
    if without or with_files:
        from kinship_evidence.workflows.what_if import what_if

        result = run_workflow(
            data, output_format.value, run=what_if, without=without or [], with_files=with_files or [], **options
        )
        if result.evaluation.has_errors:
            report_invalid(result.evaluation)
        write_output(writer("what-if", output_format.value)(result), output_format.value)
        return
    evaluation = run_workflow(data, output_format.value, **options)
    if evaluation.has_errors:
        report_invalid(evaluation)
    write_output(writer("ratings", output_format.value)(evaluation.reports), output_format.value)
    drifted = sum(len(report.drifted) for report in evaluation.reports)
    if drifted:
        typer.echo(f"note: {drifted} recommendation(s) differ from their published rating; `check` reports them", err=True)


@app.command()
def check(
    data: DataOption = None,
    output_format: FindingsFormatOption = None,
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    prediction: PredictionOption = None,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
) -> None:
    """Validate the dataset and compare derived with published ratings: what a CI job runs."""
    from kinship_evidence.reports.findings import summary
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.check import check_findings

    chosen = findings_format(output_format)
    evaluation = run_workflow(data, chosen, framework=framework, methods=method_overrides(estimator, ci, prediction), rules_files=rules or ())
    findings = check_findings(evaluation)
    write_output(writer("findings", chosen)(findings), chosen)
    typer.echo(summary(findings, evaluation.validation.dataset.files_read), err=True)
    raise typer.Exit(ExitCode.FINDINGS if any(f.is_error for f in findings) else ExitCode.OK)


@app.command()
def explain(
    recommendation: Annotated[str, typer.Argument(help="Recommendation id or number.", show_default=False)],
    data: DataOption = None,
    output_format: Annotated[
        ExplainFormat, typer.Option("--format", "-f", help="text or json.")  # type: ignore[valid-type]
    ] = ExplainFormat.text,  # type: ignore[attr-defined]
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    prediction: PredictionOption = None,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
    plot: Annotated[
        Optional[Path], typer.Option("--plot", help="Also draw the forest plots to FILE (.svg, .png or .pdf; replaced if it exists).", show_default=False)
    ] = None,
) -> None:
    """Show which studies count, each tier's criterion with pass or fail, and forest plots."""
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.explain import find_recommendation

    if plot is not None:
        from kinship_evidence.cli.file_output import check_plot_target

        check_plot_target(plot)  # a wrong suffix or no matplotlib fails before any work

    evaluation = run_workflow(data, "json", framework=framework, methods=method_overrides(estimator, ci, prediction), rules_files=rules or ())
    if evaluation.has_errors:
        report_invalid(evaluation)
    explained = find_recommendation(evaluation.reports, recommendation)
    write_output(writer("explanation", output_format.value)(explained), output_format.value)
    if plot is not None:
        from kinship_evidence.cli.file_output import write_forest_plot

        panels = write_forest_plot(explained, plot)
        typer.echo(f"wrote {plot} ({panels} forest plot panel(s))", err=True)


@app.command()
def frameworks(
    rules: RulesOption = None,
    output_format: Annotated[
        FrameworksFormat, typer.Option("--format", "-f", help="text or json.")  # type: ignore[valid-type]
    ] = FrameworksFormat.text,  # type: ignore[attr-defined]
) -> None:
    """List the rating frameworks (rule sets) with their sources."""
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.evaluate import known_frameworks_with

    known, findings = known_frameworks_with(rules or ())
    if findings:
        write_output(writer("findings", "text")(findings), "text", sys.stderr)
        raise typer.Exit(ExitCode.FINDINGS)
    write_output(writer("frameworks", output_format.value)(list(known.values())), output_format.value)

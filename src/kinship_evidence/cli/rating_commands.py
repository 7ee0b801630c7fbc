"""Commands that rate: ``rate``, ``check``, ``explain`` and ``frameworks``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kinship_evidence.cli.app import app
from kinship_evidence.cli.options import (
    CIOption,
    ColorOption,
    DataOption,
    EstimatorOption,
    ExitZeroOption,
    FrameworkOption,
    OutputOption,
    PredictionOption,
    QuietOption,
    RulesOption,
    StrictOption,
    WithOption,
    WithoutOption,
    format_option,
    path_value,
)
from kinship_evidence.cli.output import write_output, write_result
from kinship_evidence.cli.running import findings_exit, named, note, read_note, report_invalid, run_workflow
from kinship_evidence.cli.settings import resolve

#: Robustness is O(studies^2) per recommendation: the rate table marks fragile ratings only up to
#: this many records (the incremental re-rating takes seconds there; bench/README.md, "Robustness").
FRAGILE_LIMIT = 3_000


def _evaluate(settings, rules, without, with_files, run_format: str):  # type: ignore[no-untyped-def]
    """The what-if run when --without or --with is given (its evaluation), else the plain one."""
    options = {"framework": settings.framework, "methods": settings.methods, "rules_files": rules or ()}
    if without or with_files:
        from kinship_evidence.workflows.what_if import what_if

        result = run_workflow(settings.root, run_format, run=what_if, without=without or [], with_files=with_files or [], **options)
        return result, result.evaluation
    evaluation = run_workflow(settings.root, run_format, **options)
    return None, evaluation


def _ratings(evaluation, output_format: str, quiet: bool):  # type: ignore[no-untyped-def]
    """The reports, with the fragile ids for the table (computed only for it, and only when small)."""
    if output_format != "table":
        return evaluation.reports
    from kinship_evidence.reports.tables.summary_of_findings import Ratings

    if len(evaluation.records) > FRAGILE_LIMIT:
        note(f"note: fragility not computed (more than {FRAGILE_LIMIT:,} study records); run `robustness`", quiet)
        return evaluation.reports
    from kinship_evidence.cli.progress import SLOW_WORK, Stage, stages
    from kinship_evidence.workflows.robustness import fragile_recommendations

    with stages(output_format, Stage("Trying changes (fragile marker)", None, SLOW_WORK)) as (trying,):
        fragile = fragile_recommendations(evaluation, on_progress=trying)
    return Ratings(tuple(evaluation.reports), frozenset(fragile))


@app.command()
def rate(
    data: DataOption = None,
    output_format: Annotated[str | None, format_option("rate")] = None,
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    prediction: PredictionOption = None,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
    without: WithoutOption = None,
    with_files: WithOption = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
    color: ColorOption = None,
) -> None:
    """Rate every recommendation under a framework (exit 1 only for invalid data; drift is `check`'s job).

    With --without or --with, the what-if ratings are shown beside the current ones.
    """
    from kinship_evidence.reports.registry import writer

    settings = resolve("rate", data, output_format, framework, estimator, ci, prediction, color=color)
    chosen = settings.output_format
    what_if, evaluation = _evaluate(settings, rules, without, with_files, chosen)
    if evaluation.has_errors:
        report_invalid(evaluation, settings.source, quiet)
    if what_if is not None:
        write_result(lambda: writer("what-if", chosen)(what_if), chosen, output, settings.color)
    else:
        ratings = _ratings(evaluation, chosen, quiet)
        write_result(lambda: writer("ratings", chosen)(ratings), chosen, output, settings.color)
    note(read_note(evaluation.validation.dataset.files_read, settings.source), quiet)
    drifted = sum(len(report.drifted) for report in evaluation.reports)
    if drifted:
        note(f"note: {drifted} recommendation(s) differ from their published rating; `check` reports them", quiet)


@app.command()
def check(
    data: DataOption = None,
    output_format: Annotated[str | None, format_option("check", "text (github inside GitHub Actions)")] = None,
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    prediction: PredictionOption = None,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
    without: WithoutOption = None,
    with_files: WithOption = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
    strict: StrictOption = None,
    exit_zero: ExitZeroOption = False,
) -> None:
    """Validate the dataset and compare derived with published ratings: what a CI job runs.

    With --without or --with, the findings of that what-if dataset.
    """
    from kinship_evidence.reports.findings import summary
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.check import check_findings

    settings = resolve("check", data, output_format, framework, estimator, ci, prediction, strict)
    chosen = settings.output_format
    _, evaluation = _evaluate(settings, rules, without, with_files, chosen)
    findings = check_findings(evaluation)
    write_result(lambda: writer("findings", chosen)(findings), chosen, output)
    note(f"{summary(findings, evaluation.validation.dataset.files_read)}{named(settings.source)}", quiet)
    raise typer.Exit(findings_exit(findings, settings.strict, exit_zero))


def _plot_option(name: str, help_text: str) -> Any:
    return typer.Option(name, metavar="FILE", parser=path_value(name), show_default=False, help=help_text)


@app.command()
def explain(
    recommendation: Annotated[str, typer.Argument(metavar="REC", help="Recommendation id or number.", show_default=False)],
    data: DataOption = None,
    output_format: Annotated[str | None, format_option("explain")] = None,
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    prediction: PredictionOption = None,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
    without: WithoutOption = None,
    with_files: WithOption = None,
    plot: Annotated[
        Path | None, _plot_option("--plot", "Also draw the forest plots to FILE (.svg, .png or .pdf; replaced if it exists).")
    ] = None,
    funnel: Annotated[
        Path | None, _plot_option("--funnel", "Also draw a funnel plot of each domain pooled from 10 or more studies to FILE.")
    ] = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
    color: ColorOption = None,
) -> None:
    """Show which studies count, each tier's criterion with pass or fail, and forest plots.

    With --plot FILE, the forest plots drawn; with --funnel FILE, funnel plots (domains pooled from 10+ studies).

    With --without or --with, the explanation of the what-if ratings.
    """
    from kinship_evidence.cli.file_output import check_plot_target, forest_plot, funnel_plot, write_file
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.explain import find_recommendation

    settings = resolve("explain", data, output_format, framework, estimator, ci, prediction, color=color)
    chosen = settings.output_format
    for target, option in ((plot, "--plot"), (funnel, "--funnel")):
        if target is not None:
            check_plot_target(target, option)  # a wrong suffix or no matplotlib fails before any work

    _, evaluation = _evaluate(settings, rules, without, with_files, "json")
    if evaluation.has_errors:
        report_invalid(evaluation, settings.source, quiet)
    explained = find_recommendation(evaluation.reports, recommendation)
    forest = forest_plot(explained, plot) if plot is not None else None  # nothing to draw fails before any output
    funnels = funnel_plot(explained, funnel) if funnel is not None else None
    write_result(lambda: writer("explanation", chosen)(explained), chosen, output, settings.color)
    note(read_note(evaluation.validation.dataset.files_read, settings.source), quiet)
    if plot is not None and forest is not None:
        write_file(plot, forest[0])
        note(f"wrote {plot} ({forest[1]} forest plot panel(s))", quiet)
    if funnel is not None and funnels is not None:
        write_file(funnel, funnels[0])
        skipped = f"; no funnel for {'; '.join(funnels[2])}" if funnels[2] else ""
        note(f"wrote {funnel} ({funnels[1]} funnel plot panel(s)){skipped}", quiet)


@app.command()
def sof(
    recommendation: Annotated[
        str | None, typer.Argument(metavar="[REC]", help="Recommendation id or number (default: all).", show_default=False)
    ] = None,
    data: DataOption = None,
    output_format: Annotated[str | None, format_option("sof")] = None,
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    prediction: PredictionOption = None,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
    without: WithoutOption = None,
    with_files: WithOption = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """Summary of findings: GRADE certainty and absolute effects per outcome domain, beside the guide's rating."""
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.explain import find_recommendation

    settings = resolve("sof", data, output_format, framework, estimator, ci, prediction)
    chosen = settings.output_format
    _, evaluation = _evaluate(settings, rules, without, with_files, "json")
    if evaluation.has_errors:
        report_invalid(evaluation, settings.source, quiet)
    if recommendation is None:
        selected = [(report, rating) for report in evaluation.reports for rating in report.ratings]
    else:
        selected = find_recommendation(evaluation.reports, recommendation)
    write_result(lambda: writer("sof", chosen)(selected), chosen, output)
    note(read_note(evaluation.validation.dataset.files_read, settings.source), quiet)


@app.command()
def frameworks(
    rules: RulesOption = None,
    output_format: Annotated[str | None, format_option("frameworks")] = None,
    output: OutputOption = None,
) -> None:
    """List the rating frameworks (rule sets) with their sources."""
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.evaluate import known_frameworks_with

    settings = resolve("frameworks", output_format=output_format)
    known, findings = known_frameworks_with(rules or ())
    if findings:
        write_output(writer("findings", "text")(findings), "text", sys.stderr)
        raise typer.Exit(1)
    chosen = settings.output_format
    write_result(lambda: writer("frameworks", chosen)(list(known.values())), chosen, output)

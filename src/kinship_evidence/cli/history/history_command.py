"""``history [REC] [--by year|commit] [REV_RANGE]``: a recommendation's rating over time.

Exit 0 after the history is shown (changes of rating are information, as ``rate``'s table is);
1 for invalid data (``--by year``: nothing is rated); 2 for usage errors (a REC that names no
recommendation, a range git cannot read, a folder outside a repository).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

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
from kinship_evidence.cli.params import choice
from kinship_evidence.cli.running import note, read_note, report_invalid

BY = ("year", "commit")
EVERY = "all"


@app.command()
def history(
    recommendation: Annotated[
        str | None,
        typer.Argument(
            metavar="[REC]", help=f"Recommendation id or number, or '{EVERY}'. Default: every recommendation.",
            show_default=False,
        ),
    ] = None,
    revisions: Annotated[
        str | None,
        typer.Argument(
            metavar="[REV_RANGE]", help="With --by commit: the commits (e.g. main..HEAD). Default: the whole history.",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str,
        typer.Option("--by", metavar="STEP", parser=choice("--by", BY), help="year (publication years) or commit (git commits)."),
    ] = "year",
    data: DataOption = None,
    data_path: Annotated[
        str, typer.Option("--data-path", metavar="DIR", help="With --by commit: the dataset folder inside the repository.")
    ] = "data",
    output_format: Annotated[str | None, format_option("history")] = None,
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    prediction: PredictionOption = None,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot", metavar="FILE", show_default=False,
            help="Also draw the cumulative forest plots to FILE (.svg, .png or .pdf; replaced if it exists).",
        ),
    ] = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """The rating of each recommendation as the studies accumulate (by publication year: its
    domains' pooled estimate, CI and tau^2 each year) or at each git commit that changed the
    dataset (added, removed and edited records). A star marks every step where the rating changed.

    Exit 0 after the history, 1 for invalid data, 2 for usage errors.
    """
    from kinship_evidence.cli.output import write_result
    from kinship_evidence.cli.progress import SLOW_WORK, Stage, stages
    from kinship_evidence.cli.settings import resolve
    from kinship_evidence.errors import UsageError
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.history.points import History

    settings = resolve("history", data, output_format, framework, estimator, ci, prediction)
    chosen = settings.output_format
    reference = None if recommendation in (None, EVERY) else recommendation
    if plot is not None:
        from kinship_evidence.cli.file_output import check_plot_target

        check_plot_target(plot)
    if by == "year":
        if revisions is not None:
            raise UsageError(f"REV_RANGE ({revisions}) goes with --by commit; --by year reads the dataset as it is")
        with stages(chosen, Stage("Reading studies"), Stage("Rating by year", None, SLOW_WORK)) as (reading, rating):
            evaluation, found = _by_year(settings, reference, rules, reading, rating)
        if evaluation.has_errors:
            report_invalid(evaluation, settings.source, quiet)
        summary = read_note(evaluation.validation.dataset.files_read, settings.source)
    else:
        from kinship_evidence.workflows.history.by_commit import history_by_commit

        if settings.framework == "all":
            raise UsageError("--by commit rates under one framework; name it with --framework ID")
        with stages(chosen, Stage("Reading commits", None, SLOW_WORK)) as (reading,):
            found = history_by_commit(
                revisions, reference, data_path, settings.framework, settings.methods, rules or (), on_progress=reading
            )
        summary = f"read {len(found[0].points)} commit(s) of {data_path}" if found else ""
    result = History(by, found, single=reference is not None)  # type: ignore[arg-type]
    write_result(lambda: writer("history", chosen)(result), chosen, output)
    if summary:
        note(summary, quiet)
    if plot is not None:
        _plot(result, plot, quiet)


def _by_year(
    settings: Any, reference: str | None, rules: list[Path] | None, reading: Any, rating: Any
) -> tuple[Any, tuple[Any, ...]]:
    from kinship_evidence.workflows.evaluate import evaluate
    from kinship_evidence.workflows.explain import find_recommendation
    from kinship_evidence.workflows.history.by_year import history_by_year

    evaluation = evaluate(settings.root, settings.framework, settings.methods, rules or (), on_progress=reading)
    if evaluation.has_errors:
        return evaluation, ()
    studies = [record.study for record in evaluation.records]
    found: list[Any] = []
    for report in evaluation.reports:
        ratings = None if reference is None else [r for _, r in find_recommendation((report,), reference)]
        found += history_by_year(report, studies, ratings, on_progress=rating)
    return evaluation, tuple(found)


def _plot(result: Any, plot: Path, quiet: bool) -> None:
    from kinship_evidence.cli.file_output import NothingToPlot, plot_format, write_file
    from kinship_evidence.reports.forest.cumulative import cumulative_panels, render_cumulative

    panels = cumulative_panels(result.recommendations)
    if not panels:
        raise NothingToPlot(f"no cumulative forest plot: no outcome domain was ever pooled by meta-analysis; {plot} not written")
    write_file(plot, render_cumulative(panels, plot_format(plot)))
    note(f"wrote {plot} ({len(panels)} cumulative forest plot panel(s))", quiet)

"""``diff``: which ratings changed between two datasets or git revisions, and why."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from kinship_evidence.cli.app import app
from kinship_evidence.cli.exit_codes import ExitCode
from kinship_evidence.cli.options import (
    CIOption,
    EstimatorOption,
    ExitZeroOption,
    FrameworkOption,
    OutputOption,
    PredictionOption,
    QuietOption,
    RulesOption,
    format_option,
)
from kinship_evidence.cli.output import write_output, write_result
from kinship_evidence.cli.running import note
from kinship_evidence.cli.settings import resolve


@app.command()
def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", help="A dataset folder or a git revision (e.g. HEAD~1, main).", show_default=False)],
    new: Annotated[str, typer.Argument(metavar="[NEW]", help="A dataset folder or a git revision; '.' is the working tree.")] = ".",
    output_format: Annotated[Optional[str], format_option("diff")] = None,
    data_path: Annotated[
        str, typer.Option("--data-path", metavar="DIR", help="The dataset folder inside the repository (for revisions, and folders that hold it).")
    ] = "data",
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    prediction: PredictionOption = None,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
    exit_zero: ExitZeroOption = False,
) -> None:
    """Which ratings changed from OLD to NEW, and which added, removed or edited studies changed them.

    Exit 0 when no rating changed, 1 when one did (or either side is invalid), 2 for usage errors.
    """
    from kinship_evidence.cli.progress import progress
    from kinship_evidence.reports.diff import summary
    from kinship_evidence.reports.findings import summary as findings_summary
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.revisions.diff import diff_datasets

    settings = resolve("diff", None, output_format, framework, estimator, ci, prediction)
    chosen = settings.output_format
    with progress(chosen) as on_progress:
        result = diff_datasets(old, new, data_path, settings.framework, settings.methods, rules or (), on_progress=on_progress)
    if result.diff is None:
        write_output(writer("findings", "text")(result.findings), "text", sys.stderr)
        note(findings_summary(result.findings, result.files_read) + "; nothing compared", quiet)
        raise typer.Exit(ExitCode.OK if exit_zero else ExitCode.FINDINGS)
    write_result(lambda: writer("diff", chosen)(result.diff), chosen, output)
    note(summary(result.diff), quiet)
    raise typer.Exit(ExitCode.FINDINGS if result.diff.changed and not exit_zero else ExitCode.OK)

"""``diff``: which ratings changed between two datasets or git revisions, and why."""

from __future__ import annotations

import sys
from typing import Annotated

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
from kinship_evidence.workflows.project.locations import DataSource


def _configured_inside(source: DataSource) -> str:
    """The configured data folder relative to its configuration's folder: where a folder side holds it."""
    import os

    assert source.config is not None
    return os.path.relpath(source.root.resolve(), source.config.resolve().parent)


@app.command()
def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", help="A dataset folder or a git revision (e.g. HEAD~1, main).", show_default=False)],
    new: Annotated[str, typer.Argument(metavar="[NEW]", help="A dataset folder or a git revision; '.' is the working tree.")] = ".",
    output_format: Annotated[str | None, format_option("diff")] = None,
    data_path: Annotated[
        str | None, typer.Option(
            "--data-path", metavar="DIR", show_default=False,
            help="The dataset folder inside the repository (for revisions, and folders that hold it). "
            "Default: the configuration's data, else data.",
        )
    ] = None,
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

    settings = resolve("diff", None, output_format, framework, estimator, ci, prediction, dataset=False)
    chosen = settings.output_format
    configured = settings.source.root if data_path is None and settings.source.config is not None else None
    inside = _configured_inside(settings.source) if configured is not None else (data_path or "data")
    with progress(chosen) as on_progress:
        result = diff_datasets(
            old, new, inside, settings.framework, settings.methods, rules or (),
            on_progress=on_progress, configured=configured,
        )
    if result.diff is None:
        write_output(writer("findings", "text")(result.findings), "text", sys.stderr)
        note(findings_summary(result.findings, result.files_read) + "; nothing compared", quiet)
        raise typer.Exit(ExitCode.OK if exit_zero else ExitCode.FINDINGS)
    write_result(lambda: writer("diff", chosen)(result.diff), chosen, output)
    note(summary(result.diff), quiet)
    raise typer.Exit(ExitCode.FINDINGS if result.diff.changed and not exit_zero else ExitCode.OK)

"""``diff``: which ratings changed between two datasets or git revisions, and why."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kinship_evidence.cli.app import app
from kinship_evidence.cli.exit_codes import ExitCode
from kinship_evidence.cli.options import (
    CIOption,
    DiffFormat,
    EstimatorOption,
    FrameworkOption,
    PredictionOption,
    RulesOption,
    method_overrides,
)
from kinship_evidence.cli.output import write_output


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="A dataset folder or a git revision (e.g. HEAD~1, main).", show_default=False)],
    new: Annotated[str, typer.Argument(help="A dataset folder or a git revision; '.' is the working tree.")] = ".",
    output_format: Annotated[
        DiffFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="text, json or markdown (a pull-request comment)."),
    ] = DiffFormat.text,  # type: ignore[attr-defined]
    data_path: Annotated[
        str, typer.Option("--data-path", help="The dataset folder inside the repository (for revisions, and folders that hold it).")
    ] = "data",
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    prediction: PredictionOption = None,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
) -> None:
    """Which ratings changed from OLD to NEW, and which added, removed or edited studies changed them.

    Exit 0 when no rating changed, 1 when one did (or either side is invalid), 2 for usage errors.
    """
    from kinship_evidence.cli.progress import progress
    from kinship_evidence.reports.diff import summary
    from kinship_evidence.reports.findings import summary as findings_summary
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.diff import diff_datasets

    with progress(output_format.value) as on_progress:
        result = diff_datasets(
            old, new, data_path, framework, method_overrides(estimator, ci, prediction), rules or (), on_progress=on_progress
        )
    if result.diff is None:
        write_output(writer("findings", "text")(result.findings), "text", sys.stderr)
        typer.echo(findings_summary(result.findings, result.files_read) + "; nothing compared", err=True)
        raise typer.Exit(ExitCode.FINDINGS)
    write_output(writer("diff", output_format.value)(result.diff), output_format.value)
    typer.echo(summary(result.diff), err=True)
    raise typer.Exit(ExitCode.FINDINGS if result.diff.changed else ExitCode.OK)

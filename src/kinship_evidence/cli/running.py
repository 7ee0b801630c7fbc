"""Running a rating workflow from a command: a progress bar for people, invalid data reported."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import typer

from kinship_evidence.cli.exit_codes import ExitCode
from kinship_evidence.cli.options import data_dir
from kinship_evidence.cli.output import write_output


def run_workflow(data: Path | None, output_format: str, run: Callable[..., Any] | None = None, **options: object) -> Any:
    """Run ``run`` (default: ``evaluate``) on the dataset, with a progress bar for human formats."""
    from kinship_evidence.cli.progress import progress
    from kinship_evidence.workflows.evaluate import evaluate

    with progress(output_format) as on_progress:
        return (run or evaluate)(data_dir(data), on_progress=on_progress, **options)


def report_invalid(evaluation: Any, output_format: str = "text") -> NoReturn:  # evaluation: Evaluation
    """Print an invalid dataset's findings on standard error and exit 1: nothing is rated."""
    from kinship_evidence.reports.findings import summary
    from kinship_evidence.reports.registry import writer

    findings = evaluation.findings
    write_output(writer("findings", output_format)(findings), output_format, sys.stderr)
    typer.echo(summary(findings, evaluation.validation.dataset.files_read) + "; nothing rated", err=True)
    raise typer.Exit(ExitCode.FINDINGS)

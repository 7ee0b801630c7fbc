"""Running a workflow from a command: a progress bar for people, invalid data reported, the
dataset named in the summary, exit codes from findings (--strict, --exit-zero)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import typer

from kinship_evidence.cli.exit_codes import ExitCode
from kinship_evidence.cli.output import write_output


def run_workflow(root: Path, output_format: str, run: Callable[..., Any] | None = None, **options: Any) -> Any:
    """Run ``run`` (default: ``evaluate``) on the dataset at ``root``, with a progress bar for human formats."""
    from kinship_evidence.cli.progress import progress
    from kinship_evidence.workflows.evaluate import evaluate

    with progress(output_format) as on_progress:
        return (run or evaluate)(root, on_progress=on_progress, **options)


def note(text: str, quiet: bool = False) -> None:
    """A summary or note line on standard error, unless --quiet."""
    if not quiet:
        typer.echo(text, err=True)


def named(source: Any) -> str:  # source: workflows.locations.DataSource
    """`` (dataset: data/, from pyproject.toml)``, escaped (a folder name may hold anything)."""
    from kinship_evidence.reports.text.escaping import escape

    return f" ({escape(source.describe())})"


def read_note(files: int, source: Any) -> str:
    return f"read {files} file{'s' * (files != 1)}{named(source)}"


def report_invalid(evaluation: Any, source: Any = None, quiet: bool = False, output_format: str = "text") -> NoReturn:
    """Print an invalid dataset's findings on standard error and exit 1: nothing is rated."""
    from kinship_evidence.reports.findings import summary
    from kinship_evidence.reports.registry import writer

    findings = evaluation.findings
    write_output(writer("findings", output_format)(findings), output_format, sys.stderr)
    dataset = named(source) if source is not None else ""
    note(summary(findings, evaluation.validation.dataset.files_read) + dataset + "; nothing rated", quiet)
    raise typer.Exit(ExitCode.FINDINGS)


def findings_exit(findings: Sequence[Any], strict: bool = False, exit_zero: bool = False) -> ExitCode:
    """1 for an error (or, with --strict, any finding); 0 otherwise, and always with --exit-zero."""
    failing = any(findings) if strict else any(finding.is_error for finding in findings)
    return ExitCode.OK if exit_zero or not failing else ExitCode.FINDINGS

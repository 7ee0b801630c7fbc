"""Commands on the data files: ``validate``, ``schema`` and ``new``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kinship_evidence.cli.app import app
from kinship_evidence.cli.exit_codes import ExitCode
from kinship_evidence.cli.options import (
    DataOption,
    FindingsFormatOption,
    data_dir,
    findings_format,
    path_value,
)
from kinship_evidence.cli.output import write_output


@app.command()
def validate(
    data: DataOption = None,
    output_format: FindingsFormatOption = None,
) -> None:
    """Check every file of the dataset; list each problem as path:line:col: field: message."""
    from kinship_evidence.cli.output import write_output
    from kinship_evidence.cli.progress import progress
    from kinship_evidence.reports.findings import summary
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.validate import validate as validate_dataset

    chosen = findings_format(output_format)
    with progress(chosen) as on_progress:
        report = validate_dataset(data_dir(data), on_progress)
    write_output(writer("findings", chosen)(report.findings), chosen)
    typer.echo(summary(report.findings, report.dataset.files_read), err=True)
    raise typer.Exit(ExitCode.FINDINGS if report.errors else ExitCode.OK)


class SchemaKind(str, Enum):
    study = "study"
    recommendations = "recommendations"


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file's schema.")] = SchemaKind.study,
) -> None:
    """Print the JSON Schema of a study record (or of recommendations.yaml)."""
    from kinship_evidence.workflows.schemas import schema_text

    write_output(schema_text(kind.value))


@app.command()
def new(
    study_id: Annotated[str, typer.Argument(help="The new study's id (a slug, e.g. smith-2024-navigator).", show_default=False)],
    data: Annotated[
        Optional[Path],
        typer.Option(
            "--data", "-d", help="Dataset folder to write into. Default: ./data (which must exist).",
            show_default=False, parser=path_value("--data"),
        ),
    ] = None,
) -> None:
    """Write a commented template record to DATA/studies/STUDY_ID.yaml (never over an existing file)."""
    from kinship_evidence.errors import RecordExists, UsageError
    from kinship_evidence.workflows.new_study import new_study, target_data_dir

    try:
        target = new_study(target_data_dir(data), study_id)
    except RecordExists as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(ExitCode.FINDINGS) from None
    except OSError as error:
        raise UsageError(str(error)) from None
    from kinship_evidence.cli.output import OutputError

    try:
        write_output(f"{target}\n", "text")
    except OutputError as error:  # the record is written all the same: say so, and succeed
        typer.echo(f"wrote {target} ({error})", err=True)
        return
    typer.echo(f"wrote {target}: fill in the empty values, then run `kinship-evidence validate`", err=True)

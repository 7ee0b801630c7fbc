"""Commands on the data files: ``validate``, ``schema`` and ``new``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kinship_evidence.cli.app import app
from kinship_evidence.cli.exit_codes import ExitCode
from kinship_evidence.cli.params import choice
from kinship_evidence.cli.options import (
    DataOption,
    ExitZeroOption,
    OutputOption,
    QuietOption,
    StrictOption,
    format_option,
    path_value,
)
from kinship_evidence.cli.output import write_output, write_result
from kinship_evidence.cli.running import findings_exit, named, note
from kinship_evidence.cli.settings import resolve


@app.command()
def validate(
    data: DataOption = None,
    output_format: Annotated[Optional[str], format_option("validate", "text (github inside GitHub Actions)")] = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
    strict: StrictOption = None,
    exit_zero: ExitZeroOption = False,
) -> None:
    """Check every file of the dataset; list each problem as path:line:col: field: message."""
    from kinship_evidence.cli.progress import progress
    from kinship_evidence.reports.findings import summary
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.validate import validate as validate_dataset

    settings = resolve("validate", data, output_format, strict=strict)
    chosen = settings.output_format
    with progress(chosen) as on_progress:
        report = validate_dataset(settings.root, on_progress)
    write_result(lambda: writer("findings", chosen)(report.findings), chosen, output)
    note(f"{summary(report.findings, report.dataset.files_read)}{named(settings.source)}", quiet)
    raise typer.Exit(findings_exit(report.findings, settings.strict, exit_zero))


@app.command()
def schema(
    kind: Annotated[
        str, typer.Argument(metavar="KIND", parser=choice("schema", ("study", "recommendations")), help="Which file's schema: study or recommendations.")
    ] = "study",
    output: OutputOption = None,
) -> None:
    """Print the JSON Schema of a study record (or of recommendations.yaml)."""
    from kinship_evidence.workflows.schemas import schema_text

    write_result(schema_text(kind), "json", output)


@app.command()
def new(
    study_id: Annotated[str, typer.Argument(metavar="ID", help="The new study's id (a slug, e.g. smith-2024-navigator).", show_default=False)],
    data: Annotated[
        Optional[Path],
        typer.Option(
            "--data", "-d", metavar="DIR", help="Dataset folder to write into. Default: ./data (which must exist).",
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

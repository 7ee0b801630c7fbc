"""Commands on the data files: ``validate``, ``schema`` and ``new``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kinship_evidence.cli.app import app
from kinship_evidence.cli.exit_codes import ExitCode
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
from kinship_evidence.cli.params import choice
from kinship_evidence.cli.running import findings_exit, named, note, read_note
from kinship_evidence.cli.settings import resolve


@app.command()
def validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FILE]...",
            show_default=False,
            help="Validate just these study records (drafts) against the dataset's recommendations. Default: the whole dataset.",
        ),
    ] = None,
    data: DataOption = None,
    output_format: Annotated[str | None, format_option("validate", "text (github inside GitHub Actions)")] = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
    strict: StrictOption = None,
    exit_zero: ExitZeroOption = False,
) -> None:
    """Check every file of the dataset (or just FILES); list each problem as path:line:col: field: message."""
    from kinship_evidence.cli.progress import progress
    from kinship_evidence.reports.findings import summary
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.validate import validate as validate_dataset
    from kinship_evidence.workflows.validate import validate_drafts

    settings = resolve("validate", data, output_format, strict=strict)
    chosen = settings.output_format
    with progress(chosen) as on_progress:
        if files:
            report = validate_drafts(settings.root, files, on_progress)
        else:
            report = validate_dataset(settings.root, on_progress)
    write_result(lambda: writer("findings", chosen)(report.findings), chosen, output)
    files_read = len(report.dataset.records) if files else report.dataset.files_read
    checked = f"{summary(report.findings, len(files) if files else files_read)}{named(settings.source)}"
    note(checked, quiet)
    raise typer.Exit(findings_exit(report.findings, settings.strict, exit_zero))


@app.command()
def schema(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND", parser=choice("schema", ("study", "recommendations")), help="Which file's schema: study or recommendations."
        ),
    ] = "study",
    output: OutputOption = None,
) -> None:
    """Print the JSON Schema of a study record (or of recommendations.yaml)."""
    from kinship_evidence.workflows.schemas import schema_text

    write_result(schema_text(kind), "json", output)


@app.command()
def new(
    study_id: Annotated[
        str, typer.Argument(metavar="ID", help="The new study's id (a slug, e.g. smith-2024-navigator).", show_default=False)
    ],
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            "-d",
            metavar="DIR",
            help="Dataset folder to write into. Default: the configuration's data, else ./data (which must exist).",
            show_default=False,
            parser=path_value("--data"),
        ),
    ] = None,
    recommendation: Annotated[
        list[str] | None,
        typer.Option(
            "--recommendation",
            "-r",
            metavar="REC",
            show_default=False,
            help="A recommendation the study informs: id or number (repeatable; checked against recommendations.yaml).",
        ),
    ] = None,
    design: Annotated[
        str | None,
        typer.Option(
            "--design", metavar="DESIGN", show_default=False, help="rct, cluster-rct, qed, cohort, pre-post, qualitative or other."
        ),
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", metavar="CODE", show_default=False, help="ISO 3166-1 alpha-2 code, e.g. GB or US.")
    ] = None,
    domain: Annotated[
        str | None,
        typer.Option(
            "--domain",
            metavar="DOMAIN",
            show_default=False,
            help="The first outcome's domain: one the dataset uses (see `recommendations`).",
        ),
    ] = None,
    form: Annotated[
        str | None,
        typer.Option(
            "--form",
            metavar="FORM",
            show_default=False,
            help="Evidence form written out: finding, counts, groups or effect (the others stay comments).",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Write a commented template record to DATA/studies/ID.yaml (never over an existing file).

    Values given are filled in; the required ones left empty make `validate` report them.
    """
    from kinship_evidence.errors import RecordExists, UsageError
    from kinship_evidence.reports.text.escaping import message
    from kinship_evidence.workflows.authoring.new_prefill import check_prefill
    from kinship_evidence.workflows.authoring.new_study import new_study, target_data_dir

    configured = resolve("new").source
    folder = target_data_dir(data if data is not None else (configured.root if configured.config is not None else None))
    prefill = check_prefill(folder, recommendation or (), design, country, domain, form)
    try:
        target = new_study(folder, study_id, prefill)
    except RecordExists as error:
        typer.echo(f"error: {message(error)}", err=True)
        raise typer.Exit(ExitCode.FINDINGS) from None
    except OSError as error:
        raise UsageError(str(error)) from None
    from kinship_evidence.cli.output import OutputError

    try:
        write_output(f"{target}\n", "text")
    except OutputError as error:  # the record is written all the same: say so, and succeed
        typer.echo(message(f"wrote {target} ({error})"), err=True)
        return
    note(f"wrote {target}: fill in the empty values, then run `kinship-evidence validate`", quiet)


@app.command()
def recommendations(
    data: DataOption = None,
    output_format: Annotated[str | None, format_option("recommendations")] = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """List the recommendations (id, number, published rating, target domains) and the outcome domains in use."""
    from kinship_evidence.cli.running import report_invalid, run_workflow
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.recommendations import list_recommendations

    settings = resolve("recommendations", data, output_format)
    chosen = settings.output_format
    listing = run_workflow(settings.root, chosen, run=list_recommendations)
    if listing.validation.dataset.recommendations_file is None:
        report_invalid(_Invalid(listing.validation), settings.source, quiet)
    write_result(lambda: writer("recommendations", chosen)(listing), chosen, output)
    note(read_note(listing.validation.dataset.files_read, settings.source), quiet)
    if listing.validation.errors:
        note(f"note: {listing.validation.errors} error(s) in the dataset; `validate` lists them", quiet)


class _Invalid:
    """A validation report in the shape ``report_invalid`` reads."""

    def __init__(self, validation) -> None:  # type: ignore[no-untyped-def]
        self.validation, self.findings = validation, list(validation.findings)

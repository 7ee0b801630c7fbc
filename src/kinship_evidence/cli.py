"""The command line: parse options, call one function, print, exit with a named code.

Nothing here checks or computes; see validation, rating and the reporters.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from kinship_evidence import __version__
from kinship_evidence.exit_codes import ExitCode

app = typer.Typer(
    name="kinship-evidence",
    help="Turn an evidence dataset into evidence ratings: validate, rate, check and explain.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)


class FindingsFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kinship-evidence {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Turn an evidence dataset into evidence ratings: validate, rate, check and explain."""


DataOption = Annotated[
    Optional[Path],
    typer.Option(
        "--data",
        "-d",
        help="Dataset folder (recommendations.yaml + studies/). Default: ./data if it exists, else the bundled dataset.",
        show_default=False,
    ),
]


def _findings_format(chosen: FindingsFormat | None) -> str:
    """The chosen format; in GitHub Actions the default is workflow annotations."""
    if chosen is not None:
        return chosen.value
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _data_dir(data: Path | None) -> Path:
    from kinship_evidence.paths import default_data_dir

    return data if data is not None else default_data_dir()


def _fail_usage(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(ExitCode.USAGE_OR_INTERNAL_ERROR)


@app.command()
def validate(
    data: DataOption = None,
    output_format: Annotated[
        Optional[FindingsFormat],
        typer.Option("--format", "-f", help="text, json or github. Default: text (github inside GitHub Actions)."),
    ] = None,
) -> None:
    """Check every file of the dataset; list each problem as path:line:col: field: message."""
    from kinship_evidence.dataset import DatasetNotFound
    from kinship_evidence.reports.findings import FINDINGS_REPORTERS, summary
    from kinship_evidence.validation import validate_dataset

    try:
        report = validate_dataset(_data_dir(data))
    except DatasetNotFound as error:
        _fail_usage(str(error))
    sys.stdout.write(FINDINGS_REPORTERS[_findings_format(output_format)](report.findings))
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
    from kinship_evidence.schema import json_schema_text

    sys.stdout.write(json_schema_text(kind.value))


def main() -> None:
    """Console-script entry point: user errors exit 2 through Typer; a bug exits 2 with a short note."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(ExitCode.USAGE_OR_INTERNAL_ERROR)
    except Exception as error:  # noqa: BLE001 - the last line of defence against tracebacks
        typer.echo(
            f"internal error: {error.__class__.__name__}: {error}\n"
            "This is a bug in kinship-evidence; please report it with the command you ran.",
            err=True,
        )
        sys.exit(ExitCode.USAGE_OR_INTERNAL_ERROR)

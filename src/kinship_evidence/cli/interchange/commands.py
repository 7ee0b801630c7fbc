"""Evidence in and out: ``import sheet``, ``import robvis``, ``export metafor``, ``export robvis``.

Each command calls one workflow of ``workflows.interchange`` and writes its files with the one
atomic writer (``cli.file_output``): nothing is written unless every file can be, an existing
file is refused unless ``--force``, and findings (exit 1) leave every file as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup

from kinship_evidence.cli.app import app
from kinship_evidence.cli.exit_codes import ExitCode
from kinship_evidence.cli.options import CIOption, DataOption, EstimatorOption, FrameworkOption, QuietOption, path_value
from kinship_evidence.cli.output import write_output
from kinship_evidence.cli.params import choice
from kinship_evidence.cli.running import note

if TYPE_CHECKING:
    from kinship_evidence.findings import Finding


class _PlainGroup(TyperGroup):
    """A sub-command group whose commands parse their options as the top-level ones do."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from kinship_evidence.cli.params import plain_coercion

        plain_coercion(self)
        for command in self.commands.values():
            plain_coercion(command)


import_app = typer.Typer(cls=_PlainGroup, no_args_is_help=True, help="Bring evidence in: extraction sheets and robvis tables.")
export_app = typer.Typer(
    cls=_PlainGroup, no_args_is_help=True, help="Take evidence out: metafor tables with an R script, robvis tables."
)
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")

ForceOption = Annotated[bool, typer.Option("--force", help="Replace files (or risk_of_bias blocks) that exist already.")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Print what would be written; write nothing.")]
TableArgument = Annotated[
    Path, typer.Argument(metavar="FILE", parser=path_value("FILE"), show_default=False, help="A .csv or .xlsx table.")
]
FolderArgument = Annotated[
    Path,
    typer.Argument(metavar="DIR", parser=path_value("DIR"), show_default=False, help="Folder to write into (made if missing)."),
]
TOOLS = ("rob2", "robins-i")


def _writable_data(data: Path | None) -> Path:
    from kinship_evidence.cli.settings import resolve
    from kinship_evidence.workflows.authoring.new_study import target_data_dir

    configured = resolve("new").source
    return target_data_dir(data if data is not None else (configured.root if configured.config is not None else None))


def _report_findings(findings: Sequence[Finding], what: str, quiet: bool) -> None:
    """Print the findings and exit 1 when one is an error (nothing was written)."""
    from kinship_evidence.reports.registry import writer

    write_output(writer("findings", "text")(findings), "text")
    errors = sum(1 for finding in findings if finding.is_error)
    if errors:
        note(f"{errors} error{'s' * (errors != 1)} in {what}; nothing written", quiet)
        raise typer.Exit(ExitCode.FINDINGS)


def _write_all(files: Sequence[tuple[Path, str]], force: bool) -> None:
    """Every file, each atomically; all refused before any is written when one exists already."""
    from kinship_evidence.cli.file_output import FileExists, write_file

    if not force:
        existing = [str(path) for path, _ in files if path.exists()]
        if existing:
            raise FileExists(
                f"{', '.join(existing)} already exist{'s' * (len(existing) == 1)}; nothing was written (pass --force to replace)"
            )
    for path, text in files:
        write_file(path, text.encode("utf-8"), replace=force)


def _folder(path: Path) -> Path:
    from kinship_evidence.cli.file_output import UnwritableFile

    try:
        path.mkdir(exist_ok=True)
    except OSError as error:
        raise UnwritableFile(f"cannot make folder {path}: {error.strerror or error}") from None
    if not path.is_dir():
        raise UnwritableFile(f"{path} is not a folder")
    return path


@import_app.command("sheet")
def import_sheet(
    sheet: TableArgument,
    template: Annotated[bool, typer.Option("--template", help="Write an empty sheet with every column to FILE instead.")] = False,
    data: DataOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            parser=path_value("--output"),
            show_default=False,
            help="Write the records into DIR. Default: the dataset's studies/.",
        ),
    ] = None,
    force: ForceOption = False,
    dry_run: DryRunOption = False,
    quiet: QuietOption = False,
) -> None:
    """An extraction sheet (one row per study outcome) into one study record per id, or every problem at its cell."""
    from kinship_evidence.workflows.interchange.tables import table_suffix

    suffix = table_suffix(sheet)
    if template:
        from kinship_evidence.cli.file_output import write_file
        from kinship_evidence.workflows.interchange.sheet_template import template_bytes

        write_file(sheet, template_bytes(suffix), replace=force)
        note(f"wrote {sheet}: one row per study outcome; then `kinship-evidence import sheet {sheet}`", quiet)
        return
    from kinship_evidence.workflows.interchange.sheet_import import import_sheet as plan

    folder = _writable_data(data)
    result = plan(sheet, folder, output, force)
    _report_findings(result.findings, str(sheet), quiet)
    if dry_run:
        write_output("".join(f"# --- {record.path}\n{record.text}" for record in result.records), "text")
        note(f"{len(result.records)} record(s) from {result.rows} row(s) would be written; nothing written (--dry-run)", quiet)
        return
    _folder(output if output is not None else folder / "studies")
    _write_all([(record.path, record.text) for record in result.records], force)
    write_output("".join(f"{record.path}\n" for record in result.records), "text")
    note(f"wrote {len(result.records)} record(s) from {result.rows} row(s); run `kinship-evidence validate`", quiet)


@import_app.command("robvis")
def import_robvis(
    table: TableArgument,
    tool: Annotated[
        str, typer.Option("--tool", metavar="TOOL", parser=choice("--tool", TOOLS), show_default=False, help="rob2 or robins-i.")
    ],
    data: DataOption = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source", metavar="TEXT", show_default=False, help="Where the judgements come from. Default: 'robvis table FILE'."
        ),
    ] = None,
    force: ForceOption = False,
    dry_run: DryRunOption = False,
    quiet: QuietOption = False,
) -> None:
    """A robvis table (Study, D1, ..., Overall, Weight) into the risk_of_bias blocks of the named records."""
    from kinship_evidence.cli.file_output import write_file
    from kinship_evidence.workflows.interchange.robvis_import import import_robvis as plan

    result = plan(table, _writable_data(data), tool, source, force)
    _report_findings(result.findings, str(table), quiet)
    if dry_run:
        write_output("".join(f"# --- {edit.path}\n{edit.text}" for edit in result.edits), "text")
        note(f"{len(result.edits)} record(s) would be changed; nothing written (--dry-run)", quiet)
        return
    for edit in result.edits:
        write_file(edit.path, edit.text.encode("utf-8"))
    write_output("".join(f"{edit.path}\n" for edit in result.edits), "text")
    for edit in result.edits:
        if edit.removed_not_appraised:
            note(f"{edit.path}: removed `quality: not-appraised`: the study is appraised now", quiet)
    note(f"wrote the {tool} appraisal of {len(result.edits)} record(s)", quiet)


@export_app.command("metafor")
def export_metafor(
    folder: FolderArgument,
    data: DataOption = None,
    framework: FrameworkOption = None,
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """A CSV per pooled outcome domain (study, yi, vi and escalc's columns) and metafor.R that re-runs rma() on them."""
    from kinship_evidence.cli.running import report_invalid, run_workflow
    from kinship_evidence.cli.settings import resolve
    from kinship_evidence.errors import UsageError
    from kinship_evidence.reports.interchange.csv_tables import metafor_csv
    from kinship_evidence.reports.interchange.metafor_script import SCRIPT_NAME, metafor_script
    from kinship_evidence.workflows.interchange.metafor_export import metafor_export

    settings = resolve("rate", data, None, framework, estimator, ci)
    if settings.framework == "all":
        raise UsageError("export metafor: --framework all: choose one rule set (its methods are the script's)")
    evaluation = run_workflow(settings.root, "json", framework=settings.framework, methods=settings.methods)
    if evaluation.has_errors or not evaluation.reports:
        report_invalid(evaluation, settings.source, quiet)
    export = metafor_export(evaluation.reports[0])
    if not export.pools:
        raise UsageError(
            "export metafor: no outcome domain was pooled by meta-analysis (that needs two or more studies on one scale)"
        )
    target = _folder(folder)
    files = [(target / pool.file_name, metafor_csv(pool)) for pool in export.pools]
    _write_all([*files, (target / SCRIPT_NAME, metafor_script(export))], force)
    write_output("".join(f"{path}\n" for path, _ in files) + f"{target / SCRIPT_NAME}\n", "text")
    note(
        f"wrote {len(files)} pool(s) and {SCRIPT_NAME} ({export.methods.describe()}); run it in {target}: Rscript {SCRIPT_NAME}",
        quiet,
    )


@export_app.command("robvis")
def export_robvis(
    folder: FolderArgument, data: DataOption = None, force: ForceOption = False, quiet: QuietOption = False
) -> None:
    """One robvis table per tool (RoB 2, ROBINS-I), with the R call that draws it in its first line."""
    from kinship_evidence.cli.running import named
    from kinship_evidence.cli.settings import resolve
    from kinship_evidence.errors import UsageError
    from kinship_evidence.reports.interchange.csv_tables import robvis_csv
    from kinship_evidence.workflows.interchange.robvis_export import robvis_tables
    from kinship_evidence.workflows.validate import validate

    settings = resolve("validate", data)
    report = validate(settings.root)
    _report_findings([finding for finding in report.findings if finding.is_error], f"the dataset{named(settings.source)}", quiet)
    tables = robvis_tables(report.dataset.studies)
    if not tables:
        raise UsageError("export robvis: no record has a RoB 2 or ROBINS-I risk_of_bias block")
    target = _folder(folder)
    files = [(target / table.file_name, robvis_csv(table)) for table in tables]
    _write_all(files, force)
    write_output("".join(f"{path}\n" for path, _ in files), "text")
    note(f"wrote {len(files)} robvis table(s); each file's first line is the R call that draws it", quiet)

"""The command line: parse options, call one function, print, exit with a named code.

Nothing here checks or computes; see validation, rating and the reporters.
"""

from __future__ import annotations

import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from kinship_evidence import __version__
from kinship_evidence.exit_codes import ExitCode

# This process is the command line, not a library host: skip pydantic's scan of installed
# plugins (an entry-point lookup that costs more start-up time than validating a dataset).
# Set before any model module is imported (they are imported lazily, inside the commands).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

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


FindingsFormatOption = Annotated[
    Optional[FindingsFormat],
    typer.Option("--format", "-f", help="text, json or github. Default: text (github inside GitHub Actions)."),
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
    output_format: FindingsFormatOption = None,
) -> None:
    """Check every file of the dataset; list each problem as path:line:col: field: message."""
    from kinship_evidence.dataset import DatasetNotFound
    from kinship_evidence.progress import progress
    from kinship_evidence.reports.findings import FINDINGS_REPORTERS, summary
    from kinship_evidence.validation import validate_dataset

    chosen = _findings_format(output_format)
    try:
        with progress(chosen) as on_progress:
            report = validate_dataset(_data_dir(data), on_progress)
    except DatasetNotFound as error:
        _fail_usage(str(error))
    sys.stdout.write(FINDINGS_REPORTERS[chosen](report.findings))
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
    # A run is short and its data has no reference cycles: the cyclic collector would only
    # rescan the growing set of loaded records (about a fifth of the time of a large run).
    gc.disable()
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


class RatingFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Estimator(str, Enum):
    reml = "reml"
    dl = "dl"


class ExplainFormat(str, Enum):
    text = "text"
    json = "json"


FrameworkOption = Annotated[
    Optional[str],
    typer.Option("--framework", help="Rule set id, or 'all'. Default: the guide's own (recommendations.yaml)."),
]
EstimatorOption = Annotated[
    Estimator, typer.Option("--estimator", help="tau^2 estimator: reml (default) or dl (DerSimonian-Laird).")
]
RulesOption = Annotated[
    Optional[list[Path]], typer.Option("--rules", help="Add a rule set from a YAML file (repeatable).")
]


def _evaluate(data: Path | None, output_format: str = "json", run=None, **options: object):  # -> Evaluation
    """Run ``run`` (default: ``evaluate``) on the dataset, with a progress bar for human formats."""
    from kinship_evidence.dataset import DatasetNotFound
    from kinship_evidence.evaluation import UsageError, evaluate
    from kinship_evidence.progress import progress

    try:
        with progress(output_format) as on_progress:
            return (run or evaluate)(_data_dir(data), on_progress=on_progress, **options)  # type: ignore[arg-type]
    except (DatasetNotFound, UsageError) as error:
        _fail_usage(str(error))


def _report_invalid(evaluation, output_format: str = "text") -> NoReturn:  # evaluation: Evaluation
    from kinship_evidence.reports.findings import FINDINGS_REPORTERS, summary

    findings = evaluation.findings
    typer.echo(FINDINGS_REPORTERS[output_format](findings), err=True, nl=False)
    typer.echo(summary(findings, evaluation.validation.dataset.files_read) + "; nothing rated", err=True)
    raise typer.Exit(ExitCode.FINDINGS)


@app.command()
def rate(
    data: DataOption = None,
    output_format: Annotated[
        RatingFormat, typer.Option("--format", "-f", help="table, json, csv or markdown.")
    ] = RatingFormat.table,
    estimator: EstimatorOption = Estimator.reml,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
    without: Annotated[
        Optional[list[str]],
        typer.Option("--without", help="What-if: rate also without this study id (repeatable).", show_default=False),
    ] = None,
    with_files: Annotated[
        Optional[list[Path]],
        typer.Option("--with", help="What-if: rate also with this study record file (repeatable).", show_default=False),
    ] = None,
) -> None:
    """Rate every recommendation under a framework (exit 1 only for invalid data; drift is `check`'s job).

    With --without or --with, the what-if ratings are shown beside the current ones.
    """
    if without or with_files:
        _rate_what_if(data, output_format, estimator, framework, rules, without or [], with_files or [])
        return
    evaluation = _evaluate(
        data, output_format.value, framework=framework, estimator=estimator.value, rules_files=rules or ()
    )
    if evaluation.has_errors:
        _report_invalid(evaluation)
    if output_format is RatingFormat.table:
        from kinship_evidence.reports.rating_table import print_table

        print_table(evaluation.reports)
    else:
        from kinship_evidence.reports.ratings import RATINGS_REPORTERS

        sys.stdout.write(RATINGS_REPORTERS[output_format.value](evaluation.reports))
    drifted = sum(len(report.drifted) for report in evaluation.reports)
    if drifted:
        typer.echo(f"note: {drifted} recommendation(s) differ from their published rating; `check` reports them", err=True)


def _rate_what_if(
    data: Path | None, output_format: RatingFormat, estimator: Estimator, framework: str | None,
    rules: list[Path] | None, without: list[str], with_files: list[Path],
) -> None:
    from kinship_evidence.what_if import what_if

    result = _evaluate(
        data, output_format.value, run=what_if, without=without, with_files=with_files,
        framework=framework, estimator=estimator.value, rules_files=rules or (),
    )
    if result.evaluation.has_errors:
        _report_invalid(result.evaluation)
    if output_format is RatingFormat.table:
        from kinship_evidence.reports.what_if_table import print_what_if_table

        print_what_if_table(result)
    else:
        from kinship_evidence.reports.what_if import WHAT_IF_REPORTERS

        sys.stdout.write(WHAT_IF_REPORTERS[output_format.value](result))


@app.command()
def check(
    data: DataOption = None,
    output_format: FindingsFormatOption = None,
    estimator: EstimatorOption = Estimator.reml,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
) -> None:
    """Validate the dataset and compare derived with published ratings: what a CI job runs."""
    from kinship_evidence.evaluation import drift_findings
    from kinship_evidence.findings import sorted_findings
    from kinship_evidence.reports.findings import FINDINGS_REPORTERS, summary

    chosen = _findings_format(output_format)
    evaluation = _evaluate(data, chosen, framework=framework, estimator=estimator.value, rules_files=rules or ())
    findings = sorted_findings([*evaluation.findings, *drift_findings(evaluation)])
    sys.stdout.write(FINDINGS_REPORTERS[chosen](findings))
    typer.echo(summary(findings, evaluation.validation.dataset.files_read), err=True)
    raise typer.Exit(ExitCode.FINDINGS if any(f.is_error for f in findings) else ExitCode.OK)


@app.command()
def explain(
    recommendation: Annotated[str, typer.Argument(help="Recommendation id or number.", show_default=False)],
    data: DataOption = None,
    output_format: Annotated[ExplainFormat, typer.Option("--format", "-f", help="text or json.")] = ExplainFormat.text,
    estimator: EstimatorOption = Estimator.reml,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
) -> None:
    """Show which studies count, each tier's criterion with pass or fail, and forest plots."""
    from kinship_evidence.reports.explanation import EXPLAIN_REPORTERS

    evaluation = _evaluate(data, framework=framework, estimator=estimator.value, rules_files=rules or ())
    if evaluation.has_errors:
        _report_invalid(evaluation)
    outputs = []
    for report in evaluation.reports:
        match = [r for r in report.ratings if recommendation in (r.recommendation.id, str(r.recommendation.number))]
        if not match:
            known = ", ".join(f"{r.recommendation.number} ({r.recommendation.id})" for r in report.ratings)
            _fail_usage(f"no recommendation {recommendation!r}; known: {known}")
        outputs.append(EXPLAIN_REPORTERS[output_format.value](match[0], report.estimator))
    sys.stdout.write(outputs[0] if len(outputs) == 1 else ("\n" if output_format is ExplainFormat.text else "").join(outputs))


@app.command()
def frameworks(
    rules: RulesOption = None,
    output_format: Annotated[ExplainFormat, typer.Option("--format", "-f", help="text or json.")] = ExplainFormat.text,
) -> None:
    """List the rating frameworks (rule sets) with their sources."""
    import json

    from kinship_evidence.evaluation import load_rules_files
    from kinship_evidence.frameworks import known_frameworks
    from kinship_evidence.reports.findings import FINDINGS_REPORTERS

    extra, findings = load_rules_files(rules or ())
    if findings:
        typer.echo(FINDINGS_REPORTERS["text"](findings), err=True, nl=False)
        raise typer.Exit(ExitCode.FINDINGS)
    known = known_frameworks(extra)
    if output_format is ExplainFormat.json:
        sys.stdout.write(json.dumps([item.model_dump() for item in known.values()], indent=2) + "\n")
        return
    for item in known.values():
        typer.echo(f"{item.id}  ({item.version})\n  {item.title}\n  scale: {' > '.join(item.scale)}\n  source: {' '.join(item.source.split())}\n")


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="A dataset folder or a git revision (e.g. HEAD~1, main).", show_default=False)],
    new: Annotated[str, typer.Argument(help="A dataset folder or a git revision; '.' is the working tree.")] = ".",
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, json or markdown (a pull-request comment).")
    ] = DiffFormat.text,
    data_path: Annotated[
        str, typer.Option("--data-path", help="The dataset folder inside the repository (for revisions, and folders that hold it).")
    ] = "data",
    estimator: EstimatorOption = Estimator.reml,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
) -> None:
    """Which ratings changed from OLD to NEW, and which added, removed or edited studies changed them.

    Exit 0 when no rating changed, 1 when one did (or either side is invalid), 2 for usage errors.
    """
    from kinship_evidence.dataset import DatasetNotFound
    from kinship_evidence.diffing import diff_datasets
    from kinship_evidence.evaluation import UsageError
    from kinship_evidence.git_revisions import SideError
    from kinship_evidence.progress import progress
    from kinship_evidence.reports.diff import DIFF_REPORTERS, summary
    from kinship_evidence.reports.findings import FINDINGS_REPORTERS
    from kinship_evidence.reports.findings import summary as findings_summary

    try:
        with progress(output_format.value) as on_progress:
            result = diff_datasets(
                old, new, data_path, framework, estimator.value, rules or (), on_progress=on_progress
            )
    except (SideError, DatasetNotFound, UsageError) as error:
        _fail_usage(str(error))
    if result.diff is None:
        typer.echo(FINDINGS_REPORTERS["text"](result.findings), err=True, nl=False)
        typer.echo(findings_summary(result.findings, result.files_read) + "; nothing compared", err=True)
        raise typer.Exit(ExitCode.FINDINGS)
    sys.stdout.write(DIFF_REPORTERS[output_format.value](result.diff))
    typer.echo(summary(result.diff), err=True)
    raise typer.Exit(ExitCode.FINDINGS if result.diff.changed else ExitCode.OK)


@app.command()
def new(
    study_id: Annotated[str, typer.Argument(help="The new study's id (a slug, e.g. smith-2024-navigator).", show_default=False)],
    data: Annotated[
        Optional[Path],
        typer.Option("--data", "-d", help="Dataset folder to write into. Default: ./data (which must exist).", show_default=False),
    ] = None,
) -> None:
    """Write a commented template record to DATA/studies/STUDY_ID.yaml (never over an existing file)."""
    from kinship_evidence.templates import BadStudyId, RecordExists, new_study, target_data_dir

    try:
        target = new_study(target_data_dir(data), study_id)
    except RecordExists as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(ExitCode.FINDINGS) from None
    except (BadStudyId, OSError) as error:
        _fail_usage(str(error))
    sys.stdout.write(f"{target}\n")
    typer.echo(f"wrote {target}: fill in the empty values, then run `kinship-evidence validate`", err=True)

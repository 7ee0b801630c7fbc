"""``report --output DIR``: a self-contained HTML page of the guide's ratings, DIR/index.html."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from kinship_evidence.cli.app import app
from kinship_evidence.cli.options import (
    CIOption,
    DataOption,
    EstimatorOption,
    FrameworkOption,
    PredictionOption,
    QuietOption,
    RulesOption,
    path_value,
)
from kinship_evidence.cli.running import named, note, report_invalid
from kinship_evidence.cli.settings import resolve

PAGE = "index.html"


def with_robustness(page: Any, on_progress: Any = None, on_history_progress: Any = None) -> Any:
    """The page with the robustness and the by-year history of each rating."""
    from dataclasses import replace

    from kinship_evidence.workflows.report import robustness_by_recommendation, yearly_histories
    from kinship_evidence.workflows.robustness import assess

    robustness = robustness_by_recommendation(assess(page.evaluation, on_progress=on_progress))
    return replace(page, robustness=robustness, histories=yearly_histories(page.evaluation, on_history_progress))


@app.command()
def report(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="DIR", parser=path_value("--output"), show_default=False,
            help="Folder for index.html (created if missing); - writes the page to stdout.",
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing DIR/index.html.")] = False,
    data: DataOption = None,
    estimator: EstimatorOption = None,
    ci: CIOption = None,
    prediction: PredictionOption = None,
    framework: FrameworkOption = None,
    rules: RulesOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write an HTML report (ratings, summary of findings, forest plots, risk of bias, robustness).

    The page is one file with everything inline; an existing index.html is left alone unless --force.
    """
    from kinship_evidence.reports.registry import writer
    from kinship_evidence.workflows.project.output_files import (
        FileExists,
        UnwritableFile,
        is_standard_output,
        write_file,
    )
    from kinship_evidence.workflows.report import guide_report

    to_stdout = is_standard_output(output)
    target = output if to_stdout else output / PAGE
    if not to_stdout and os.path.lexists(target) and not force:
        raise FileExists(f"{target} already exists; it was left unchanged (pass --force to replace it)")
    from kinship_evidence.cli.progress import SLOW_WORK, Stage, stages

    settings = resolve("report", data, None, framework, estimator, ci, prediction)
    slow = (Stage("Trying changes", None, SLOW_WORK), Stage("Rating by year", None, SLOW_WORK))
    with stages("text", Stage("Reading studies"), *slow) as (reading, trying, yearly):  # a page, but a person waits
        page = guide_report(
            settings.root, framework=settings.framework, methods=settings.methods, rules_files=rules or (),
            on_progress=reading,
        )
        if not page.evaluation.has_errors:
            page = with_robustness(page, trying, yearly)
    if page.evaluation.has_errors:
        report_invalid(page.evaluation, settings.source, quiet)
    html = writer("report", "html")(page)
    assert isinstance(html, str)
    if not to_stdout:
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UnwritableFile(f"cannot create {output}: {error.strerror or error}") from None
    try:
        write_file(target, html.encode("utf-8"), replace=force or to_stdout)
    except FileExists as error:  # it appeared while the page was built
        raise FileExists(f"{error} (pass --force to replace it)") from None
    note(f"wrote {'the page to standard output' if to_stdout else target}{named(settings.source)}", quiet)

"""Options shared by several commands, and the choices they offer (built from one list each).

Every option is a plain string, path, flag or list of them, with an explicit metavar (so no
Python type shows in ``--help``); choices are parsed by :func:`~kinship_evidence.cli.params.choice`,
which refuses a bad one in plain words with a "did you mean".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from kinship_evidence.cli.params import choice
from kinship_evidence.reports.registry import formats
from kinship_evidence.stats.methods import (
    CI_METHODS,
    ESTIMATORS,
    PREDICTION_METHODS,
    MethodOverrides,
)

#: Which result kind each command with a --format writes (its formats: reports.registry).
COMMAND_KINDS = {
    "validate": "findings", "check": "findings", "rate": "ratings", "explain": "explanation", "sof": "sof",
    "robustness": "robustness", "diff": "diff", "frameworks": "frameworks",
    "recommendations": "recommendations", "history": "history",
}
FORMAT_CHOICES: dict[str, tuple[str, ...]] = {command: formats(kind) for command, kind in COMMAND_KINDS.items()}
COLOR_CHOICES = ("auto", "always", "never")


def path_value(option: str) -> Callable[[str], Path]:
    """A parser for a path option that refuses an empty value (``Path("")`` would mean ``.``)."""

    def parse(value: str | Path) -> Path:
        from kinship_evidence.workflows.project.output_files import refuse_empty

        if isinstance(value, Path):
            return value
        refuse_empty(option, value)
        return Path(value)

    return parse


def format_option(command: str, default_note: str = "") -> object:
    """``--format/-f FORMAT`` for ``command``: one of its writers' format names."""
    names = FORMAT_CHOICES[command]
    return typer.Option(
        "--format", "-f", metavar="FORMAT", parser=choice("--format", names), show_default=False,
        help=f"Output format: {', '.join(names)}. Default: {default_note or names[0]} (or the configuration's).",
    )


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data", "-d", metavar="DIR", parser=path_value("--data"), show_default=False,
        help="Dataset folder (recommendations.yaml + studies/). Default: the configuration's data, "
        "else ./data if it exists, else the bundled dataset.",
    ),
]
FrameworkOption = Annotated[
    str | None,
    typer.Option(
        "--framework", metavar="ID", show_default=False,
        help="Rule set id, or 'all'. Default: the guide's own (recommendations.yaml).",
    ),
]
EstimatorOption = Annotated[
    str | None,
    typer.Option(
        "--estimator", metavar="NAME", parser=choice("--estimator", ESTIMATORS), show_default=False,
        help="tau^2 estimator: reml, dl (DerSimonian-Laird) or pm (Paule-Mandel). Default: the rule set's.",
    ),
]
CIOption = Annotated[
    str | None,
    typer.Option(
        "--ci", metavar="METHOD", parser=choice("--ci", CI_METHODS), show_default=False,
        help="CI of a pooled effect: wald, hksj (Hartung-Knapp-Sidik-Jonkman, t(k-1)) or hksj-adhoc "
        "(never narrower than Wald). Default: the rule set's.",
    ),
]
PredictionOption = Annotated[
    str | None,
    typer.Option(
        "--prediction", metavar="METHOD", parser=choice("--prediction", PREDICTION_METHODS), show_default=False,
        help="Prediction interval: none, z, t-k1 or t-k2 (Higgins-Thompson-Spiegelhalter; needs 3+ studies). "
        "Default: the rule set's.",
    ),
]
def _files_option(option: str, help: str) -> object:
    return typer.Option(option, metavar="FILE", parser=path_value(option), show_default=False, help=help)


RulesOption = Annotated[list[Path] | None, _files_option("--rules", "Add a rule set from a YAML file (repeatable).")]
WithoutOption = Annotated[
    list[str] | None,
    typer.Option("--without", metavar="ID", show_default=False, help="What-if: also without this study id (repeatable)."),
]
WithOption = Annotated[
    list[Path] | None, _files_option("--with", "What-if: also with this study record file (repeatable).")
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No summary or notes on stderr (findings and errors are still printed).")
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        parser=path_value("--output"),
        show_default=False,
        help=(
            "Write the output to FILE instead of stdout, as shell redirection would (a file is replaced atomically,"
            " keeping its mode; a device or FIFO is written through; - is stdout)."
        ),
    ),
]
StrictOption = Annotated[
    bool | None,
    typer.Option(
        "--strict/--no-strict",
        show_default=False,
        help="Warnings fail too (exit 1); --no-strict overrides the configuration. Default: the configuration's strict, else off.",
    ),
]
ExitZeroOption = Annotated[
    bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings (advisory CI); usage errors still exit 2.")
]
ColorOption = Annotated[
    str | None,
    typer.Option(
        "--color",
        metavar="WHEN",
        parser=choice("--color", COLOR_CHOICES),
        show_default=False,
        help="Colour: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), always or never.",
    ),
]


def method_overrides(estimator: str | None, ci: str | None, prediction: str | None) -> MethodOverrides:
    """The pooling methods chosen (None keeps the rule set's); each value was checked by its option's parser."""
    return MethodOverrides(estimator=estimator, ci=ci, prediction=prediction)  # type: ignore[arg-type]

"""Options shared by several commands, and the choices they offer (built from one list each)."""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kinship_evidence.reports.registry import formats
from kinship_evidence.stats.methods import (
    CI_METHODS,
    ESTIMATORS,
    PREDICTION_METHODS,
    MethodOverrides,
)


def _choices(name: str, values: tuple[str, ...]) -> type[Enum]:
    """A str Enum of ``values`` for Typer (it shows and checks the choices)."""
    return Enum(name, {value.replace("-", "_"): value for value in values}, type=str)  # type: ignore[return-value]


FindingsFormat = _choices("FindingsFormat", formats("findings"))
RatingFormat = _choices("RatingFormat", formats("ratings"))
ExplainFormat = _choices("ExplainFormat", formats("explanation"))
DiffFormat = _choices("DiffFormat", formats("diff"))
FrameworksFormat = _choices("FrameworksFormat", formats("frameworks"))
RobustnessFormat = _choices("RobustnessFormat", formats("robustness"))
Estimator = _choices("Estimator", ESTIMATORS)
CIMethodChoice = _choices("CIMethodChoice", CI_METHODS)
PredictionChoice = _choices("PredictionChoice", PREDICTION_METHODS)

def path_value(option: str) -> Callable[[str], Path]:
    """A parser for a path option that refuses an empty value (``Path("")`` would mean ``.``)."""

    def parse(value: str | Path) -> Path:
        from kinship_evidence.errors import UsageError

        if isinstance(value, Path):
            return value
        if not value.strip():
            raise UsageError(f"{option} needs a path; {value!r} names nothing")
        return Path(value)

    return parse


DataOption = Annotated[
    Optional[Path],
    typer.Option(
        "--data",
        "-d",
        parser=path_value("--data"),
        help="Dataset folder (recommendations.yaml + studies/). Default: ./data if it exists, else the bundled dataset.",
        show_default=False,
    ),
]
FindingsFormatOption = Annotated[
    Optional[FindingsFormat],  # type: ignore[valid-type]
    typer.Option("--format", "-f", help="text, json or github. Default: text (github inside GitHub Actions)."),
]
FrameworkOption = Annotated[
    Optional[str],
    typer.Option("--framework", help="Rule set id, or 'all'. Default: the guide's own (recommendations.yaml)."),
]
EstimatorOption = Annotated[
    Optional[Estimator],  # type: ignore[valid-type]
    typer.Option(
        "--estimator", help="tau^2 estimator: reml, dl (DerSimonian-Laird) or pm (Paule-Mandel). Default: the rule set's.",
        show_default=False,
    ),
]
CIOption = Annotated[
    Optional[CIMethodChoice],  # type: ignore[valid-type]
    typer.Option(
        "--ci", help="CI of a pooled effect: wald, hksj (Hartung-Knapp-Sidik-Jonkman, t(k-1)) or hksj-adhoc "
        "(never narrower than Wald). Default: the rule set's.", show_default=False,
    ),
]
PredictionOption = Annotated[
    Optional[PredictionChoice],  # type: ignore[valid-type]
    typer.Option(
        "--prediction", help="Prediction interval: none, z, t-k1 or t-k2 (Higgins-Thompson-Spiegelhalter; "
        "needs 3+ studies). Default: the rule set's.", show_default=False,
    ),
]


def method_overrides(estimator: Enum | None, ci: Enum | None, prediction: Enum | None) -> MethodOverrides:
    """The pooling methods chosen on the command line (None keeps the rule set's)."""
    return MethodOverrides(
        estimator=estimator.value if estimator else None, ci=ci.value if ci else None,
        prediction=prediction.value if prediction else None,
    )
RulesOption = Annotated[
    Optional[list[Path]],
    typer.Option("--rules", help="Add a rule set from a YAML file (repeatable).", parser=path_value("--rules")),
]


def findings_format(chosen: Enum | None) -> str:
    """The chosen findings format; in GitHub Actions the default is workflow annotations."""
    if chosen is not None:
        return chosen.value
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def data_dir(data: Path | None) -> Path:
    from kinship_evidence.workflows.locations import default_data_dir

    return data if data is not None else default_data_dir()

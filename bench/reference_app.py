"""A reference for start-up: the least a Typer + Pydantic command line of this shape does.

One command with the same seven options as ``rate`` and one tiny Pydantic model validated,
no project code: ``--format json`` prints the record as JSON, ``--format table`` (the default,
as for ``rate``) as a one-row Rich table. Typer (0.2x and later) builds a Pydantic TypeAdapter
per option at run time, and building any Pydantic model loads Pydantic's schema machinery; the
import-only baseline ``python -c "import typer, pydantic, yaml"`` pays for neither, nor for Rich.
"""

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
import yaml  # noqa: F401 - imported as the toolkit does
from pydantic import BaseModel

app = typer.Typer(pretty_exceptions_enable=False)


class Format(str, Enum):
    table = "table"
    json = "json"


class Estimator(str, Enum):
    reml = "reml"
    dl = "dl"


class Record(BaseModel):
    value: int


@app.command()
def rate(
    data: Annotated[Path | None, typer.Option("--data")] = None,
    output_format: Annotated[Format, typer.Option("--format")] = Format.table,
    estimator: Annotated[Estimator, typer.Option("--estimator")] = Estimator.reml,
    framework: Annotated[str | None, typer.Option("--framework")] = None,
    rules: Annotated[list[Path] | None, typer.Option("--rules")] = None,
    without: Annotated[list[str] | None, typer.Option("--without")] = None,
    with_files: Annotated[list[Path] | None, typer.Option("--with")] = None,
) -> None:
    record = Record.model_validate({"value": 1})
    if output_format is Format.json:
        sys.stdout.write(json.dumps(record.model_dump()) + "\n")
        return
    from rich.console import Console  # imported for the table only, as the toolkit does
    from rich.table import Table

    table = Table("value")
    table.add_row(str(record.value))
    Console().print(table)


@app.command()
def other() -> None:
    """A second command, so that Typer dispatches by name as the toolkit's does."""


if __name__ == "__main__":
    app()

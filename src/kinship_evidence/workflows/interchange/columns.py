"""The extraction sheet's columns: each named by the record field it fills, defined once.

A column is a study field (read from the study's first row) or an outcome field (one outcome
a row); a nested field is named by its path with dots (``counts.intervention.events``). The
kind says how a cell becomes a value: text, a whole number, a number, a true/false, or a list
of ids separated by ``;``. ``effect.ci_low`` and ``effect.ci_high`` fill the record's
``effect.ci`` list.
"""

from __future__ import annotations

from typing import Literal

from kinship_evidence.frozen import frozen

Kind = Literal["text", "whole", "number", "flag", "list"]


@frozen(slots=True)
class Column:
    name: str
    kind: Kind
    study: bool  # a study field (first row of the study), else an outcome field

    @property
    def path(self) -> tuple[str, ...]:
        """Where the value goes in the study (or outcome) mapping: ``effect.ci_low`` -> ``effect.ci``."""
        parts = tuple(self.name.split("."))
        return (*parts[:-1], "ci") if parts[-1] in CI_PARTS else parts


CI_PARTS = {"ci_low": 0, "ci_high": 1}

_STUDY = (
    ("id", "text"),
    ("citation", "text"),
    ("year", "whole"),
    ("source", "text"),
    ("country", "text"),
    ("design", "text"),
    ("quality", "text"),
    ("appraisal", "text"),
    ("recommendations", "list"),
    ("sample_size", "whole"),
    ("usual_care", "flag"),
    ("sample", "text"),
)
_OUTCOME = (
    ("domain", "text"),
    ("description", "text"),
    ("favourable", "text"),
    ("follow_up_months", "number"),
    ("measure", "text"),
    ("finding", "text"),
    ("counts.intervention.events", "whole"),
    ("counts.intervention.n", "whole"),
    ("counts.control.events", "whole"),
    ("counts.control.n", "whole"),
    ("groups.intervention.mean", "number"),
    ("groups.intervention.sd", "number"),
    ("groups.intervention.n", "whole"),
    ("groups.control.mean", "number"),
    ("groups.control.sd", "number"),
    ("groups.control.n", "whole"),
    ("effect.estimate", "number"),
    ("effect.se", "number"),
    ("effect.ci_low", "number"),
    ("effect.ci_high", "number"),
)

#: Every column of the sheet, in the template's order.
COLUMNS: tuple[Column, ...] = (
    *(Column(name, kind, True) for name, kind in _STUDY),  # type: ignore[arg-type]
    *(Column(name, kind, False) for name, kind in _OUTCOME),  # type: ignore[arg-type]
)
COLUMNS_BY_NAME: dict[str, Column] = {column.name: column for column in COLUMNS}
LIST_SEPARATOR = ";"


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters

"""Findings: every problem the toolkit reports is one small immutable value.

Checks never print; they return or yield findings, and a reporter turns them into text,
JSON or GitHub annotations.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place.

    ``line`` and ``column`` are 1-based; 0 means the finding concerns the whole file (or,
    for a dataset-level finding with an empty ``path``, the whole dataset).
    """

    path: str
    line: int
    column: int
    field: str  # dotted field path inside the file, e.g. "outcomes.0.counts.control.n"; "" for the file
    rule: str  # a short stable slug, e.g. "schema", "yaml-duplicate-key", "id-matches-file"
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.field)


def sorted_findings(findings: list[Finding] | tuple[Finding, ...]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)

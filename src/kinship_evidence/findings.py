"""Findings: every problem the toolkit reports is one small immutable value.

Checks never print; they return or yield findings, and a reporter turns them into text,
JSON or GitHub annotations.
"""

from __future__ import annotations

from dataclasses import asdict
from enum import Enum

from kinship_evidence.frozen import frozen

#: Every rule a finding can name, with what it checks: the one list (the README documents each).
RULES: dict[str, str] = {
    "file-unreadable": "a file that cannot be read: missing permission, a folder, a pipe, a link loop",
    "file-too-large": "a file above the 1 MiB cap (not read)",
    "encoding": "not strict UTF-8, or a byte-order mark",
    "empty-file": "a file with no YAML document",
    "yaml-syntax": "YAML that does not parse, or a second document",
    "yaml-anchor": "an anchor (&name): not allowed",
    "yaml-alias": "an alias (*name): not allowed",
    "yaml-tag": "an explicit tag (!tag): not allowed",
    "yaml-depth": "nesting deeper than 100 levels",
    "yaml-duplicate-key": "a mapping key given twice",
    "yaml-number": "an integer with more digits than can be read",
    "schema": "a value the data format does not allow: type, range, vocabulary, unknown or missing field",
    "risk-of-bias": "a risk_of_bias block whose judgements, answers or overall do not fit its tool",
    "dataset-layout": "recommendations.yaml or studies/ missing or unreadable",
    "record-suffix": "a file in studies/ with another suffix than .yaml (not read)",
    "id-matches-file": "a study's id differs from its file name",
    "unique-id": "a study or recommendation id used twice",
    "unique-number": "a recommendation number used twice",
    "unknown-recommendation": "a study names a recommendation that recommendations.yaml lacks",
    "recommendation-without-studies": "no study names a recommendation",
    "unknown-outcome-domain": (
        "an outcome domain that no recommendation targets and no other study uses, near one that is (a misspelling: a warning)"
    ),
    "outcome-outside-targets": "a study names a recommendation but measured none of its target outcome domains",
    "unknown-framework": "guide.framework names no known rule set",
    "rating-drift": "a derived rating differs from the published one, and no known_drift acknowledges it (or one names another rating)",
    "known-drift": "a derived rating differs from the published one as its known_drift acknowledges (a note)",
    "stale-known-drift": "a known_drift that no longer matches: the derived rating equals the published one, or a named study is gone",
    "invalid-known-drift": (
        "a known_drift whose framework names no rule set, or whose rating is no rating of its rule set"
    ),
    "quality-disagrees": "a stated quality differs from the one the record's own risk_of_bias appraisal gives",
    "quality-unappraised": "a quality label with no recorded appraisal behind it (check only)",
    "certainty-override": "a recorded GRADE judgement that rates down fewer levels than the computed one (a warning quoting its reason)",
    "evidence-left-out": "a study's evidence the rating could not use: left out of a pool, no effect size, set aside",
}


SHOWN_CHARACTERS = 60  # a longer field name or value is cut short where a finding echoes it


def shorten(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """``text``, or its first ``limit`` characters and how long it was: ``abc...(1,000,000 characters)``."""
    return text if len(text) <= limit else f"{text[:limit]}...({len(text):,} characters)"


def shorten_field(field: str, limit: int = SHOWN_CHARACTERS) -> str:
    """A dotted field path with each overlong part cut short (``outcomes.0.`` stays readable)."""
    if len(field) <= limit:
        return field
    return ".".join(shorten(part, limit) for part in field.split("."))


class Severity(str, Enum):
    ERROR = "error"  # fails a check (exit 1)
    WARNING = "warning"  # shown; fails only with --strict
    NOTE = "note"  # shown, never fails: e.g. a drift the data acknowledge


@frozen(slots=True)
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

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"finding rule {self.rule!r} is not registered in findings.RULES")

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

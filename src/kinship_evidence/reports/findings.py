"""Reporters for findings: ``text``, ``json`` and ``github`` (workflow annotations).

Each reporter is a function from a list of findings to the text for standard output.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from kinship_evidence.findings import Finding


def _position(finding: Finding) -> str:
    line, column = max(finding.line, 1), max(finding.column, 1)
    return f"{finding.path}:{line}:{column}"


def format_text(findings: Sequence[Finding]) -> str:
    lines = []
    for finding in findings:
        where = f"{finding.field}: " if finding.field else ""
        level = "" if finding.is_error else "warning: "
        lines.append(f"{_position(finding)}: {where}{level}{finding.message} [{finding.rule}]")
    return "".join(line + "\n" for line in lines)


def format_json(findings: Sequence[Finding]) -> str:
    return json.dumps([finding.to_dict() for finding in findings], indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands, escaped as the runner expects."""
    lines = []
    for finding in findings:
        level = "error" if finding.is_error else "warning"
        properties = ",".join(
            [
                f"file={_escape_property(finding.path)}",
                f"line={max(finding.line, 1)}",
                f"col={max(finding.column, 1)}",
                f"title={_escape_property(finding.rule)}",
            ]
        )
        where = f"{finding.field}: " if finding.field else ""
        lines.append(f"::{level} {properties}::{_escape_data(where + finding.message)}")
    return "".join(line + "\n" for line in lines)



def summary(findings: Sequence[Finding], files: int) -> str:
    """A one-line human summary (for standard error)."""
    errors = sum(1 for finding in findings if finding.is_error)
    warnings = len(findings) - errors
    counted = f"{files} file{'s' * (files != 1)}"
    if not findings:
        return f"ok: {counted}, no problems"
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} in {counted}"

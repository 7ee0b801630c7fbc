"""Reporters for findings: ``text``, ``json`` and ``github`` (workflow annotations).

Each reporter takes the findings and yields the text for standard output piece by piece (one
finding at a time), so a million findings are never held as one string; the JSON reporter
yields a valid JSON array incrementally. Every user string is made safe for its format: in
``text`` every user string passes the one escaper of human output
(:func:`~kinship_evidence.reports.text.escaping.escape`: no control character, line break,
bidirectional control or leading ``::`` survives, so a finding line cannot forge another line,
reorder what a reader sees, or become a GitHub Actions workflow command); ``github`` escapes
as the runner expects; field names and messages that are too long are cut short in every format.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from kinship_evidence.findings import Finding, Severity, shorten, shorten_field
from kinship_evidence.reports.text.escaping import code_span, escape, markdown_text

MAX_MESSAGE = 400  # a message echoing a huge value (cut short where it is made) stays bounded

def _field(finding: Finding) -> str:
    return shorten_field(finding.field)


def _message(finding: Finding) -> str:
    return shorten(finding.message, MAX_MESSAGE)


def _position(finding: Finding) -> str:
    line, column = max(finding.line, 1), max(finding.column, 1)
    path = escape(finding.path)
    if path.startswith(":"):  # "::command" at the start of a line is a workflow command
        path = "./" + path
    return f"{path}:{line}:{column}"


_TEXT_LEVEL = {Severity.ERROR: "", Severity.WARNING: "warning: ", Severity.NOTE: "note: "}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def format_text(findings: Iterable[Finding]) -> Iterator[str]:
    for finding in findings:
        field = _field(finding)
        where = f"{escape(field)}: " if field else ""
        level = _TEXT_LEVEL[finding.severity]
        yield f"{_position(finding)}: {where}{level}{escape(_message(finding))} [{finding.rule}]\n"


def format_markdown(findings: Iterable[Finding]) -> Iterator[str]:
    """A Markdown table (a pull-request comment): place, severity, field, message, rule."""
    yield "| Place | Severity | Field | Message | Rule |\n| --- | --- | --- | --- | --- |\n"
    for finding in findings:
        field = _field(finding)
        cells = (
            code_span(_position(finding)), "error" if finding.is_error else "warning",
            code_span(field) if field else "", markdown_text(_message(finding)), f"`{finding.rule}`",
        )
        yield "| " + " | ".join(cells) + " |\n"


def _json_item(finding: Finding) -> str:
    """One finding as ``json.dumps(..., indent=2)`` writes it inside a list.

    Built by hand from ``json.dumps`` of each value: ``dumps`` with ``indent`` runs the
    pure-Python encoder, whose closures form reference cycles that only the cyclic collector
    frees (and the command line runs with it off), a leak per call.
    """
    item = {**finding.to_dict(), "field": _field(finding), "message": _message(finding)}
    members = ",\n".join(f"    {_dumps(key)}: {_dumps(value)}" for key, value in item.items())
    return "  {\n" + members + "\n  }"


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def format_json(findings: Iterable[Finding]) -> Iterator[str]:
    """A JSON array (as ``json.dumps(..., indent=2)`` writes it), one finding at a time."""
    separator = "[\n"
    for finding in findings:
        yield separator + _json_item(finding)
        separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(findings: Iterable[Finding]) -> Iterator[str]:
    """GitHub Actions workflow commands, escaped as the runner expects."""
    for finding in findings:
        level = _GITHUB_LEVEL[finding.severity]
        properties = ",".join(
            [
                f"file={_escape_property(finding.path)}",
                f"line={max(finding.line, 1)}",
                f"col={max(finding.column, 1)}",
                f"title={_escape_property(finding.rule)}",
            ]
        )
        field = _field(finding)
        where = f"{field}: " if field else ""
        yield f"::{level} {properties}::{_escape_data(where + _message(finding))}\n"


def summary(findings: Sequence[Finding], files: int) -> str:
    """A one-line human summary (for standard error)."""
    errors = sum(1 for finding in findings if finding.is_error)
    notes = sum(1 for finding in findings if finding.severity is Severity.NOTE)
    warnings = len(findings) - errors - notes
    counted = f"{files} file{'s' * (files != 1)}"
    noted = f", {notes} note{'s' * (notes != 1)}" if notes else ""
    if errors == warnings == 0:
        return f"ok: {counted}, no problems{noted}"
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}{noted} in {counted}"

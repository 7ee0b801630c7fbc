"""Pydantic's validation errors, turned into findings in plain words.

Each error becomes a :class:`~kinship_evidence.findings.Finding` with the dotted field path;
its line and column are filled in afterwards (``locating.locate``).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from kinship_evidence.findings import SHOWN_CHARACTERS, Finding, shorten

_PATTERN_MESSAGES = {
    r"^[a-z0-9-]+$": "must be a slug: lowercase letters, digits and hyphens",
    r"^[A-Z]{2}$": "must be an ISO 3166-1 alpha-2 country code, e.g. GB or US",
    r"^\d{4}-\d{2}-\d{2}$": "must be a date written YYYY-MM-DD (quote it in YAML)",
}


def shown(value: Any, limit: int = SHOWN_CHARACTERS) -> str:
    """A value as a message quotes it: its repr, cut short when long (``'abc...'...(N characters)``)."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}...({len(value):,} characters)"
    return shorten(repr(value), limit)


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    given = error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling against the format)"
    if given is None and kind != "field_check":
        return "value is empty; fill it in"
    if kind == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern", "")
        if pattern in _PATTERN_MESSAGES:
            return f"{_PATTERN_MESSAGES[pattern]}, got {shown(given)}"
        if "https?" in pattern:
            return f"must be a URL (http or https) or a DOI, got {shown(given)}"
    message = error["msg"]
    if kind.endswith("_type") and not isinstance(given, dict | list):
        message = f"{message}, got {type(given).__name__} {shown(given)}"
    return message


def validation_findings(error: ValidationError, display: str) -> list[Finding]:
    findings = []
    for item in error.errors(include_url=False):
        parts = [str(part) for part in item["loc"]]
        if item["type"] == "invalid_key" and parts:  # the key itself (pydantic shows True as 1)
            parts[-1] = str(item.get("input"))
        extra = (item.get("ctx") or {}).get("field") if item["type"] == "field_check" else None
        if extra:
            parts.extend(extra.split("."))
        findings.append(
            Finding(path=display, line=0, column=0, field=".".join(parts), rule="schema", message=_message(item))
        )
    return findings

"""Every writer, by result kind and format name: the one list of output formats.

A writer is a function from a result to the text for standard output: a str, or an iterable
of str pieces that the command line writes as they come (``cli.output.write_output``). They are named here as
``module:function`` and imported only when chosen, so the command line can list the formats
without importing any writer (and machine formats never import Rich).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any

_REPORTS = "kinship_evidence.reports"

WRITERS: dict[str, dict[str, str]] = {
    "findings": {
        "text": f"{_REPORTS}.findings:format_text",
        "json": f"{_REPORTS}.findings:format_json",
        "github": f"{_REPORTS}.findings:format_github",
        "markdown": f"{_REPORTS}.findings:format_markdown",
    },
    "ratings": {
        "table": f"{_REPORTS}.tables.rating_table:format_table",
        "json": f"{_REPORTS}.ratings:format_json",
        "csv": f"{_REPORTS}.ratings:format_csv",
        "markdown": f"{_REPORTS}.ratings:format_markdown",
    },
    "what-if": {
        "table": f"{_REPORTS}.tables.what_if_table:format_what_if_table",
        "json": f"{_REPORTS}.what_if:format_json",
        "csv": f"{_REPORTS}.what_if:format_csv",
        "markdown": f"{_REPORTS}.what_if:format_markdown",
    },
    "explanation": {
        "text": f"{_REPORTS}.explanation:format_text",
        "json": f"{_REPORTS}.explanation:format_json",
    },
    "sof": {
        "text": f"{_REPORTS}.sof:format_text",
        "json": f"{_REPORTS}.sof:format_json",
        "markdown": f"{_REPORTS}.sof:format_markdown",
    },
    "diff": {
        "text": f"{_REPORTS}.diff:format_text",
        "json": f"{_REPORTS}.diff:format_json",
        "markdown": f"{_REPORTS}.diff:format_markdown",
    },
    "robustness": {
        "text": f"{_REPORTS}.robustness:format_text",
        "json": f"{_REPORTS}.robustness:format_json",
        "markdown": f"{_REPORTS}.robustness:format_markdown",
    },
    "history": {
        "text": f"{_REPORTS}.history:format_text",
        "json": f"{_REPORTS}.history:format_json",
        "markdown": f"{_REPORTS}.history:format_markdown",
    },
    "frameworks": {
        "text": f"{_REPORTS}.frameworks:format_text",
        "json": f"{_REPORTS}.frameworks:format_json",
    },
    "recommendations": {
        "text": f"{_REPORTS}.recommendations:format_text",
        "json": f"{_REPORTS}.recommendations:format_json",
        "markdown": f"{_REPORTS}.recommendations:format_markdown",
    },
    "report": {
        "html": f"{_REPORTS}.html.page:format_html",
    },
}

#: Formats written for people; the rest are for machines (no Rich, no progress bar).
HUMAN_FORMATS = frozenset({"text", "table"})


def formats(kind: str) -> tuple[str, ...]:
    """The format names of one result kind, in the order help texts list them."""
    return tuple(WRITERS[kind])


def writer(kind: str, name: str) -> Callable[[Any], str | Iterable[str]]:
    """The writer of ``kind`` results in format ``name`` (imported now)."""
    module, function = WRITERS[kind][name].split(":")
    found: Callable[[Any], str | Iterable[str]] = getattr(import_module(module), function)
    return found

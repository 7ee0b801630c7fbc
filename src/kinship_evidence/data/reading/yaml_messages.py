"""PyYAML's syntax errors in plain words, with the fix: an unquoted colon, a tab, a bad indent.

PyYAML says "mapping values are not allowed in this context" for a paper title with a colon
(``citation: Smith: a trial``); most titles have one. Each message here names the cause as a
reader sees it and says what to write instead; a problem not recognised keeps PyYAML's words.
"""

from __future__ import annotations

_SHOWN = 60  # characters of a line echoed in a message


def _line(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _shown(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "..."


def plain_syntax_message(problem: str, context: str | None, text: str, line: int, column: int) -> str | None:
    """A plain-words message for the syntax error at ``line``:``column`` of ``text``; ``None`` when not recognised."""
    source = _line(text, line)
    before = source[: max(column - 1, 0)]
    if "mapping values are not allowed" in problem:
        key, separator, value = before.partition(": ")
        if separator and key.strip() and not key.lstrip().startswith(("'", '"')):
            name, whole = key.strip().lstrip("- "), _shown(value + source[len(before):])
            quoted = f'"{whole}"' if '"' not in whole else "'" + whole.replace("'", "''") + "'"
            return (
                f"the value of {name!r} holds a colon followed by a space ({whole!r}),"
                f" which YAML reads as a second key; quote the value: {name}: {quoted}"
            )
        return (
            "this line is indented further than the key above it, which already has a value;"
            " indent it as far as the other keys of its mapping (or quote a value that holds ': ')"
        )
    if "cannot start any token" in problem and "\t" in source[: max(column, 1)]:
        return "a tab character: YAML indents with spaces only; replace the tab with spaces"
    if "expected key" in problem or "expected '-' indicator" in problem or "expected <block end>" in problem:
        if "\t" in source:
            return "a tab character: YAML indents with spaces only; replace the tab with spaces"
        return (
            f"bad indentation at {_shown(source)!r}: it is not lined up with the keys (or '- ' items) above it;"
            " indent it exactly as far as the entries it belongs with"
        )
    return None

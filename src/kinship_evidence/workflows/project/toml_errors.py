"""A configuration that is not valid TOML, said as ``line:col: not valid TOML: ...`` with the fix.

``tomllib`` ends its message with the place (``Invalid value (at line 4, column 13)``; Python
3.14 has ``lineno`` and ``colno`` too); the place goes first, as in every other message of the
tool, and the commonest mistakes get a plain hint: a string value without quotes, ``True`` for
``true``, a key given twice, a string that is never closed.
"""

from __future__ import annotations

import re

_PLACE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")
_BARE_WORD = re.compile(r"[A-Za-z_][^\s#,}\]]*")
_BOOLEANS = {"True": "true", "False": "false", "TRUE": "true", "FALSE": "false", "yes": "true", "no": "false"}


def _place(error: ValueError, text: str) -> tuple[str, int, int]:
    """The message without its place, and the place (the end of the text when it says "end of document")."""
    message = str(getattr(error, "msg", None) or error)
    match = _PLACE.search(message)
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    if match is not None:
        message = message[: match.start()]
        if line is None and match.group(1):
            line, column = int(match.group(1)), int(match.group(2))
    if line is None or column is None:
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
    return message, line, column


def _hint(message: str, line_text: str, column: int) -> str:
    """A plain fix for the commonest mistakes, or ``""``."""
    rest = line_text[column - 1:]
    if message.startswith("Invalid value"):
        if not rest.strip() or rest.lstrip().startswith("#"):
            return "; give a value after '=' (a string in quotes, e.g. \"evidence\")"
        word = _BARE_WORD.match(rest)
        if word is not None and word.group() in _BOOLEANS:
            return f"; write {_BOOLEANS[word.group()]} (lower case, no quotes)"
        if word is not None and "{" in line_text:  # a value in an inline table: quote that word
            return f"; quote the value: \"{word.group()}\""
        if word is not None:
            return f"; quote the value: {line_text[: column - 1].strip()} \"{rest.split('#')[0].strip()}\""
    if message.startswith("Expected '=' after a key"):
        return "; write key = value"
    if message.startswith("Cannot overwrite a value") or message.startswith("Cannot declare"):
        return "; the key is given twice: keep one"
    if message.startswith("Illegal character '\\n'") or message.startswith("Unterminated string") or message.startswith("Expected \"'\""):
        return "; close the string's quotes on the same line"
    return ""


def syntax_error(error: ValueError, text: str) -> str:
    """``4:13: not valid TOML: invalid value; quote the value: "title-iv-e"`` (the path goes before it)."""
    message, line, column = _place(error, text)
    lines = text.splitlines()
    line_text = lines[line - 1] if 0 < line <= len(lines) else ""
    return f"{line}:{column}: not valid TOML: {message[:1].lower()}{message[1:]}{_hint(message, line_text, column)}"

"""Wrapping for plain-text output: at spaces only, so no word, id or number is ever split.

A word longer than the line is left whole on its own line (an id is never cut); only
:func:`hyphen_lines` breaks, and only after a hyphen, for a rating value in a narrow column.
"""

from __future__ import annotations

import textwrap


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` (a longer word stays whole), broken at spaces only."""
    subsequent = indent if subsequent is None else subsequent
    lines = textwrap.wrap(
        text, width=max(width, len(indent) + 1, len(subsequent) + 1), initial_indent=indent, subsequent_indent=subsequent,
        break_long_words=False, break_on_hyphens=False,
    )
    return lines or [indent.rstrip()]


def hyphen_lines(word: str, width: int) -> list[str]:
    """A hyphenated word in lines of at most ``width``, broken after hyphens (``does-not-`` ``currently-``)."""
    lines: list[str] = []
    current = ""
    for part in word.replace("-", "-\0").split("\0"):
        if current and len(current) + len(part) > width:
            lines.append(current)
            current = part
        else:
            current += part
    return [*lines, current] if current else lines

"""Rich renderables to text for standard output, and the width of standard output.

The text is as wide as the terminal (80 columns when output is not a terminal, so a file or
pipe gets what an 80-column terminal shows), coloured only on a terminal, and drawn with ASCII
boxes when standard output cannot encode box-drawing characters. Rich is imported only when
a table is drawn, so plain-text writers can ask :func:`output_width` without it.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from kinship_evidence.frozen import frozen
from kinship_evidence.reports.text.symbols import unicode_output

DEFAULT_WIDTH = 80
MIN_WIDTH = 20  # narrower than this, no table or wrapped line can be read
MAX_WIDTH = 1000  # wider than any screen; bounds the memory of a line


class _Buffer(io.StringIO):
    """A text buffer that reports standard output's encoding, so Rich picks boxes it can encode."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


@frozen(slots=True)
class Display:
    """How the command line writes: ``color`` auto, always or never; ``to_file`` for ``--output FILE``."""

    color: str = "auto"
    to_file: bool = False


_DISPLAY: ContextVar[Display] = ContextVar("display", default=Display())  # noqa: B039 - Display is frozen


@contextmanager
def display(chosen: Display) -> Iterator[None]:
    """Write with ``chosen`` inside the block (the command line's --color and --output)."""
    token = _DISPLAY.set(chosen)
    try:
        yield
    finally:
        _DISPLAY.reset(token)


def is_terminal() -> bool:
    if _DISPLAY.get().to_file:
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(callable(isatty) and isatty())


def colour_wanted(terminal: bool) -> bool:
    """--color always or never; for auto: NO_COLOR (set, not empty) turns it off, FORCE_COLOR on, else a terminal."""
    chosen = _DISPLAY.get().color
    if chosen != "auto":
        return chosen == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return terminal


def output_width() -> int:
    """``COLUMNS`` when set, the terminal's width on a terminal, else 80; clamped to 20-1000.

    Text is laid out (and padded) to this width, so memory grows with it: ``COLUMNS=100000000``
    must not mean 100 million characters a line.
    """
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        chosen = int(columns)
    elif is_terminal():
        chosen = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    else:
        chosen = DEFAULT_WIDTH
    return min(max(chosen, MIN_WIDTH), MAX_WIDTH)


def render(*renderables: Any) -> str:
    """The text Rich would print to standard output."""
    from rich.console import Console

    terminal = is_terminal()
    encoding = "utf-8" if unicode_output() else "ascii"
    buffer = _Buffer(encoding)
    colour = colour_wanted(terminal)
    console = Console(
        file=buffer, highlight=False, width=output_width(), force_terminal=colour,
        color_system=("auto" if terminal else "standard") if colour else None, legacy_windows=False, emoji=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()

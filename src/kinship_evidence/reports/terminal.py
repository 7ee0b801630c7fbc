"""Rich renderables to text for standard output (imported only by the table writers)."""

from __future__ import annotations

import io
import sys
from typing import Any

from rich.console import Console


def render(*renderables: Any) -> str:
    """The text Rich would print to standard output: its width, and colour only on a terminal."""
    isatty = getattr(sys.stdout, "isatty", None)
    terminal = bool(callable(isatty) and isatty())
    probe = Console(file=sys.stdout if terminal else io.StringIO(), highlight=False)
    buffer = io.StringIO()
    console = Console(
        file=buffer, highlight=False, width=probe.width, force_terminal=terminal,
        color_system=probe.color_system if terminal else None,
    )
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()

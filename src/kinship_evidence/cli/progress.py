"""A progress bar on standard error for long runs in a terminal; nothing otherwise.

Rich is imported only when a bar is actually drawn, so machine formats and short runs never
pay for it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from kinship_evidence.reports.registry import HUMAN_FORMATS

ProgressCallback = Callable[[int, int], None]  # (files done, files in all)

MIN_FILES = 500  # fewer files load in well under a second: no bar


def wants_bar(output_format: str, stream: TextIO) -> bool:
    """A bar only for human formats and only when the stream is a terminal."""
    isatty = getattr(stream, "isatty", None)
    return output_format in HUMAN_FORMATS and callable(isatty) and bool(isatty())


@contextmanager
def progress(
    output_format: str, description: str = "Reading studies", stream: TextIO | None = None, min_files: int = MIN_FILES
) -> Iterator[ProgressCallback | None]:
    """Yield an ``on_progress(done, total)`` callback, or None when no bar may be shown.

    The bar starts at the first call with ``total >= min_files`` and is removed on exit.
    """
    stream = sys.stderr if stream is None else stream
    if not wants_bar(output_format, stream):
        yield None
        return
    state: dict[str, Any] = {}

    def on_progress(done: int, total: int) -> None:
        if total < min_files:
            return
        if "bar" not in state:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=Console(file=stream), transient=True,
            )
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(description, total=total)
        state["bar"].update(state["task"], completed=done, total=total)

    try:
        yield on_progress
    finally:
        if "bar" in state:
            state["bar"].stop()

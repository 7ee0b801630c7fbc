"""A progress bar on standard error for long runs in a terminal; nothing otherwise.

Rich is imported only when a bar is actually drawn, so machine formats and short runs never
pay for it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from kinship_evidence.frozen import frozen
from kinship_evidence.reports.registry import HUMAN_FORMATS

ProgressCallback = Callable[[int, int], None]  # (files done, files in all)

MIN_FILES = 500  # fewer files load in well under a second: no bar


def wants_bar(output_format: str, stream: TextIO) -> bool:
    """A bar only for human formats and only when the stream is a terminal."""
    isatty = getattr(stream, "isatty", None)
    return output_format in HUMAN_FORMATS and callable(isatty) and bool(isatty())


@frozen(slots=True)
class Stage:
    """One task of a bar: its words, and when it is worth drawing (``min_total`` units of work,
    or else, when ``min_seconds`` is set, once it has run that long)."""

    description: str
    min_total: int | None = MIN_FILES
    min_seconds: float | None = None


#: Work measured in other units than files: drawn once it has taken half a second.
SLOW_WORK = 0.5


@contextmanager
def progress(
    output_format: str, description: str = "Reading studies", stream: TextIO | None = None, min_files: int = MIN_FILES
) -> Iterator[ProgressCallback | None]:
    """Yield an ``on_progress(done, total)`` callback, or None when no bar may be shown.

    The bar starts at the first call with ``total >= min_files`` and is removed on exit.
    """
    with stages(output_format, Stage(description, min_files), stream=stream) as (on_progress,):
        yield on_progress


@contextmanager
def stages(output_format: str, *wanted: Stage, stream: TextIO | None = None) -> Iterator[tuple[ProgressCallback | None, ...]]:
    """One callback per stage (None each when no bar may be shown), all drawn in one bar on
    ``stream`` (standard error), each task added when its stage is first worth drawing."""
    stream = sys.stderr if stream is None else stream
    if not wants_bar(output_format, stream):
        yield tuple(None for _ in wanted)
        return
    state: dict[object, Any] = {}

    def callback(stage: Stage) -> ProgressCallback:
        began: list[float] = []

        def on_progress(done: int, total: int) -> None:
            if not began:
                began.append(time.monotonic())
            task = state.get(stage)
            if task is None:
                big = stage.min_total is not None and total >= stage.min_total
                slow = stage.min_seconds is not None and time.monotonic() - began[0] >= stage.min_seconds
                if not (big or slow):
                    return
                task = state[stage] = _bar(state, stream).add_task(stage.description, total=total)
            state["bar"].update(task, completed=done, total=total)

        return on_progress

    try:
        yield tuple(callback(stage) for stage in wanted)
    finally:
        if "bar" in state:
            state["bar"].stop()


def _bar(state: dict[object, Any], stream: TextIO) -> Any:
    if "bar" not in state:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=Console(file=stream), transient=True,
        )
        bar.start()
        state["bar"] = bar
    return state["bar"]

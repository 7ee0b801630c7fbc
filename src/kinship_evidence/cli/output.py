"""Writing a writer's output: a writer returns a str, or an iterable of str pieces (streamed)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

_BATCH = 1 << 16  # characters gathered before one write: few calls, little memory


def write_output(output: str | Iterable[str], stream: TextIO | None = None) -> None:
    """Write ``output`` to ``stream`` (standard output by default) as its pieces come."""
    target = stream if stream is not None else sys.stdout
    if isinstance(output, str):
        target.write(output)
        return
    pending: list[str] = []
    size = 0
    for piece in output:
        pending.append(piece)
        size += len(piece)
        if size >= _BATCH:
            target.write("".join(pending))
            pending, size = [], 0
    if pending:
        target.write("".join(pending))

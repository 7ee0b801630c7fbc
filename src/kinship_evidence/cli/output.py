"""Writing a command's result: a writer returns a str, or an iterable of str pieces (streamed).

Human formats pass :func:`~kinship_evidence.reports.text.escaping.guard_workflow_commands`, so no
line of text output can be taken for a GitHub Actions workflow command. Pieces are gathered
into batches that end at a line break (few write calls, little memory, and the guard always
sees whole lines). Output is flushed here, so a closed pipe or a full disk surfaces as
:class:`OutputError` inside the command (exit 2 with a message), not as noise at exit.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from kinship_evidence.errors import UsageError
from kinship_evidence.reports.registry import HUMAN_FORMATS

_BATCH = 1 << 16  # characters gathered before one write


class OutputError(UsageError):
    """Standard output could not be written (closed pipe, full disk)."""


def prepare_streams() -> None:
    """Characters an output cannot encode become backslash escapes instead of an error.

    File names that are not UTF-8 reach Python as lone surrogates, and a Windows code page or
    ``PYTHONIOENCODING=ascii`` cannot encode every symbol; neither may crash a command.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a stream that is already closed
                pass


def _batches(output: str | Iterable[str]) -> Iterator[str]:
    if isinstance(output, str):
        yield output
        return
    pending: list[str] = []
    size = 0
    for piece in output:
        pending.append(piece)
        size += len(piece)
        if size >= _BATCH:
            text = "".join(pending)
            cut = text.rfind("\n") + 1
            if cut:
                yield text[:cut]
                text = text[cut:]
            pending, size = [text], len(text)
    if size:
        yield "".join(pending)


def write_output(output: str | Iterable[str], output_format: str = "json", stream: TextIO | None = None) -> None:
    """Write a writer's output (a string or its pieces) to ``stream`` (standard output) and flush it."""
    target = stream if stream is not None else sys.stdout
    human = output_format in HUMAN_FORMATS or output_format == "markdown"
    guard: Callable[[str], str] | None = None
    if human:
        from kinship_evidence.reports.text.escaping import guard_workflow_commands

        guard = guard_workflow_commands
    try:
        for batch in _batches(output):
            target.write(guard(batch) if guard is not None else batch)
        target.flush()
    except OSError as error:
        raise output_error(error) from None


def output_error(error: OSError) -> OutputError:
    if error.errno == errno.EPIPE:
        return OutputError("standard output was closed before all output was written")
    return OutputError(f"cannot write to standard output: {error.strerror or error}")


def write_result(
    output: str | Iterable[str] | Callable[[], str | Iterable[str]], output_format: str, target: Path | None = None,
    color: str = "auto",
) -> None:
    """Write a writer's output to standard output, or atomically to ``target`` (``--output FILE``).

    ``color`` is --color; it applies to standard output (a file gets no colour, 80 columns).
    The writer's pieces are produced inside, so the chosen display reaches the writer.
    """
    produce: Callable[[], str | Iterable[str]] = output if callable(output) else (lambda: output)
    if target is None and output_format not in HUMAN_FORMATS:  # no colour, no width to choose
        write_output(produce(), output_format)
        return
    from kinship_evidence.reports.text.terminal import Display, display

    if target is None:
        with display(Display(color)):
            write_output(produce(), output_format)
        return
    from kinship_evidence.cli.file_output import replaced_text_file

    with display(Display("never", to_file=True)), replaced_text_file(target) as stream:
        write_output(produce(), output_format, stream)

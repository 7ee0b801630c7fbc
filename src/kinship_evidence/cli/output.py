"""Writing a command's result: a writer returns a str, or an iterable of str pieces (streamed).

Human formats pass :func:`~kinship_evidence.reports.text.escaping.guard_workflow_commands`, so no
line of text output can be taken for a GitHub Actions workflow command. Pieces are gathered
into batches that end at a line break (few write calls, little memory, and the guard always
sees whole lines). Output is flushed here, so a closed pipe or a full disk surfaces as
:class:`OutputError` inside the command (exit 2 with a message), not as noise at exit.
"""

from __future__ import annotations

import contextlib
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
            with contextlib.suppress(ValueError, OSError):  # a stream that is already closed
                reconfigure(errors="backslashreplace")


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


def write_output(
    output: str | Iterable[str], output_format: str = "json", stream: TextIO | None = None, name: str = ""
) -> None:
    """Write a writer's output (a string or its pieces) to ``stream`` (standard output) and flush it.

    ``name`` is the file ``stream`` writes (``--output FILE``), named when writing fails.
    """
    target = stream if stream is not None else sys.stdout
    if target is None:  # started with standard output closed (`>&-`)
        raise OutputError(f"cannot write {name}: it is closed" if name else "standard output is closed (nothing can be written)")
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
        raise output_error(error, name) from None


def closed_output_message() -> str:
    return "standard output was closed before all output was written"


def output_error(error: OSError, name: str = "") -> OutputError:
    """The failure of a write, naming the file written (``name``), else standard output."""
    if name:
        return OutputError(f"cannot write {name}: {error.strerror or error}")
    if error.errno == errno.EPIPE:
        return OutputError(closed_output_message())
    return OutputError(f"cannot write to standard output: {error.strerror or error}")


def write_result(
    output: str | Iterable[str] | Callable[[], str | Iterable[str]], output_format: str, target: Path | None = None,
    color: str = "auto",
) -> None:
    """Write a writer's output to standard output, or to ``target`` (``--output FILE``; ``-``: standard output).

    ``target`` is written by the one writer of user-named files (``output_files.writing_text``):
    complete or unchanged, or written through when it is a device, a FIFO or standard output.
    ``color`` is --color; it applies to standard output (a file gets no colour, 80 columns).
    The writer's pieces are produced inside, so the chosen display reaches the writer.
    """
    produce: Callable[[], str | Iterable[str]] = output if callable(output) else (lambda: output)
    if target is not None:
        from kinship_evidence.workflows.project.output_files import is_standard_output

        target = None if is_standard_output(target) else target
    if target is None and output_format not in HUMAN_FORMATS:  # no colour, no width to choose
        write_output(produce(), output_format)
        return
    from kinship_evidence.reports.text.terminal import Display, display

    if target is None:
        with display(Display(color)):
            write_output(produce(), output_format)
        return
    from kinship_evidence.workflows.project.output_files import writing_text

    with display(Display("never", to_file=True)), writing_text(target) as stream:
        write_output(produce(), output_format, stream, name=str(target))

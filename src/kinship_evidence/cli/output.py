"""Writing a command's result to standard output, and what can go wrong there.

Human formats pass :func:`~kinship_evidence.reports.escaping.guard_workflow_commands`, so no
line of text output can be taken for a GitHub Actions workflow command. Output is flushed here,
so a closed pipe or a full disk surfaces as :class:`OutputError` inside the command (exit 2 with
a message) rather than as noise when the interpreter exits.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Iterable

from kinship_evidence.errors import UsageError
from kinship_evidence.reports.registry import HUMAN_FORMATS


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


def write_output(output: str | Iterable[str], output_format: str = "json") -> None:
    """Write a writer's output (a string or its pieces) to standard output and flush it."""
    pieces = [output] if isinstance(output, str) else output
    human = output_format in HUMAN_FORMATS or output_format == "markdown"
    try:
        if human:
            from kinship_evidence.reports.escaping import guard_workflow_commands

            for piece in pieces:
                sys.stdout.write(guard_workflow_commands(piece))
        else:
            for piece in pieces:
                sys.stdout.write(piece)
        sys.stdout.flush()
    except OSError as error:
        raise output_error(error) from None


def output_error(error: OSError) -> OutputError:
    if error.errno == errno.EPIPE:
        return OutputError("standard output was closed before all output was written")
    return OutputError(f"cannot write to standard output: {error.strerror or error}")

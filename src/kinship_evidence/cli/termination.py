"""SIGTERM ends a run the way Ctrl-C does: cleanup runs (temporary copies, half-written files).

Python's default for SIGTERM is to die on the spot, so ``finally`` blocks and
:class:`contextlib.ExitStack` callbacks never run and ``diff`` would leave its copy of a revision
in ``$TMPDIR``. The handler turns the signal into ``SystemExit(143)`` (128 + 15, as shells report
a process ended by SIGTERM), which unwinds the stack; the boundary lets ``SystemExit`` through.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from types import FrameType

from kinship_evidence.cli.exit_codes import ExitCode


def _terminate(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut cleanup short
    with contextlib.suppress(OSError, ValueError):  # stderr closed or gone: exit all the same
        sys.stderr.write("terminated\n")
    raise SystemExit(ExitCode.TERMINATED)


def exit_cleanly_on_sigterm() -> None:
    """Install the handler (only the main thread may; elsewhere nothing changes)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)

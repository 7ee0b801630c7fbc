"""Reading one data file: a regular file, at most a size cap, strict UTF-8 without a BOM.

Every refusal is a :class:`~kinship_evidence.findings.Finding`, never an exception.
"""

from __future__ import annotations

import os
import stat

from kinship_evidence.findings import Finding

MAX_FILE_BYTES = 1024 * 1024  # 1 MiB: a study record is a few kilobytes
_BOM = "\ufeff"


def finding(path: str, line: int, column: int, rule: str, message: str, field: str = "") -> Finding:
    return Finding(path=path, line=line, column=column, field=field, rule=rule, message=message)


def position_of_offset(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def read_text(path: str | os.PathLike[str], display: str, max_bytes: int = MAX_FILE_BYTES) -> str | Finding:
    """Read a regular file as strict UTF-8, refusing one above ``max_bytes`` without reading it."""
    try:
        # Non-blocking open: a named pipe (FIFO) would otherwise block until a writer appears.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            status = os.fstat(handle.fileno())
            if stat.S_ISDIR(status.st_mode):
                return finding(display, 1, 1, "file-unreadable", "is a directory, not a YAML file")
            if not stat.S_ISREG(status.st_mode):
                return finding(display, 1, 1, "file-unreadable", "is not a regular file")
            if status.st_size > max_bytes:
                return finding(display, 1, 1, "file-too-large", f"file is larger than the {max_bytes:,}-byte limit")
            raw = handle.read(status.st_size + 1)
    except IsADirectoryError:
        return finding(display, 1, 1, "file-unreadable", "is a directory, not a YAML file")
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        return finding(display, 1, 1, "file-unreadable", f"cannot read file: {reason}")
    if len(raw) > max_bytes:
        return finding(display, 1, 1, "file-too-large", f"file is larger than the {max_bytes:,}-byte limit")
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        line, column = position_of_offset(raw[: error.start].decode("utf-8", errors="replace"), error.start)
        return finding(
            display, line, column, "encoding", f"invalid UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded"
        )
    if text.startswith(_BOM):
        return finding(display, 1, 1, "encoding", "file starts with a byte-order mark; save it as UTF-8 without BOM")
    return text

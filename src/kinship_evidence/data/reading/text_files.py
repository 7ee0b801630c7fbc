"""Reading one data file: a regular file, at most a size cap, strict UTF-8 without a BOM.

Every refusal is a :class:`~kinship_evidence.findings.Finding`, never an exception.
"""

from __future__ import annotations

import os
import re
import stat
from bisect import bisect_right

from kinship_evidence.findings import Finding

MAX_FILE_BYTES = 1024 * 1024  # 1 MiB: a study record is a few kilobytes
_BOM = "\ufeff"


def finding(path: str, line: int, column: int, rule: str, message: str, field: str = "") -> Finding:
    return Finding(path=path, line=line, column=column, field=field, rule=rule, message=message)


# Lines as an editor shows them: ended by \n, \r\n or a lone \r (VS Code, Vim, Emacs and
# Notepad++ all break a line at a lone \r). PyYAML also breaks lines at NEL (U+0085), LINE
# SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029), which editors show inside a line, so
# its line and column are wrong after one; its character offset (``mark.index``) is right.
_LINE_END = re.compile(r"\r\n|\r|\n")
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


def position_of_offset(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of character ``offset`` in ``text``, as an editor counts them."""
    lines = text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    return lines + 1, offset - start + 1


class Positions:
    """Editor positions in one text, for PyYAML marks and character offsets."""

    def __init__(self, text: str) -> None:
        self._text = text
        # Without the three YAML-only breaks, PyYAML counts lines exactly as an editor does.
        self._yaml_counts_right = not any(char in text for char in _YAML_ONLY_BREAKS)
        self._starts: list[int] | None = None

    def of_mark(self, mark: object) -> tuple[int, int]:
        if self._yaml_counts_right or getattr(mark, "index", None) is None:
            return mark.line + 1, mark.column + 1  # type: ignore[attr-defined]
        return self.of_offset(mark.index)  # type: ignore[attr-defined]

    def of_offset(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = [0, *(match.end() for match in _LINE_END.finditer(self._text))]
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


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
        before = raw[: error.start].decode("utf-8")  # valid up to the bad byte
        line, column = position_of_offset(before, len(before))
        return finding(
            display, line, column, "encoding", f"invalid UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded"
        )
    if text.startswith(_BOM):
        return finding(display, 1, 1, "encoding", "file starts with a byte-order mark; save it as UTF-8 without BOM")
    return text

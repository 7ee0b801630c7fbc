"""Symbols of the human formats, with ASCII stand-ins for an output that cannot encode them.

A Windows code page, ``PYTHONIOENCODING=ascii`` or a latin-1 terminal cannot show box-drawing
characters, a tick or a diamond; the writers then use the ASCII column of :data:`SYMBOLS`.
"""

from __future__ import annotations

import codecs
import sys
from typing import TextIO

SYMBOLS: dict[str, tuple[str, str]] = {
    "tick": ("\u2713", "x"),
    "square": ("\u25a0", "#"),
    "diamond": ("\u25c6", "<>"),
    "arrow": ("\u2192", "->"),
    "dot": ("\u00b7", "."),
    "pass": ("\u2713", "+"),
    "fail": ("\u2717", "x"),
    "pooled": ("\u25c6", "*"),  # one column wide, for a plot row
    "certain": ("\u2295", "+"),  # GRADE's filled circle of certainty
    "uncertain": ("\u25ef", "o"),  # GRADE's open circle
}
_PROBE = "".join(unicode for unicode, _ in SYMBOLS.values()) + "\u2500\u2502\u250c\u2501\u2503"


def unicode_output(stream: TextIO | None = None) -> bool:
    """Whether ``stream`` (standard output by default) can encode the Unicode symbols."""
    stream = sys.stdout if stream is None else stream
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        codecs.encode(_PROBE, encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def symbol(name: str, unicode: bool | None = None) -> str:
    """The symbol ``name`` for standard output (or as asked)."""
    use_unicode = unicode_output() if unicode is None else unicode
    return SYMBOLS[name][0 if use_unicode else 1]

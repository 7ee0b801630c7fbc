"""What the forest and funnel figures share: matplotlib on demand, the style, text measuring, bytes out.

matplotlib (the optional ``plots`` extra) is imported inside the functions only (Agg, no pyplot,
no global state changed), so no other command pays for it. Output is deterministic: a fixed
font, a fixed SVG hash salt, no dates. SVG keeps its text as ``<text>`` elements
(``svg.fonttype = "none"``), so a reader can select, search and copy every label; PDF embeds
the font as TrueType (``pdf.fonttype = 42``), which keeps it searchable too.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from kinship_evidence.errors import UsageError

PLOT_FORMATS = ("svg", "png", "pdf")
INSTALL_HINT = "install kinship-evidence[plots]"
FONT = "DejaVu Sans"
RC = {
    "font.family": FONT, "font.size": 9, "svg.hashsalt": "kinship-evidence",
    "svg.fonttype": "none", "pdf.fonttype": 42, "axes.unicode_minus": False,
}
_METADATA: dict[str, dict[str, None]] = {
    "svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}, "png": {"Software": None},
}
PNG_DPI = 150


class PlottingUnavailable(UsageError):
    """matplotlib (the ``plots`` extra) is not installed."""


def require_matplotlib() -> Any:
    """The matplotlib package; :class:`PlottingUnavailable` (a usage error) when it is missing."""
    try:
        import matplotlib
        from matplotlib.figure import Figure  # noqa: F401
    except ImportError as error:
        if getattr(error, "name", None) == "matplotlib":
            raise PlottingUnavailable(f"plots need matplotlib, which is not installed: {INSTALL_HINT}") from None
        raise _broken(error) from None
    except Exception as error:  # a broken install raises anything while it imports
        raise _broken(error) from None
    return matplotlib


def _broken(error: BaseException) -> PlottingUnavailable:
    """matplotlib is there but does not import (a half-installed or mismatched package): the user's to fix."""
    return PlottingUnavailable(
        f"plots need matplotlib, which is installed but fails to import "
        f"({error.__class__.__name__}: {error}); reinstall it: {INSTALL_HINT}"
    )


def check_format(plot_format: str) -> None:
    if plot_format not in PLOT_FORMATS:
        raise ValueError(f"unknown plot format {plot_format!r}")


def figure_bytes(fig: Any, plot_format: str) -> bytes:
    """The figure as ``plot_format`` bytes (no date or software stamp)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format=plot_format, metadata=_METADATA[plot_format], dpi=PNG_DPI)
    data = buffer.getvalue()
    if plot_format == "svg":  # a viewer without DejaVu Sans takes Verdana (near enough its metrics), then any sans-serif
        data = data.replace(b"font-family: 'DejaVu Sans'", b"font-family: 'DejaVu Sans', Verdana, sans-serif")
    return data


@lru_cache(maxsize=65536)
def _word_width(word: str, size: float, bold: bool) -> float:
    """The width of one space-free piece of text, measured by matplotlib (a shaping call: slow)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    width, _, _ = text_to_path.get_text_width_height_descent(word, prop, ismath=False)
    return float(width)


def text_width(text: str, size: float = 9.0, bold: bool = False) -> float:
    """The width of ``text`` in points, set in the plots' font at ``size`` points.

    The sum of its words' widths and its spaces' (each word measured once): the plots' font
    kerns no pair with a space, so this equals measuring the whole text (a test compares them),
    and a 10,000-row plot measures each distinct word once instead of every label whole.
    """
    words = text.split(" ")
    return sum(_word_width(word, size, bold) for word in words if word) + (len(words) - 1) * _word_width(" ", size, bold)


#: How a wrapped line's continuation lines start.
INDENT = "    "


def wrap_to(text: str, width: float, size: float = 8.0) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` points (a longer word stands alone)."""
    space = _word_width(" ", size, False)
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in text.split(" "):
        added = _word_width(word, size, False) if word else 0.0
        if current and used + space + added > width:
            lines.append(" ".join(current))
            current, used = [INDENT + word], len(INDENT) * space + added  # continuation lines are indented
        else:
            used += (space if current else 0.0) + added
            current.append(word)
    return [*lines, " ".join(current)] if current else lines

"""``explain --plot FILE``: the format from FILE's suffix, checked before any work, and the plot written.

The file is written by the one writer of user-named files
(:mod:`kinship_evidence.workflows.project.output_files`): complete or unchanged, no temporary
file left, a device or FIFO written through, a symlink followed, the replaced file's mode kept.
"""

from __future__ import annotations

from pathlib import Path

from kinship_evidence.errors import UsageError
from kinship_evidence.reports.forest.figure import PLOT_FORMATS
from kinship_evidence.workflows.project.output_files import UnwritableFile, is_standard_output, write_file


def plot_format(path: Path) -> str:
    """``svg``, ``png`` or ``pdf`` from ``path``'s suffix; a usage error for any other."""
    if is_standard_output(path):
        raise UnwritableFile("--plot -: standard output carries the explanation; name a file ending .svg, .png or .pdf")
    chosen = path.suffix.lower().removeprefix(".")
    if chosen not in PLOT_FORMATS:
        raise UnwritableFile(
            f"--plot {path}: the file's suffix chooses the format; use .svg, .png or .pdf (got {path.suffix or 'no suffix'!r})"
        )
    return chosen


def check_plot_target(path: Path) -> str:
    """The plot format of ``path``, once it is known that matplotlib can draw it."""
    from kinship_evidence.reports.forest.figure import require_matplotlib

    chosen = plot_format(path)
    require_matplotlib()
    return chosen


class NothingToPlot(UsageError):
    """``explain --plot`` for a recommendation with no outcome domain pooled by meta-analysis."""


def write_forest_plot(explained: list, path: Path) -> int:
    """Draw the forest plot of every pooled domain of ``explained`` into ``path``; the number of panels."""
    from kinship_evidence.reports.forest.figure import render
    from kinship_evidence.reports.forest.rows import explained_panels

    chosen = plot_format(path)
    panels = explained_panels(explained)
    if not panels:
        rec = explained[0][1].recommendation
        raise NothingToPlot(
            f"no forest plot for recommendation {rec.number} ({rec.id}): none of its outcome domains "
            f"was pooled by meta-analysis (that needs two or more studies on one scale); {path} not written"
        )
    write_file(path, render(panels, chosen))
    return len(panels)

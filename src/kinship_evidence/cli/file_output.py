"""``explain --plot FILE`` / ``--funnel FILE``: the format from FILE's suffix, checked before any
work, and the plot drawn (written by the caller once the explanation is sure to succeed).

Every file is written by the one writer of user-named files
(:mod:`kinship_evidence.workflows.project.output_files`): complete or unchanged, no temporary
file left, a device or FIFO written through, a symlink followed, the replaced file's mode kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kinship_evidence.errors import UsageError
from kinship_evidence.reports.forest.drawing import PLOT_FORMATS
from kinship_evidence.workflows.project.output_files import FileExists, UnwritableFile, is_standard_output, write_file

# the one writer, re-exported for the commands
__all__ = ["FileExists", "NothingToPlot", "UnwritableFile", "check_plot_target", "forest_plot", "funnel_plot", "plot_format", "write_file"]


def plot_format(path: Path, option: str = "--plot") -> str:
    """``svg``, ``png`` or ``pdf`` from ``path``'s suffix; a usage error for any other."""
    if is_standard_output(path):
        raise UnwritableFile(f"{option} -: standard output carries the explanation; name a file ending .svg, .png or .pdf")
    chosen = path.suffix.lower().removeprefix(".")
    if chosen not in PLOT_FORMATS:
        raise UnwritableFile(
            f"{option} {path}: the file's suffix chooses the format; use .svg, .png or .pdf (got {path.suffix or 'no suffix'!r})"
        )
    return chosen


def check_plot_target(path: Path, option: str = "--plot") -> str:
    """The plot format of ``path``, once it is known that matplotlib can draw it."""
    from kinship_evidence.reports.forest.drawing import require_matplotlib

    chosen = plot_format(path, option)
    require_matplotlib()
    return chosen


class NothingToPlot(UsageError):
    """``explain --plot`` (or ``--funnel``) for a recommendation with nothing to draw."""


def forest_plot(explained: list[Any], path: Path) -> tuple[bytes, int]:
    """The forest plot of every domain of ``explained`` with a study with numbers, for ``path``; its panels.

    A pooled domain is drawn with its diamond; a single study or a narrative synthesis without one.
    """
    from kinship_evidence.reports.forest.figure import render
    from kinship_evidence.reports.forest.panels import explained_panels

    chosen = plot_format(path)
    panels = explained_panels(explained)
    if not panels:
        rec = explained[0][1].recommendation
        raise NothingToPlot(
            f"no forest plot for recommendation {rec.number} ({rec.id}): no study of its outcome domains "
            f"gives numbers for an effect size (only reported findings, or no eligible study); {path} not written"
        )
    return render(panels, chosen), len(panels)


def funnel_plot(explained: list[Any], path: Path) -> tuple[bytes, int, list[str]]:
    """The funnel plot of every domain of ``explained`` pooled from 10 or more studies; its panels; the others and why."""
    from kinship_evidence.reports.forest.funnel import MIN_STUDIES, funnel_panels, render_funnel

    chosen = plot_format(path, "--funnel")
    panels, skipped = funnel_panels(explained)
    if not panels:
        rec = explained[0][1].recommendation
        raise NothingToPlot(
            f"no funnel plot for recommendation {rec.number} ({rec.id}): a funnel plot needs at least {MIN_STUDIES} "
            f"pooled studies (Sterne et al. 2011, BMJ 343:d4002); {'; '.join(skipped) or 'no outcome domain'}; {path} not written"
        )
    return render_funnel(panels, chosen), len(panels), skipped

"""Writing the files a user names (a plot, a report page, --output FILE): complete or not at all, no temporary file left.

The bytes go to a temporary file in the target's folder and are flushed to disk; then
``os.replace`` puts a plot in place (a plot the user asked for by name is replaced: the
documented behaviour), and ``os.link`` puts a report page in place only when none is there
(``--force`` replaces it). The temporary file is removed on every path.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from kinship_evidence.errors import UsageError
from kinship_evidence.reports.forest.drawing import PLOT_FORMATS


class UnwritableFile(UsageError):
    """A file the user named that cannot be written (or, for --plot and --funnel, whose suffix names no format)."""


def plot_format(path: Path, option: str = "--plot") -> str:
    """``svg``, ``png`` or ``pdf`` from ``path``'s suffix; a usage error for any other."""
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


def _temporary_copy(path: Path, data: bytes) -> str:
    """A flushed temporary file holding ``data`` in ``path``'s folder (its name); the caller removes it."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UnwritableFile(f"cannot write {path}: folder {folder} does not exist")
    try:
        handle = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    except OSError as error:
        raise UnwritableFile(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with handle:
            handle.write(data)
            os.fchmod(handle.fileno(), 0o644)  # a temporary file is private; the user's file is not
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(handle.name)
        raise
    return handle.name


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` completely or not at all, replacing a file already there."""
    temporary = _temporary_copy(path, data)
    try:
        os.replace(temporary, path)
    except OSError as error:
        raise UnwritableFile(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)

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


class FileExists(UsageError):
    """A file the command would create exists already (and replacing it was not asked for)."""


def create_file(path: Path, data: bytes, replace: bool = False) -> None:
    """Write ``data`` to a new ``path`` (temporary file, then a hard link into place); refuse if it exists.

    With ``replace``, an existing file is replaced instead (:func:`replace_file`).
    """
    if replace:
        replace_file(path, data)
        return
    temporary = _temporary_copy(path, data)
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise FileExists(f"{path} already exists; it was left unchanged (pass --force to replace it)") from None
    except OSError as error:
        raise UnwritableFile(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        os.unlink(temporary)


@contextmanager
def replaced_text_file(path: Path) -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` when the block ends without an error.

    ``--output FILE``: the text goes to a temporary file in FILE's folder, is flushed to disk
    and renamed over FILE (a file the user named is replaced: the documented behaviour). On any
    error, Ctrl-C or SIGTERM the temporary file is removed and FILE is left as it was.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UnwritableFile(f"cannot write {path}: folder {folder} does not exist")
    if path.is_dir():
        raise UnwritableFile(f"cannot write {path}: it is a folder")
    try:
        handle = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", errors="backslashreplace", newline="", dir=folder,
            prefix=f".{path.name}.", suffix=".tmp", delete=False,
        )
    except OSError as error:
        raise UnwritableFile(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with handle:
            yield handle
            handle.flush()
            os.fchmod(handle.fileno(), 0o644)
            os.fsync(handle.fileno())
        try:
            os.replace(handle.name, path)
        except OSError as error:
            raise UnwritableFile(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        if os.path.exists(handle.name):
            os.unlink(handle.name)

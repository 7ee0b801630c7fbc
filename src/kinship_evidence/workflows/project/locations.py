"""Where the dataset is when the user does not say, and how a summary names it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[2]

BUNDLED_DESCRIPTION = "the dataset bundled with kinship-evidence"


def bundled_data_dir() -> Path:
    """The dataset shipped in the wheel, or the repository's ``data/`` in a source checkout."""
    packaged = _PACKAGE / "bundled_data"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parents[1] / "data"


@dataclass(frozen=True, slots=True)
class DataSource:
    """The dataset folder a command reads, and where that choice came from."""

    root: Path
    config: Path | None = None  # the configuration file that named it
    bundled: bool = False

    def describe(self) -> str:
        """``dataset: data/, from pyproject.toml``, or the bundled dataset in words."""
        if self.bundled:
            return BUNDLED_DESCRIPTION
        shown = f"{self.root}" if str(self.root).endswith("/") else f"{self.root}/"
        return f"dataset: {shown}" + (f", from {self.config}" if self.config is not None else "")


def data_source(given: Path | None, configured: Path | None = None, config: Path | None = None) -> DataSource:
    """``given`` (``--data``), else the configuration's ``data``, else ``./data``, else the bundled dataset."""
    if given is not None:
        return DataSource(given)
    if configured is not None:
        return DataSource(configured, config)
    local = Path("data")
    if local.is_dir():
        return DataSource(local)
    return DataSource(bundled_data_dir(), bundled=True)

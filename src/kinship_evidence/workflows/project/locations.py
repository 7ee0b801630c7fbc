"""Where the dataset is when the user does not say, and how a summary names it."""

from __future__ import annotations

from pathlib import Path

from kinship_evidence.errors import NoDataset
from kinship_evidence.frozen import frozen

_PACKAGE = Path(__file__).resolve().parents[2]

BUNDLED_DESCRIPTION = "the dataset bundled with kinship-evidence"

GATE_COMMANDS: tuple[str, ...] = ("check", "validate", "diff")
"""Commands a CI job gates on: they never fall back to the bundled dataset (a job run in the
wrong folder must fail, not check the tool's own data and pass)."""


def bundled_data_dir() -> Path:
    """The dataset shipped in the wheel, or the repository's ``data/`` in a source checkout."""
    packaged = _PACKAGE / "bundled_data"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parents[1] / "data"


@frozen(slots=True)
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


def no_dataset_message(command: str) -> str:
    """What a gate command looked for, and how to point it at a dataset."""
    return (
        f"{command}: no dataset to check: no --data DIR was given, no configuration names one"
        " (kinship-evidence.toml, or [tool.kinship-evidence] in pyproject.toml, in this folder or one above it)"
        " and there is no ./data folder; point at the dataset with --data DIR, or write data = \"DIR\" in the"
        f" configuration ({command} never falls back to the dataset bundled with kinship-evidence)"
    )


def data_source(
    given: Path | None, configured: Path | None = None, config: Path | None = None, command: str | None = None
) -> DataSource:
    """``given`` (``--data``), else the configuration's ``data``, else ``./data``, else the bundled dataset.

    A gate command (:data:`GATE_COMMANDS`) raises :class:`~kinship_evidence.errors.NoDataset`
    instead of reading the bundled dataset.
    """
    if given is not None:
        return DataSource(given)
    if configured is not None:
        return DataSource(configured, config)
    local = Path("data")
    if local.is_dir():
        return DataSource(local)
    if command in GATE_COMMANDS:
        raise NoDataset(no_dataset_message(command))
    return DataSource(bundled_data_dir(), bundled=True)

"""Where the dataset is when the user does not say."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def bundled_data_dir() -> Path:
    """The dataset shipped in the wheel, or the repository's ``data/`` in a source checkout."""
    packaged = _PACKAGE / "bundled_data"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parents[1] / "data"


def default_data_dir() -> Path:
    """``./data`` when it exists, otherwise the bundled dataset."""
    local = Path("data")
    return local if local.is_dir() else bundled_data_dir()

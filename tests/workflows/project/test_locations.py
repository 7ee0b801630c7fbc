"""Which dataset a command reads: --data, else the configuration's, else ./data, else the bundled one."""

from __future__ import annotations

from pathlib import Path

from kinship_evidence.workflows.project.locations import BUNDLED_DESCRIPTION, data_source


def test_precedence_and_descriptions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bundled = data_source(None)
    assert bundled.bundled and bundled.describe() == BUNDLED_DESCRIPTION
    (tmp_path / "data").mkdir()
    assert data_source(None).describe() == "dataset: data/"
    configured = data_source(None, Path("../evidence"), Path("../pyproject.toml"))
    assert configured.describe() == "dataset: ../evidence/, from ../pyproject.toml"
    assert data_source(Path("other"), Path("../evidence"), Path("../pyproject.toml")).describe() == "dataset: other/"


def test_gate_commands_falling_back_to_the_bundled_dataset_is_fixed(tmp_path, monkeypatch):
    import pytest

    from kinship_evidence.errors import NoDataset, UsageError
    from kinship_evidence.workflows.project.locations import GATE_COMMANDS

    monkeypatch.chdir(tmp_path)
    assert set(GATE_COMMANDS) == {"check", "validate", "diff"}
    for command in GATE_COMMANDS:
        with pytest.raises(NoDataset, match="--data DIR") as raised:
            data_source(None, command=command)
        assert issubclass(type(raised.value), UsageError)
        assert "./data" in str(raised.value) and "bundled" in str(raised.value)
    assert data_source(None, command="rate").bundled  # a reading command keeps the fallback
    (tmp_path / "data").mkdir()
    assert data_source(None, command="check").describe() == "dataset: data/"

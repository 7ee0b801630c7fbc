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

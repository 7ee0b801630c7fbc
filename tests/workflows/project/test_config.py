"""The project configuration: found upwards as ruff finds its own, validated strictly, relative data."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinship_evidence.workflows.project.config import Config, ConfigError, find_config, load_config, parse_config

CHOICES = {"check": ("text", "json", "github"), "rate": ("table", "json", "csv", "markdown")}


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_found_from_a_subfolder_and_data_is_relative_to_the_file(tmp_path, monkeypatch):
    _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.kinship-evidence]\ndata = "evidence"\nestimator = "dl"\n'
           'format = {check = "github", rate = "json"}\nstrict = true\ncolor = "never"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    config = load_config(CHOICES)
    assert config.path == Path("../../pyproject.toml")
    assert config.data == Path("../../evidence")
    assert (config.estimator, config.strict, config.color) == ("dl", True, "never")
    assert config.formats == {"check": "github", "rate": "json"}


def test_a_pyproject_without_the_table_is_passed_over(tmp_path):
    _write(tmp_path / "kinship-evidence.toml", 'framework = "title-iv-e-psc"\n')
    _write(tmp_path / "inner" / "pyproject.toml", '[tool.ruff]\nline-length = 100\n')
    path, _, table = find_config(tmp_path / "inner")
    assert path == (tmp_path / "kinship-evidence.toml").resolve() and table == {"framework": "title-iv-e-psc"}


def test_the_nearest_folder_wins_and_its_own_file_before_pyproject(tmp_path):
    _write(tmp_path / "kinship-evidence.toml", 'framework = "outer"\n')
    _write(tmp_path / "inner" / "pyproject.toml", '[tool.kinship-evidence]\nframework = "pyproject"\n')
    _write(tmp_path / "inner" / "kinship-evidence.toml", 'framework = "own"\n')
    assert find_config(tmp_path / "inner")[2] == {"framework": "own"}
    (tmp_path / "inner" / "kinship-evidence.toml").unlink()
    assert find_config(tmp_path / "inner")[2] == {"framework": "pyproject"}


def test_no_configuration_gives_empty_settings(tmp_path):
    assert find_config(tmp_path) is None and load_config(CHOICES, tmp_path) == Config()


def test_an_unknown_key_names_its_line_and_the_key_meant(tmp_path):
    path = _write(tmp_path / "pyproject.toml", '[tool.other]\ncolour = 1\n\n[tool.kinship-evidence]\nstrict = false\ncolour = "never"\n')
    with pytest.raises(ConfigError) as raised:
        parse_config(path, path.read_text(), {"strict": False, "colour": "never"}, CHOICES)
    assert str(raised.value).endswith(
        ":6:1: tool.kinship-evidence.colour: unknown key; known: data, framework, estimator, ci, prediction, "
        "format, strict, color; did you mean 'color'?"
    )


@pytest.mark.parametrize(
    ("text", "table", "expected"),
    [
        ('estimator = "REML"\n', {"estimator": "REML"}, "1:1: estimator: 'REML' is not one of reml, dl, pm; did you mean 'reml'?"),
        ('strict = "yes"\n', {"strict": "yes"}, "1:1: strict: must be true or false, got 'yes'"),
        ('format = {check = "markdwn"}\n', {"format": {"check": "markdwn"}}, "1:11: format.check: 'markdwn' is not one of text, json, github"),
        ('format = {chek = "json"}\n', {"format": {"chek": "json"}}, "1:11: format.chek: no command 'chek' with a --format; known: check, rate; did you mean 'check'?"),
        ('data = ""\n', {"data": ""}, "1:1: data: must be a non-empty string, got ''"),
    ],
)
def test_bad_values_are_usage_errors_with_positions(tmp_path, text, table, expected):
    path = _write(tmp_path / "kinship-evidence.toml", text)
    with pytest.raises(ConfigError) as raised:
        parse_config(path, text, table, CHOICES)
    assert str(raised.value).endswith("kinship-evidence.toml:" + expected)


def test_invalid_toml_is_a_usage_error(tmp_path):
    _write(tmp_path / "kinship-evidence.toml", "data = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        find_config(tmp_path)


def test_a_configured_data_folder_that_is_missing_not_naming_the_configuration_is_fixed(tmp_path):
    """Issue 22, item 13: an error about a value from the configuration says it came from there."""
    import subprocess
    import sys

    import kinship_evidence

    (tmp_path / "pyproject.toml").write_text('[tool.kinship-evidence]\ndata = "evidence"\n', encoding="utf-8")
    source = str(Path(kinship_evidence.__file__).resolve().parents[1])
    result = subprocess.run(
        [sys.executable, "-m", "kinship_evidence", "check"], cwd=tmp_path, capture_output=True, text=True,
        env={"PYTHONPATH": source, "PATH": "/usr/bin:/bin"}, timeout=60,
    )
    assert result.returncode == 2
    assert "dataset folder not found: evidence (the data of pyproject.toml)" in result.stderr

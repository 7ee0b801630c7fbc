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
    assert result.stderr == (
        "error: dataset folder not found: evidence (from pyproject.toml:2:1, tool.kinship-evidence.data);"
        " correct data there, or give --data DIR\n"
    )


def test_every_problem_of_the_table_is_reported_in_one_round_each_at_its_place(tmp_path, monkeypatch):
    """Issue 22, item 13: the first bad key once hid the others (one fix, one run, the next error)."""
    monkeypatch.chdir(tmp_path)
    text = (
        '[tool.kinship-evidence]\ncolour = "never"\nestimator = "REML"\nformat = {chek = "json", rate = "markdwn"}\n'
        'strict = "yes"\nframework = "title-iv-e-psc"\n'
    )
    path = _write(tmp_path / "pyproject.toml", text)
    table = {"colour": "never", "estimator": "REML", "format": {"chek": "json", "rate": "markdwn"}, "strict": "yes",
             "framework": "title-iv-e-psc"}
    with pytest.raises(ConfigError) as raised:
        parse_config(path, text, table, CHOICES)
    assert list(raised.value.problems) == [
        "pyproject.toml:2:1: tool.kinship-evidence.colour: unknown key; known: data, framework, estimator, ci, prediction, format, strict, color; did you mean 'color'?",
        "pyproject.toml:3:1: tool.kinship-evidence.estimator: 'REML' is not one of reml, dl, pm; did you mean 'reml'?",
        "pyproject.toml:4:11: tool.kinship-evidence.format.chek: no command 'chek' with a --format; known: check, rate; did you mean 'check'?",
        "pyproject.toml:4:26: tool.kinship-evidence.format.rate: 'markdwn' is not one of table, json, csv, markdown; did you mean 'markdown'?",
        "pyproject.toml:5:1: tool.kinship-evidence.strict: must be true or false, got 'yes'",
    ]
    assert str(raised.value) == "\n".join(raised.value.problems)


def test_a_valid_configuration_says_where_each_of_its_keys_stands(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = '[project]\nname = "x"\n\n[tool.kinship-evidence]\n# the dataset\ndata = "evidence"\n  framework = "title-iv-e-psc"\n'
    path = _write(tmp_path / "pyproject.toml", text)
    config = parse_config(path, text, {"data": "evidence", "framework": "title-iv-e-psc"}, CHOICES)
    assert config.origins == {
        "data": "pyproject.toml:6:1, tool.kinship-evidence.data", "framework": "pyproject.toml:7:3, tool.kinship-evidence.framework",
    }
    own = _write(tmp_path / "kinship-evidence.toml", 'strict = true\ndata = "evidence"\n')
    assert parse_config(own, own.read_text(), {"strict": True, "data": "evidence"}, CHOICES).origins["data"] == "kinship-evidence.toml:2:1, data"


def test_a_look_alike_character_in_a_configuration_key_is_shown_escaped(tmp_path):
    text = 'c\u043elor = "never"\n'
    path = _write(tmp_path / "kinship-evidence.toml", text)
    with pytest.raises(ConfigError) as raised:
        parse_config(path, text, {"c\u043elor": "never"}, CHOICES)
    assert str(raised.value).endswith(
        "did you mean 'color'? 'c\\u043elor' differs from 'color' only in look-alike characters:"
        " U+043E CYRILLIC SMALL LETTER O where 'o' is expected"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('data = evidence\n', "1:8: not valid TOML: invalid value; quote the value: data = \"evidence\""),
        ('strict = true\n\nframework = title-iv-e-psc # the PSC\n',
         "3:13: not valid TOML: invalid value; quote the value: framework = \"title-iv-e-psc\""),
        ('format = {check = github}\n', "1:19: not valid TOML: invalid value; quote the value: \"github\""),
        ('strict = True\n', "1:10: not valid TOML: invalid value; write true (lower case, no quotes)"),
        ('data = \n', "1:8: not valid TOML: invalid value; give a value after '=' (a string in quotes, e.g. \"evidence\")"),
        ('data = "a"\ndata = "b"\n', "2:11: not valid TOML: cannot overwrite a value; the key is given twice: keep one"),
        ('data = "evidence\n', "1:17: not valid TOML: illegal character '\\n'; close the string's quotes on the same line"),
        ("strict = true\ncolor = 'never\n", "2:15: not valid TOML: expected \"'\"; close the string's quotes on the same line"),
        ('data "a"\n', "1:6: not valid TOML: expected '=' after a key in a key/value pair; write key = value"),
        ('data = "a" b = 1\n', "1:12: not valid TOML: expected newline or end of document after a statement"),
    ],
)
def test_a_toml_syntax_error_is_at_its_line_and_column_with_the_fix(tmp_path, monkeypatch, text, expected):
    """Issue 22, item 13: tomllib's "(at line 1, column 8)" suffix becomes the place in front, with a hint."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "kinship-evidence.toml", text)
    with pytest.raises(ConfigError) as raised:
        find_config(tmp_path)
    assert str(raised.value) == f"kinship-evidence.toml:{expected}"


def test_a_toml_error_with_its_place_as_attributes_is_read_from_them():
    """Python 3.14's TOMLDecodeError has msg, lineno and colno; the message has the place too."""
    from kinship_evidence.workflows.project.toml_errors import syntax_error

    class Newer(ValueError):
        msg, lineno, colno = "Invalid value", 2, 5

    assert syntax_error(Newer("Invalid value (at line 2, column 5)"), "x = 1\ny = no\n") == (
        "2:5: not valid TOML: invalid value; write false (lower case, no quotes)"
    )

"""Conventions of ruff, yamllint and pytest on every command: -h/-V, --quiet, --output, --strict,
--exit-zero, --color, plain --format errors, help without Python types, the configuration."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from kinship_evidence import __version__

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
COMMANDS = [
    "validate", "check", "rate", "explain", "robustness", "diff", "frameworks", "schema", "new", "report", "recommendations",
]
PYTHON_TYPES = re.compile(r"<[a-z]|\blist\[|\b(str|bool|int|Path|NoneType)\b|\{[a-z_]+\}|\{[A-Z]+\}")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_python_type(rating_cli, command):
    result = rating_cli(command, "-h")
    assert result.exit_code == 0, result.stderr
    assert "Usage:" in result.stdout
    assert not PYTHON_TYPES.search(result.stdout), result.stdout


def test_root_help_and_version_short_forms(rating_cli):
    assert rating_cli("-h").stdout == rating_cli("--help").stdout
    assert rating_cli("-V").stdout == f"kinship-evidence {__version__}\n"


def test_a_bad_format_reads_plainly(rating_cli):
    result = rating_cli("check", "--data", DATA, "--format", "josn")
    assert result.exit_code == 2
    assert "error: --format: 'josn' is not one of text, json, github, markdown; did you mean 'json'?" in result.stderr
    assert "Value error" not in result.stderr + result.stdout


def test_a_bad_estimator_reads_plainly(rating_cli):
    result = rating_cli("rate", "--data", DATA, "--estimator", "REML")
    assert result.exit_code == 2 and "--estimator: 'REML' is not one of reml, dl, pm; did you mean 'reml'?" in result.stderr


def test_quiet_drops_the_summary_but_not_the_findings(validation_kit):
    loud = validation_kit.run_cli("validate", "--data", DATA)
    quiet = validation_kit.run_cli("validate", "--data", DATA, "-q")
    assert loud.stderr.startswith("0 errors, 1 warning in ") and "(dataset: " in loud.stderr
    assert quiet.stderr == "" and quiet.stdout == loud.stdout != ""


def test_strict_and_exit_zero(validation_kit):
    """The bundled dataset has one warning: exit 0, 1 with --strict, 0 with --strict --exit-zero."""
    assert validation_kit.run_cli("validate", "--data", DATA).returncode == 0
    assert validation_kit.run_cli("validate", "--data", DATA, "--strict").returncode == 1
    assert validation_kit.run_cli("validate", "--data", DATA, "--strict", "--exit-zero").returncode == 0
    drift = Path(__file__).resolve().parent / "fixtures" / "published-differs"
    assert validation_kit.run_cli("check", "--data", drift).returncode == 1  # rating drift: an error
    assert validation_kit.run_cli("check", "--data", drift, "--exit-zero").returncode == 0
    assert validation_kit.run_cli("check", "--data", DATA).returncode == 0  # warnings only
    assert validation_kit.run_cli("check", "--data", DATA, "--strict").returncode == 1


def test_output_replaces_the_file_atomically_and_leaves_no_temporary_file(tmp_path, validation_kit):
    target = tmp_path / "ratings.json"
    target.write_text("old")
    result = validation_kit.run_cli("rate", "--data", DATA, "-f", "json", "-o", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and json.loads(target.read_text())["framework"] == "foundations-kinship-2024"
    assert sorted(os.listdir(tmp_path)) == ["ratings.json"]


def test_output_into_a_missing_folder_is_a_usage_error(tmp_path, validation_kit):
    result = validation_kit.run_cli("check", "--data", DATA, "-o", tmp_path / "nowhere" / "x.txt")
    assert result.returncode == 2 and "folder" in result.stderr and not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        (["--color", "always"], {}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ([], {}, False),  # not a terminal
    ],
)
def test_color(validation_kit, args, env, coloured):
    environment = {"NO_COLOR": "", "FORCE_COLOR": "", **env}
    result = validation_kit.run_cli("rate", "--data", DATA, *args, env=environment)
    assert result.returncode == 0, result.stderr
    assert ("\x1b[" in result.stdout) is coloured


def test_the_configuration_chooses_data_format_and_strict(tmp_path, valid_dataset, validation_kit):
    """Options override it; the summary names the dataset and the file that chose it."""
    evidence = valid_dataset.rename(tmp_path / "evidence")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.kinship-evidence]\ndata = "evidence"\nformat = {validate = "json"}\n', encoding="utf-8"
    )
    sub = tmp_path / "sub"
    sub.mkdir()
    result = validation_kit.run_cli("validate", cwd=sub)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert result.stderr.strip().endswith("(dataset: ../evidence/, from ../pyproject.toml)")
    text = validation_kit.run_cli("validate", "--format", "text", "--data", evidence, cwd=sub)
    assert text.stdout == "" and f"(dataset: {evidence}/)" in text.stderr


def test_a_bad_configuration_is_a_usage_error(tmp_path, validation_kit):
    (tmp_path / "kinship-evidence.toml").write_text('strict = true\nestimater = "dl"\n', encoding="utf-8")
    result = validation_kit.run_cli("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: kinship-evidence.toml:2:1: estimater: unknown key; ")
    assert "did you mean 'estimator'?" in result.stderr


def test_all_problems_of_the_configuration_come_in_one_round_each_on_its_own_error_line(tmp_path, validation_kit):
    """Issue 22, item 13: each problem at file:line:col, a line each, exit 2."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.kinship-evidence]\ncolour = "never"\nci = "hksj-adhok"\nstrict = 1\n', encoding="utf-8"
    )
    result = validation_kit.run_cli("rate", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: pyproject.toml:2:1: tool.kinship-evidence.colour: unknown key; known: data, framework, estimator, ci,"
        " prediction, format, strict, color; did you mean 'color'?",
        "error: pyproject.toml:3:1: tool.kinship-evidence.ci: 'hksj-adhok' is not one of wald, hksj, hksj-adhoc;"
        " did you mean 'hksj-adhoc'?",
        "error: pyproject.toml:4:1: tool.kinship-evidence.strict: must be true or false, got 1",
    ]


def test_a_configuration_that_is_not_valid_toml_is_at_its_line_and_column(tmp_path, validation_kit):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.kinship-evidence]\nframework = title-iv-e-psc\n', encoding="utf-8"
    )
    result = validation_kit.run_cli("check", "--data", "x", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        'error: pyproject.toml:5:13: not valid TOML: invalid value; quote the value: framework = "title-iv-e-psc"\n'
    )


KNOWN_FRAMEWORKS = "known: foundations-kinship-2024, foundations-pta-2025, title-iv-e-psc (or 'all')"


def test_an_unknown_framework_from_the_configuration_says_where_it_was_set(tmp_path, validation_kit):
    """Issue 22, item 13: the error names the configuration's line, not only the value."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.kinship-evidence]\nframework = "title-iv-e-pcs"\n', encoding="utf-8"
    )
    result = validation_kit.run_cli("rate", "--data", DATA, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "error: unknown framework 'title-iv-e-pcs' (from pyproject.toml:5:1, tool.kinship-evidence.framework);"
        f" {KNOWN_FRAMEWORKS}; did you mean 'title-iv-e-psc'?\n"
    )
    given = validation_kit.run_cli("rate", "--data", DATA, "--framework", "title-iv-e-pcs", cwd=tmp_path)
    assert given.returncode == 2
    assert given.stderr == f"error: unknown framework 'title-iv-e-pcs'; {KNOWN_FRAMEWORKS}; did you mean 'title-iv-e-psc'?\n"


def test_a_configured_framework_with_a_look_alike_hyphen_is_shown_escaped_with_its_origin(tmp_path, validation_kit):
    (tmp_path / "kinship-evidence.toml").write_text('strict = true\nframework = "title-iv-e\u2010psc"\n', encoding="utf-8")
    result = validation_kit.run_cli("check", "--data", DATA, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "error: unknown framework 'title-iv-e\\u2010psc' (from kinship-evidence.toml:2:1, framework);"
        f" {KNOWN_FRAMEWORKS}; did you mean 'title-iv-e-psc'?"
        " 'title-iv-e\\u2010psc' differs from 'title-iv-e-psc' only in look-alike characters: U+2010 HYPHEN where '-' is expected\n"
    )


def test_a_configured_data_path_that_is_a_file_says_where_it_was_set(tmp_path, validation_kit):
    (tmp_path / "kinship-evidence.toml").write_text('strict = true\ndata = "evidence"\n', encoding="utf-8")
    (tmp_path / "evidence").write_text("not a folder\n", encoding="utf-8")
    result = validation_kit.run_cli("rate", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "error: dataset folder not found: evidence (from kinship-evidence.toml:2:1, data); correct data there, or give --data DIR\n"
    )
    given = validation_kit.run_cli("rate", "--data", "evidence", cwd=tmp_path)
    assert given.returncode == 2 and given.stderr == "error: dataset folder not found: evidence\n"


def test_without_configuration_or_data_the_bundled_dataset_is_named(tmp_path, validation_kit):
    result = validation_kit.run_cli("rate", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0 and "(the dataset bundled with kinship-evidence)" in result.stderr


def test_check_as_a_markdown_table(validation_kit):
    drift = Path(__file__).resolve().parent / "fixtures" / "published-differs"
    result = validation_kit.run_cli("check", "--data", drift, "-f", "markdown")
    assert result.returncode == 1
    header, rule, row = result.stdout.splitlines()
    assert header == "| Place | Severity | Field | Message | Rule |" and rule.startswith("| --- |")
    assert row.startswith("| `") and row.endswith("| `rating-drift` |") and "| error |" in row


def test_options_override_the_configured_methods_and_format(tmp_path, validation_kit):
    (tmp_path / "kinship-evidence.toml").write_text(
        f'data = "{DATA}"\nestimator = "dl"\nformat = {{rate = "json"}}\n', encoding="utf-8"
    )
    configured = validation_kit.run_cli("rate", cwd=tmp_path)
    assert configured.returncode == 0, configured.stderr
    assert json.loads(configured.stdout)["estimator"] == "dl"
    assert configured.stderr.startswith(f"read 21 files (dataset: {DATA}/, from kinship-evidence.toml)")
    overridden = validation_kit.run_cli("rate", "--estimator", "reml", cwd=tmp_path)
    assert json.loads(overridden.stdout)["estimator"] == "reml"
    table = validation_kit.run_cli("rate", "-f", "table", cwd=tmp_path)
    assert table.returncode == 0 and "DerSimonian-Laird" in table.stdout and not table.stdout.startswith("{")

"""The app's entry point: only the named command is built for a run, and the app is left as it was."""

from __future__ import annotations

import subprocess
import sys

from kinship_evidence.cli.app import _only_the_command_named, app


def _names() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_a_run_that_names_its_command_builds_only_that_command_and_restores_the_app():
    everything = _names()
    assert {"rate", "validate", "import", "export"} <= set(everything)
    with _only_the_command_named(["rate", "--data", "data"]):
        assert _names() == ["rate"]
    with _only_the_command_named(["import", "sheet"]):  # a sub-app by its name
        assert _names() == ["import"]
    assert _names() == everything


def test_an_option_first_no_command_or_a_misspelt_one_keeps_every_command():
    everything = _names()
    for argv in (["--help"], [], ["rat"], ["-V", "rate"]):
        with _only_the_command_named(argv):
            assert _names() == everything


def test_a_misspelt_command_still_gets_its_did_you_mean():
    run = subprocess.run([sys.executable, "-m", "kinship_evidence", "rat"], capture_output=True, text=True, env={"COLUMNS": "80", "PATH": ""})
    assert run.returncode == 2 and "Did you mean 'rate'?" in run.stderr

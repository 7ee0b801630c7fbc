"""What is wrong with the environment, not with kinship-evidence, is said as a user error (issue 22, item 11).

A closed standard output (``>&-``), a reader that leaves early (``--help | head``), a current folder
that was deleted, and a matplotlib that is installed but fails to import: each is ``error: ...``
and exit 2 (or exit 0 when the work was done: ``new`` wrote its record), never "internal error",
"bug in kinship-evidence" or a BrokenPipeError.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = str(Path(__file__).resolve().parents[2] / "src")
VALID = Path(__file__).resolve().parents[1] / "data" / "examples" / "valid"
FOREST = Path(__file__).resolve().parents[1] / "reports" / "fixtures" / "forest-four-trials"


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "COLUMNS")}
    env["PYTHONPATH"] = SOURCE
    env.update(extra)
    return env


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kinship_evidence", *args]


def _with_stdout_closed(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _command(*args), stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_env(), cwd=cwd,
        timeout=120, preexec_fn=lambda: os.close(1),
    )


def _user_error(stderr: str) -> None:
    assert stderr.startswith("error: "), stderr
    for noise in ("internal error", "bug in kinship-evidence", "Traceback", "BrokenPipe"):
        assert noise not in stderr, stderr


def test_a_closed_standard_output_is_a_clean_usage_error_not_an_attribute_error():
    result = _with_stdout_closed("rate", "--data", str(VALID))
    assert result.returncode == 2
    _user_error(result.stderr)
    assert "standard output is closed" in result.stderr and "AttributeError" not in result.stderr


def test_new_with_standard_output_closed_succeeds_when_it_wrote_the_record(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    result = _with_stdout_closed("new", "fresh-trial", "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert (data / "studies" / "fresh-trial.yaml").is_file()
    assert f"wrote {data}/studies/fresh-trial.yaml" in result.stderr and "internal error" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["rate", "--help"]], ids=["root", "command"])
def test_help_into_a_pipe_its_reader_closed_is_a_closed_output_message_not_exit_1(args):
    process = subprocess.Popen(_command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # `| head` that has already left
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 2
    _user_error(stderr)
    assert "standard output was closed before all output was written" in stderr


def test_help_with_standard_output_closed_says_so():
    result = _with_stdout_closed("--help")
    assert result.returncode == 2
    _user_error(result.stderr)


def test_a_deleted_current_folder_is_a_user_error_not_a_bug(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    code = (
        "import os, sys, runpy\n"
        f"os.chdir({str(gone)!r}); os.rmdir({str(gone)!r})\n"
        "sys.argv = ['kinship-evidence', 'rate']\n"
        "runpy.run_module('kinship_evidence', run_name='__main__')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=120)
    assert result.returncode == 2
    _user_error(result.stderr)
    assert "the current folder no longer exists" in result.stderr


@pytest.fixture
def broken_matplotlib(tmp_path: Path) -> dict[str, str]:
    """A matplotlib that is installed but fails while it imports (as a NumPy mismatch does)."""
    package = tmp_path / "site" / "matplotlib"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("raise AttributeError(\"module 'numpy' has no attribute 'float'\")\n")
    return _env(PYTHONPATH=f"{tmp_path / 'site'}{os.pathsep}{SOURCE}")


def test_a_broken_matplotlib_install_is_a_user_error_for_plot(tmp_path, broken_matplotlib):
    plot = tmp_path / "forest.svg"
    result = subprocess.run(
        _command("explain", "rec", "--data", str(FOREST), "--plot", str(plot)), capture_output=True, text=True,
        env=broken_matplotlib, timeout=120,
    )
    assert result.returncode == 2
    _user_error(result.stderr)
    assert "matplotlib, which is installed but fails to import" in result.stderr and not plot.exists()


def test_a_broken_matplotlib_install_still_writes_the_report_page(tmp_path, broken_matplotlib):
    result = subprocess.run(
        _command("report", "--data", str(FOREST), "--output", str(tmp_path / "site")), capture_output=True, text=True,
        env=broken_matplotlib, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "fails to import" in page and "internal error" not in result.stderr

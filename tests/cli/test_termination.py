"""A finished run ends without the interpreter's teardown, and loses nothing by it.

``exit_without_teardown`` flushes the output, runs the ``atexit`` callbacks and calls
``os._exit`` with the run's code. These tests hold it to "the same as a normal exit": the exit
code of every outcome, output that is complete, callbacks that run, a profiler that still
writes its statistics, and the cases it must leave to Python.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kinship_evidence.cli import termination
from kinship_evidence.cli.termination import exit_without_teardown

SOURCE = str(Path(__file__).resolve().parents[2] / "src")
BUNDLED = Path(__file__).resolve().parents[2] / "data"


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "COLUMNS")}
    env["PYTHONPATH"] = SOURCE
    return env


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=_env(), timeout=120)


class _Exited(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


@pytest.fixture
def exits(monkeypatch):
    """``os._exit`` replaced by an exception that carries its code (the test process lives on)."""

    def fake_exit(code: int) -> None:
        raise _Exited(code)

    monkeypatch.setattr(termination.os, "_exit", fake_exit)
    monkeypatch.setattr(termination.sys, "getprofile", lambda: None)  # pytest-cov or a debugger may trace us
    monkeypatch.setattr(termination.sys, "gettrace", lambda: None)
    # A thread an earlier test stopped may still be ending (Rich's progress display signals its
    # refresh thread to stop without waiting for it): let it end, so that this process has one.
    for thread in threading.enumerate():
        if thread is not threading.main_thread():
            thread.join(timeout=10)


# --- in process: which outcomes take the short way, and with which code


@pytest.mark.parametrize(("code", "expected"), [(None, 0), (0, 0), (1, 1), (2, 2), (143, 143)])
def test_a_numeric_outcome_exits_with_its_code(exits, code, expected):
    with pytest.raises(_Exited) as ended:
        exit_without_teardown(SystemExit(code))
    assert ended.value.code == expected


def test_a_message_as_the_outcome_is_left_to_python(exits):
    outcome = SystemExit("something went wrong")
    with pytest.raises(SystemExit) as raised:
        exit_without_teardown(outcome)
    assert raised.value is outcome  # Python prints it and exits 1


def test_another_live_thread_is_left_to_python(exits):
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit):
            exit_without_teardown(SystemExit(0))
    finally:
        release.set()
        worker.join()


def test_a_profiler_or_tracer_is_left_to_python(exits, monkeypatch):
    monkeypatch.setattr(termination.sys, "getprofile", lambda: object())
    with pytest.raises(SystemExit):
        exit_without_teardown(SystemExit(0))
    monkeypatch.setattr(termination.sys, "getprofile", lambda: None)
    monkeypatch.setattr(termination.sys, "gettrace", lambda: object())
    with pytest.raises(SystemExit):
        exit_without_teardown(SystemExit(0))


class _Unflushable:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_output_that_does_not_flush_is_left_to_python(exits, monkeypatch):
    monkeypatch.setattr(termination.sys, "stdout", _Unflushable())
    with pytest.raises(SystemExit):
        exit_without_teardown(SystemExit(0))


def test_a_closed_standard_output_is_no_reason_to_stay(exits, monkeypatch):
    monkeypatch.setattr(termination.sys, "stdout", None)  # `>&-`
    with pytest.raises(_Exited) as ended:
        exit_without_teardown(SystemExit(2))
    assert ended.value.code == 2


def test_the_atexit_callbacks_run_before_the_exit(exits, monkeypatch):
    ran = []
    monkeypatch.setattr(termination.atexit, "_run_exitfuncs", lambda: ran.append("callbacks"))
    with pytest.raises(_Exited):
        exit_without_teardown(SystemExit(0))
    assert ran == ["callbacks"]


# --- real processes: the console entry point, as a user runs it


def test_rate_prints_the_same_whole_output_as_in_process_and_exits_0(rating_cli):
    result = _python("-m", "kinship_evidence", "rate", "--format", "json", "--data", str(BUNDLED))
    assert result.returncode == 0, result.stderr
    in_process = rating_cli("rate", "--format", "json", "--data", BUNDLED)
    assert in_process.exit_code == 0
    assert result.stdout == in_process.stdout  # every byte: the buffers were flushed before the exit
    assert json.loads(result.stdout)["recommendations"]
    assert result.stderr.startswith("read "), result.stderr


def test_findings_and_usage_errors_keep_their_exit_codes(tmp_path):
    shutil.copytree(BUNDLED, tmp_path / "data")
    study = sorted((tmp_path / "data" / "studies").glob("*.yaml"))[0]
    study.write_text(study.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    invalid = _python("-m", "kinship_evidence", "validate", "--data", str(tmp_path / "data"))
    assert invalid.returncode == 1 and "unknown_field" in invalid.stderr + invalid.stdout
    misspelt = _python("-m", "kinship_evidence", "rate", "--format", "jsn", "--data", str(BUNDLED))
    assert misspelt.returncode == 2 and "jsn" in misspelt.stderr


def test_atexit_callbacks_registered_by_a_library_still_run(tmp_path):
    marker = tmp_path / "ran"
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').write('yes'))\n"
        "sys.argv = ['kinship-evidence', '--version']\n"
        "from kinship_evidence.cli.app import main\n"
        "main()\n"
    )
    result = _python("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("kinship-evidence ")
    assert marker.read_text() == "yes"


def test_python_m_cprofile_still_writes_its_statistics(tmp_path):
    stats = tmp_path / "rate.prof"
    result = _python("-m", "cProfile", "-o", str(stats), "-m", "kinship_evidence", "--version")
    assert result.returncode == 0, result.stderr
    assert stats.stat().st_size > 0

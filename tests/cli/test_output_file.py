"""`--output FILE`, `--plot FILE`, `report --output DIR` behave like shell redirection (issue 22, item 7).

A regular file is replaced completely or left as it was, with no temporary file left, keeping its
mode; a symlink is followed; anything else (a device, a FIFO, standard output) is written through.

The commands that name a system file run in a child process whose ``os.replace``, ``os.rename``
and ``os.link`` refuse any target under /dev, /proc or /sys: a regression fails the test instead
of renaming a file over the machine's ``/dev/null`` (these tests may run as root).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kinship_evidence.cli.output import write_result
from kinship_evidence.workflows.project.output_files import UnwritableFile, writing_text

SOURCE = str(Path(__file__).resolve().parents[2] / "src")
VALID = Path(__file__).resolve().parents[1] / "data" / "examples" / "valid"

#: The command line, with renames and links into system folders refused (exit 99 if tried).
GUARDED = """
import os, sys
SYSTEM = ("/dev", "/proc", "/sys")
def guard(real):
    def call(source, target, *args, **kwargs):
        if os.path.abspath(os.fspath(target)).startswith(SYSTEM) or os.path.realpath(os.fspath(target)).startswith(SYSTEM):
            sys.stderr.write(f"GUARD: {real.__name__} onto {target} refused\\n")
            raise SystemExit(99)  # unwinds: the writer removes its temporary file
        return real(source, target, *args, **kwargs)
    return call
os.replace, os.rename, os.link = guard(os.replace), guard(os.rename), guard(os.link)
sys.argv = ["kinship-evidence", *sys.argv[1:]]
from kinship_evidence.cli.app import main
main()
"""


def _run(*args: str, cwd: Path | None = None, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "COLUMNS")}
    env["PYTHONPATH"] = SOURCE
    return subprocess.run(
        [sys.executable, "-c", GUARDED, *args], stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=cwd, timeout=120,
    )


def _schema_json(text: bytes) -> dict:
    schema = json.loads(text)
    assert schema["$id"] == "kinship-evidence/study.schema.json"
    return schema


# --- the atomic contract (complete or unchanged, no temporary file left) ---


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def pieces():
        yield "new, half"
        raise RuntimeError("the writer failed")

    with pytest.raises(RuntimeError):
        write_result(pieces, "json", target)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.json"]


def test_the_whole_output_replaces_the_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    write_result(lambda: iter(["a\n", "b\n"]), "text", target)
    assert target.read_text(encoding="utf-8") == "a\nb\n" and os.listdir(tmp_path) == ["out.txt"]
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(UnwritableFile, match="it is a folder"), writing_text(tmp_path):
        pass


# --- shell redirection (issue 22, item 7): each test names the cause it pins ---


def test_output_to_dev_null_writes_through_instead_of_renaming_over_the_device():
    result = _run("schema", "study", "--output", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert result.stdout == b""


def test_output_to_dev_stdout_reaches_standard_output():
    result = _run("schema", "study", "--output", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    _schema_json(result.stdout)


def test_output_to_dev_stdout_appends_where_the_shell_redirected_it(tmp_path):
    """`{ echo header; cmd --output /dev/stdout; } >> log`: the header stays, the output follows it."""
    log = tmp_path / "log"
    log.write_bytes(b"header\n")
    with open(log, "ab") as stdout:
        result = _run("schema", "study", "--output", "/dev/fd/1", stdout=stdout)
    assert result.returncode == 0, result.stderr
    text = log.read_bytes()
    assert text.startswith(b"header\n{") and os.listdir(tmp_path) == ["log"]
    _schema_json(text.removeprefix(b"header\n"))


def test_output_to_a_fifo_writes_through_and_the_fifo_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = _run("schema", "study", "--output", str(fifo))
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    _schema_json(received[0])


def test_output_through_a_symlink_replaces_the_file_it_names_and_the_link_stays(tmp_path):
    real = tmp_path / "committed" / "schema.json"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "schema.json"
    link.symlink_to(Path("committed") / "schema.json")
    result = _run("schema", "study", "--output", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(Path("committed") / "schema.json")
    _schema_json(real.read_bytes())
    assert sorted(os.listdir(real.parent)) == ["schema.json"]


def test_output_keeps_the_mode_of_the_private_file_it_replaces(tmp_path):
    private = tmp_path / "private.json"
    private.write_text("old\n")
    private.chmod(0o600)
    result = _run("schema", "study", "--output", str(private))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    _schema_json(private.read_bytes())


def test_output_dash_is_standard_output_not_a_file_named_dash(tmp_path):
    result = _run("schema", "study", "--output", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    _schema_json(result.stdout)
    assert os.listdir(tmp_path) == []


def test_a_failed_write_names_the_file_not_standard_output():
    result = _run("schema", "study", "--output", "/dev/full")
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "error: cannot write /dev/full: No space left on device" in stderr and "standard output" not in stderr


def test_report_output_empty_path_is_refused_and_writes_no_index_html(tmp_path):
    result = _run("report", "--output", "", "--data", str(VALID), cwd=tmp_path)
    assert result.returncode == 2
    assert "--output needs a path" in result.stderr.decode()
    assert os.listdir(tmp_path) == []


def test_plot_empty_path_is_refused(tmp_path):
    result = _run("explain", "1", "--plot", "", "--data", str(VALID), cwd=tmp_path)
    assert result.returncode == 2
    assert "--plot needs a path" in result.stderr.decode()
    assert os.listdir(tmp_path) == []


def test_report_output_dash_writes_the_page_to_standard_output(tmp_path):
    result = _run("report", "--output", "-", "--data", str(VALID), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip().lower().startswith(b"<!doctype html") and os.listdir(tmp_path) == []


def test_report_output_to_a_fifo_folder_entry_is_written_through_with_force(tmp_path):
    os.mkfifo(tmp_path / "index.html")
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append((tmp_path / "index.html").read_bytes()), daemon=True)
    reader.start()
    result = _run("report", "--output", str(tmp_path), "--force", "--data", str(VALID))
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / "index.html").st_mode) and b"<html" in received[0].lower()


def test_plot_dash_is_refused_in_plain_words():
    result = _run("explain", "1", "--plot", "-", "--data", str(VALID))
    assert result.returncode == 2
    assert "--plot -: standard output carries the explanation" in result.stderr.decode()

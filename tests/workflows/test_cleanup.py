"""No temporary file is left behind: ``new`` on any error, ``diff`` when it is sent SIGTERM."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kinship_evidence
from kinship_evidence.cli import app
from kinship_evidence.workflows.authoring import new_study as module
from kinship_evidence.workflows.authoring.new_study import new_study, study_template
from kinship_evidence.workflows.project.output_files import UnwritableFile

ROOT = Path(__file__).resolve().parents[2]
SOURCE = str(Path(kinship_evidence.__file__).resolve().parents[1])


def _raiser(error: BaseException, after: int = 0):
    calls = {"n": 0}

    def fail(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > after:
            raise error
        return fail.real(*args, **kwargs)

    return fail


FAILURES = {
    "disk-full": OSError(errno.ENOSPC, "No space left on device"),
    "io-error": OSError(errno.EIO, "Input/output error"),
    "ctrl-c": KeyboardInterrupt(),
    "sigterm": SystemExit(143),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("call", ["write", "fsync", "fchmod", "close", "link"])
def test_new_leaves_no_temporary_file_on_any_error(tmp_path, monkeypatch, call, failure):
    studies = tmp_path / "studies"
    studies.mkdir()
    error = FAILURES[failure]
    if call == "link" and isinstance(error, OSError):
        # a filesystem without hard links: the fallback writes exclusively; make it fail too
        monkeypatch.setattr(os, "link", _raiser(OSError(errno.EPERM, "Operation not permitted")))
        fail = _raiser(error, after=1)  # the first write (temporary file) succeeds
        fail.real = os.write
        monkeypatch.setattr(os, "write", fail)
    else:
        fail = _raiser(error)
        fail.real = getattr(os, call)
        monkeypatch.setattr(os, call, fail)
    # an OSError comes back as the one writer's UnwritableFile, which names the file
    with pytest.raises(UnwritableFile if isinstance(error, OSError) else type(error)):
        new_study(tmp_path, "a-study")
    monkeypatch.undo()
    assert os.listdir(studies) == [], "a temporary or half-written file was left behind"


def test_new_without_hard_links_writes_the_file_and_no_temporary_one(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "link", _raiser(OSError(errno.EPERM, "Operation not permitted")))
    target = new_study(tmp_path, "a-study")
    monkeypatch.undo()
    assert os.listdir(tmp_path / "studies") == ["a-study.yaml"]
    assert target.read_text(encoding="utf-8") == study_template("a-study")


def test_new_writes_every_byte_even_when_writes_are_short(tmp_path, monkeypatch):
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real(fd, bytes(data[:7])))
    target = new_study(tmp_path, "a-study")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == study_template("a-study")


@pytest.mark.parametrize("failure, code", [("disk-full", 2), ("ctrl-c", 130)])
def test_new_on_the_command_line_reports_and_cleans_up(tmp_path, monkeypatch, failure, code):
    (tmp_path / "studies").mkdir()
    fail = _raiser(FAILURES[failure])
    fail.real = os.fsync
    monkeypatch.setattr(module.os, "fsync", fail)
    result = CliRunner().invoke(app, ["new", "a-study", "--data", str(tmp_path)])
    monkeypatch.undo()
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert os.listdir(tmp_path / "studies") == []


# ---------------------------------------------------------------------------------------
# diff and SIGTERM: a real process, a real git repository, a dataset large enough to be slow


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True,
    )


@pytest.fixture(scope="module")
def large_repo(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("large") / "repo"
    shutil.copytree(ROOT / "data", repo / "data")
    template = (repo / "data" / "studies" / "kin-tech.yaml").read_text(encoding="utf-8")
    for index in range(3000):
        study_id = f"generated-{index:05d}"
        (repo / "data" / "studies" / f"{study_id}.yaml").write_text(
            template.replace("id: kin-tech", f"id: {study_id}"), encoding="utf-8"
        )
    _git(repo, "init", "-q")
    _git(repo, "add", "data")
    _git(repo, "commit", "-qm", "a large dataset")
    return repo


def test_diff_sent_sigterm_mid_run_removes_its_copy_and_exits_143(large_repo, tmp_path, terminated_mid_copy):
    scratch = tmp_path / "tmpdir"
    scratch.mkdir()
    code, stderr = terminated_mid_copy(["diff", "HEAD", "."], large_repo, scratch, "diff")
    assert code == 143, stderr
    assert "terminated" in stderr and "Traceback" not in stderr
    assert list(scratch.iterdir()) == [], "diff left its temporary copy behind"


def test_the_sigterm_handler_turns_the_signal_into_exit_143():
    code = (
        "import os, signal, tempfile\n"
        "from kinship_evidence.cli.termination import exit_cleanly_on_sigterm\n"
        "exit_cleanly_on_sigterm()\n"
        "folder = tempfile.mkdtemp()\n"
        "try:\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    signal.pause()\n"
        "finally:\n"
        "    os.rmdir(folder); print('cleaned', flush=True)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False,
        env={**os.environ, "PYTHONPATH": SOURCE},
    )
    assert result.returncode == 143 and result.stdout == "cleaned\n" and result.stderr == "terminated\n"

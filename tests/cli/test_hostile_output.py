"""Hostile and mistaken input, round two, through the real command line (tests/cli/hostile_output).

Each case of the manifest states the root cause it pins, the input, the command and what must
and must not reach stdout and stderr. Every case also: no traceback, no internal error.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
VALID = HERE.parents[0] / "data" / "examples" / "valid"
CASES = yaml.safe_load((HERE / "hostile_output" / "manifest.yaml").read_text(encoding="utf-8"))["cases"]


def _name_bytes(name: str) -> bytes:
    """``caf\\xe9.yaml`` -> the bytes of that file name (escapes stand for raw bytes; the rest is UTF-8)."""
    raw = re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(0xDC00 + int(m.group(1), 16)), name)
    return raw.encode("utf-8", "surrogateescape")


def _prepare(case: dict, data: Path) -> None:
    shutil.copytree(VALID, data)
    for name, edits in case.get("replace", {}).items():
        path = data / name
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, f"{name} has no {old!r}"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    for name, text in case.get("write", {}).items():
        target = os.path.join(bytes(data), _name_bytes(name))
        with open(target, "wb") as handle:
            handle.write(text.encode("utf-8"))


def _run(case: dict, data: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "COLUMNS")}
    env.update(case.get("env", {}))
    args = [str(data) if arg == "DATA" else arg for arg in case["args"]]
    stdout = open(case["stdout_file"], "wb") if "stdout_file" in case else subprocess.PIPE  # noqa: SIM115
    try:
        return subprocess.run(
            [sys.executable, "-m", "kinship_evidence", *args], stdout=stdout, stderr=subprocess.PIPE,
            env=env, cwd=data.parent, timeout=60,
        )
    finally:
        if stdout is not subprocess.PIPE:
            stdout.close()


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_hostile_output_case(case, tmp_path):
    data = tmp_path / "data"
    _prepare(case, data)
    result = _run(case, data)
    encoding = (case.get("env", {}).get("PYTHONIOENCODING") or "utf-8").split(":")[0]
    stdout = (result.stdout or b"").decode(encoding)  # decodable in the stream's own encoding
    stderr = result.stderr.decode("utf-8", errors="replace")
    stdout, stderr = (text.replace(str(data), "DATA") for text in (stdout, stderr))
    want = case["expect"]
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert result.returncode == want["exit"], (result.returncode, stdout[-2000:], stderr[-2000:])
    for text in want.get("stdout", []):
        assert text in stdout, f"{text!r} not in stdout:\n{stdout[:3000]}"
    for text in want.get("no_stdout", []):
        assert text not in stdout, f"{text!r} in stdout"
    for text in want.get("stderr", []):
        assert text in stderr, f"{text!r} not in stderr:\n{stderr}"
    for text in want.get("no_stderr", []):
        assert text not in stderr, f"{text!r} in stderr:\n{stderr}"
    for stream, text in (("stdout", stdout), ("stderr", stderr)):
        for prefix in want.get(f"{stream}_lines_not_starting", []):
            assert not [line for line in text.splitlines() if line.lstrip().startswith(prefix)], text
    if case.get("json"):
        json.loads(stdout)


def test_every_case_names_its_cause():
    assert all(isinstance(case.get("cause"), int) for case in CASES)


def test_sigint_prints_interrupted_and_exits_130(tmp_path):
    """Cause 11: Ctrl-C while a command runs. A large dataset keeps it busy long enough."""
    import signal
    import time

    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    record = (VALID / "studies" / "effect-se.yaml").read_text(encoding="utf-8")
    for index in range(8000):
        (data / "studies" / f"copy-{index}.yaml").write_text(record.replace("id: effect-se", f"id: copy-{index}"))
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kinship_evidence", "validate", "--data", str(data)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    studies = str(data / "studies")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:  # until it reads the records
        try:
            if any(os.readlink(f"/proc/{process.pid}/fd/{fd}").startswith(studies) for fd in os.listdir(f"/proc/{process.pid}/fd")):
                break
        except OSError:
            pass
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _stdout, stderr = process.communicate(timeout=60)
    if process.returncode in (0, 1):
        pytest.skip("the run finished before the signal arrived")
    assert process.returncode == 130, stderr
    assert stderr.decode().strip().endswith("interrupted")
    assert b"Traceback" not in stderr

"""`kinship-evidence history` on the command line: formats, 80 columns, --plot, usage errors, and
the progress bar (on a terminal, via a pty; nothing extra when piped)."""

from __future__ import annotations

import importlib.util
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

import kinship_evidence

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "tests" / "workflows" / "history" / "fixtures" / "cumulative-2004-2024"
SOURCE = str(Path(kinship_evidence.__file__).resolve().parents[1])


def test_text_is_a_timeline_within_80_columns(rating_cli) -> None:
    result = rating_cli("history", "rec", "--data", FIXTURE)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 79
    assert lines[0] == "Recommendation 1 (rec), by year: 8 point(s), 4 rating change(s)"
    starred = [line.split()[1] for line in lines if line.startswith("* ") and line[2].isdigit()]
    assert starred == ["2004", "2010", "2013", "2019"]
    assert "    +echo-2016 +foxtrot-2016" in lines


def test_json_has_the_documented_shape(rating_cli) -> None:
    result = rating_cli("history", "1", "--data", FIXTURE, "--format", "json")
    body = json.loads(result.stdout)
    assert (body["id"], body["by"]) == ("rec", "year")
    point = body["points"][2]
    assert {"year", "rating", "changed", "added", "removed", "domains"} <= set(point)
    assert (point["year"], point["rating"], point["changed"], point["added"]) == (2010, "good", True, ["charlie-2010"])
    (domain,) = point["domains"]
    assert domain["synthesis"] == "meta-analysis" and domain["k"] == 3 and domain["ci_low"] > 0
    every = json.loads(rating_cli("history", "--data", FIXTURE, "-f", "json").stdout)
    assert every["by"] == "year" and [item["id"] for item in every["recommendations"]] == ["rec"]


def test_markdown_marks_the_changes_in_bold(rating_cli) -> None:
    result = rating_cli("history", "--data", FIXTURE, "-f", "markdown")
    assert "| 2013 | **strong** | +`delta-2013` |" in result.stdout


def test_plot_writes_a_cumulative_forest_plot(rating_cli, tmp_path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "cumulative.svg"
    result = rating_cli("history", "rec", "--data", FIXTURE, "--plot", target)
    assert result.exit_code == 0, result.stderr
    svg = target.read_text()
    assert svg.startswith("<?xml") and "<svg" in svg
    assert f"wrote {target} (1 cumulative forest plot panel(s))" in result.stderr


def test_usage_errors_exit_2(rating_cli) -> None:
    ranged = rating_cli("history", "rec", "HEAD~1..HEAD", "--data", FIXTURE)
    assert ranged.exit_code == 2 and "goes with --by commit" in ranged.stderr
    unknown = rating_cli("history", "nine", "--data", FIXTURE)
    assert unknown.exit_code == 2 and unknown.stderr.startswith("error: no recommendation 'nine'")
    bad_by = rating_cli("history", "--by", "month", "--data", FIXTURE)
    assert bad_by.exit_code == 2


def _generated(tmp_path: Path, size: int) -> Path:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(size, tmp_path / "generated")


def _run_on_a_terminal(arguments: list[str]) -> tuple[int, str]:
    """Run the command with standard error on a pty (stdout piped); what the terminal saw."""
    main, secondary = pty.openpty()
    env = {**os.environ, "PYTHONPATH": SOURCE, "COLUMNS": "100", "TERM": "xterm"}
    process = subprocess.Popen([sys.executable, "-m", "kinship_evidence", *arguments], stdout=subprocess.PIPE,
                               stderr=secondary, env=env)
    os.close(secondary)
    seen = b""
    while True:
        ready, _, _ = select.select([main], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=120)
    os.close(main)
    return process.returncode, seen.decode("utf-8", "replace")


@pytest.mark.parametrize("command", [["history", "1"], ["robustness", "1", "--format", "text"]])
def test_a_bar_on_a_terminal_and_nothing_extra_when_piped(tmp_path, command) -> None:
    root = _generated(tmp_path, 600)  # more files than the reading bar's threshold (500)
    code, terminal = _run_on_a_terminal([*command, "--data", str(root)])
    assert code == 0, terminal
    assert "Reading studies" in terminal and "━" in terminal  # Rich's bar, drawn on stderr
    piped = subprocess.run([sys.executable, "-m", "kinship_evidence", *command, "--data", str(root)],
                           capture_output=True, text=True, env={**os.environ, "PYTHONPATH": SOURCE}, timeout=300)
    assert piped.returncode == 0
    assert "Reading studies" not in piped.stderr and "━" not in piped.stderr
    assert piped.stderr.startswith("read 601 files")

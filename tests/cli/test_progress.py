"""The progress bar: on standard error, only in a terminal, only for human formats and many files."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from kinship_evidence.cli.progress import MIN_FILES, progress

ROOT = Path(__file__).resolve().parents[2]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_not_a_terminal() -> None:
    with progress("text", stream=io.StringIO()) as on_progress:
        assert on_progress is None


def test_no_bar_for_machine_formats_even_in_a_terminal() -> None:
    for output_format in ("json", "csv", "markdown", "github"):
        with progress(output_format, stream=Terminal()) as on_progress:
            assert on_progress is None


def test_a_bar_for_many_files_in_a_terminal() -> None:
    stream = Terminal()
    with progress("table", stream=stream) as on_progress:
        assert on_progress is not None
        for done in range(1, MIN_FILES + 1):
            on_progress(done, MIN_FILES)
    assert stream.getvalue()  # drawn (and cleared again: the bar is transient)


def test_no_bar_for_few_files() -> None:
    stream = Terminal()
    with progress("text", stream=stream) as on_progress:
        assert on_progress is not None
        for done in range(1, 11):
            on_progress(done, 10)
    assert stream.getvalue() == ""


def test_a_short_human_run_does_not_import_rich() -> None:
    code = (
        "import sys\n"
        "from kinship_evidence.cli.progress import progress\n"
        "class T:\n"
        "    def isatty(self): return True\n"
        "with progress('text', stream=T()) as cb:\n"
        "    cb(1, 10)\n"
        "print(any(name.split('.')[0] == 'rich' for name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.stdout.strip() == "False", result.stderr

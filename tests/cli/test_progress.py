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


def test_a_stage_of_slow_work_is_drawn_only_once_it_has_run_a_while(monkeypatch) -> None:
    from kinship_evidence.cli import progress as module
    from kinship_evidence.cli.progress import Stage, stages

    clock = iter([0.0, 0.1, 0.2, 5.0, 5.0, 5.0])
    monkeypatch.setattr(module.time, "monotonic", lambda: next(clock))
    stream = Terminal()
    with stages("text", Stage("Slow", None, 0.5), stream=stream) as (on_progress,):
        assert on_progress is not None
        on_progress(1, 3)
        on_progress(2, 3)
        assert stream.getvalue() == ""  # 0.2 s in: not yet
        on_progress(3, 3)  # 5 s in: drawn
    assert stream.getvalue()


def test_stages_give_nothing_when_piped() -> None:
    from kinship_evidence.cli.progress import Stage, stages

    with stages("text", Stage("A"), Stage("B", None, 0.5), stream=io.StringIO()) as callbacks:
        assert callbacks == (None, None)

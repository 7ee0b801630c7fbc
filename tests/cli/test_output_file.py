"""`--output FILE`: the file is replaced completely or left as it was, and no temporary file stays."""

from __future__ import annotations

import os

import pytest

from kinship_evidence.cli.file_output import UnwritableFile, replaced_text_file
from kinship_evidence.cli.output import write_result


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
    write_result(lambda: iter(["a\n", "b\n"]), "text", target)
    assert target.read_text(encoding="utf-8") == "a\nb\n" and os.listdir(tmp_path) == ["out.txt"]
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(UnwritableFile, match="it is a folder"):
        with replaced_text_file(tmp_path):
            pass

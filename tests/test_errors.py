"""A usage error about a setting's value can say where the value came from (issue 22, item 13)."""

from __future__ import annotations

from pathlib import Path

from kinship_evidence.cli.settings import with_origin
from kinship_evidence.errors import DatasetNotFound, UnknownName, UsageError

ORIGINS = {"framework": ("x", "pyproject.toml:5:1, tool.kinship-evidence.framework"), "data": (Path("ev"), "k.toml:2:1, data")}


def test_the_origin_goes_after_the_subject_of_the_message():
    error = UnknownName("unknown framework 'x'; known: a, b", setting="framework", value="x", subject="unknown framework 'x'")
    shown = with_origin(error, ORIGINS)
    assert isinstance(shown, UnknownName)
    assert str(shown) == "unknown framework 'x' (from pyproject.toml:5:1, tool.kinship-evidence.framework); known: a, b"
    assert str(with_origin(DatasetNotFound("dataset folder not found: ev", setting="data", value=Path("ev")), ORIGINS)) == (
        "dataset folder not found: ev (from k.toml:2:1, data)"
    )


def test_a_value_the_configuration_did_not_give_gets_no_origin():
    other = UnknownName("unknown framework 'y'", setting="framework", value="y", subject="unknown framework 'y'")
    assert with_origin(other, ORIGINS) is other
    plain = UsageError("no such file")
    assert with_origin(plain, ORIGINS) is plain and plain.problems == ("no such file",)

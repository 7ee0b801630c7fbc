"""The cross-field checks of a record that failed: found in one round, and only when it failed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinship_evidence.data.models.fields import CheckedModel
from kinship_evidence.data.models.study import Study
from kinship_evidence.data.records import validate_file

VALID = Path(__file__).parent.parent / "examples" / "valid" / "studies"


def test_a_valid_record_never_runs_the_raw_checks(monkeypatch):
    def refuse(cls, data):
        raise AssertionError(f"{cls.__name__}.raw_problems ran on the valid path")

    for model in (Study, *CheckedModel.__subclasses__()):
        monkeypatch.setattr(model, "raw_problems", classmethod(refuse))
    for path in sorted(VALID.glob("*.yaml")):
        assert validate_file(path, str(path), Study)[1] == []


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [  # each edit of a valid record breaks a field and a cross-field check at once
        ("year: 2020", 'year: "2020"\nbogus: 1', {"year", "bogus"}),
        ("quality: low\n", "colour: red\n", {"colour", "quality"}),
        ("    effect: {estimate: 0.31, se: 0.12}", "    effect: {estimate: 0.31}\n    counts: x",
         {"outcomes.0.counts", "outcomes.0.effect", "outcomes.0"}),
        ("    effect: {estimate: 0.31, se: 0.12}", "    effect: {estimate: 0.31, se: -1}",
         {"outcomes.0.effect.se"}),
    ],
)
def test_field_and_cross_field_problems_come_together(replace, by, expected, tmp_path):
    text = (VALID / "effect-se.yaml").read_text()
    assert replace in text
    path = tmp_path / "effect-se.yaml"
    path.write_text(text.replace(replace, by, 1))
    _, findings = validate_file(path, str(path), Study)
    assert {finding.field for finding in findings} == expected

"""The hardened YAML loader: a YAML 1.2-like core schema, refusals as findings, field locations."""

from __future__ import annotations

import pytest

from kinship_evidence.data.reading.locating import FieldLocator, split_field
from kinship_evidence.data.reading.strict_yaml import LoadedYaml, load_yaml_file, parse_yaml
from kinship_evidence.data.reading.text_files import MAX_FILE_BYTES, read_text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("NO", "NO"), ("yes", "yes"), ("on", "on"), ("true", True), ("False", False),
        ("0123", "0123"), ("1_000", "1_000"), ("0x1F", 31), ("-7", -7), ("+3", 3),
        ("1.5", 1.5), ("1e3", 1000.0), (".5", 0.5), ("2024-10-14", "2024-10-14"), ("12:30", "12:30"),
        ("~", None), ("null", None), ("", None), ("'1'", "1"), ('"true"', "true"), ("-x", "-x"),
        ("10.1002/nur.21574", "10.1002/nur.21574"), ("Smith & Jones", "Smith & Jones"), ("R&D", "R&D"),
    ],
)
def test_core_schema_scalars(text, value):
    loaded = parse_yaml(f"key: {text}\n", "x.yaml")
    assert loaded.ok and loaded.data == {"key": value}
    assert type(loaded.data["key"]) is type(value)


@pytest.mark.parametrize(("text", "sign"), [(".inf", 1), ("-.Inf", -1), ("+.INF", 1)])
def test_infinity_loads_as_a_float_for_the_models_to_refuse(text, sign):
    assert parse_yaml(f"x: {text}\n", "x.yaml").data["x"] == sign * float("inf")


def test_every_duplicate_key_is_reported_and_the_first_value_kept():
    loaded = parse_yaml("a: 1\nb: 2\na: 3\nb: 4\na: 5\n", "x.yaml")
    assert loaded.data == {"a": 1, "b": 2}
    assert [(f.line, f.column, f.field, f.rule) for f in loaded.findings] == [
        (3, 1, "a", "yaml-duplicate-key"), (4, 1, "b", "yaml-duplicate-key"), (5, 1, "a", "yaml-duplicate-key"),
    ]


def test_an_integer_too_long_to_convert_is_a_finding_not_a_crash():
    loaded = parse_yaml("n: " + "7" * 5000 + "\n", "x.yaml")
    assert loaded.data is None
    assert [(f.line, f.column, f.rule) for f in loaded.findings] == [(1, 4, "yaml-number")]


def test_a_large_integer_below_the_conversion_limit_loads():
    assert parse_yaml("n: " + "7" * 4000 + "\n", "x.yaml").data["n"] == int("7" * 4000)


def test_size_cap_refuses_without_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("a: 1\n" * 100)
    assert isinstance(read_text(path, "big.yaml"), str)
    refused = read_text(path, "big.yaml", max_bytes=499)
    assert (refused.rule, refused.line, refused.column) == ("file-too-large", 1, 1)
    assert MAX_FILE_BYTES == 1024 * 1024


def test_load_yaml_file_returns_findings_for_unreadable_paths(tmp_path):
    loaded = load_yaml_file(tmp_path / "missing.yaml")
    assert isinstance(loaded, LoadedYaml) and not loaded.ok
    assert loaded.findings[0].rule == "file-unreadable"
    assert loaded.path == str(tmp_path / "missing.yaml")


def test_load_yaml_file_reads_a_clean_file(tmp_path):
    (tmp_path / "ok.yaml").write_text("a: [1, 2]\n")
    assert load_yaml_file(tmp_path / "ok.yaml", "shown.yaml") == LoadedYaml("shown.yaml", {"a": [1, 2]}, ())


LOCATED = """\
# a comment
id: x
outcomes:
  - domain: d
    counts:
      control: {events: 5, n: 3}
  - {domain: e}
"""


@pytest.mark.parametrize(
    ("field", "position"),
    [
        ("", (2, 1)),
        ("id", (2, 1)),
        ("outcomes", (3, 1)),
        ("outcomes.0", (4, 5)),
        ("outcomes.0.counts.control.n", (6, 28)),
        ("outcomes.0.counts.control.missing", (6, 7)),  # a missing key: the key that holds its mapping
        ("outcomes.1.domain", (7, 6)),
        ("outcomes.9.domain", (3, 1)),  # no such item: the deepest part that exists
        ("absent", (2, 1)),
    ],
)
def test_field_locator(field, position):
    assert FieldLocator(LOCATED).locate(split_field(field)) == position


def test_field_locator_on_unparseable_text_points_at_the_start():
    assert FieldLocator("a: [\n").locate(["a"]) == (1, 1)


def test_split_field():
    assert split_field("outcomes.0.effect.ci.1") == ["outcomes", 0, "effect", "ci", 1]
    assert split_field("") == []


def test_split_field_takes_only_ascii_digits_as_indexes():
    # Hypothesis found a key "¹": str.isdigit() is true for it, int() is not defined for it.

    assert split_field("¹.0.counts") == ["¹", 0, "counts"]

"""Property tests: one mutated field gives exactly one finding, at that field; nothing crashes.

Valid records (tests/examples/valid/studies) are loaded as the toolkit sees them, one field is
mutated, the record is dumped with yaml.safe_dump and validated from the file. The expected
position comes from PyYAML's own composer, walked independently of the toolkit's locator.
"""

from __future__ import annotations

import copy
import math
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinship_evidence.data import models
from kinship_evidence.data.models import Study
from kinship_evidence.data.reading.strict_yaml import LoadedYaml, parse_yaml
from kinship_evidence.data.records import validate_file

STUDIES = sorted((Path(__file__).parent / "examples" / "valid" / "studies").glob("*.yaml"))
RECORDS = {path.name: parse_yaml(path.read_text(encoding="utf-8"), path.name).data for path in STUDIES}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BOUNDED = {"events", "n", "sd", "se", "sample_size", "year", "follow_up_months"}  # a lower bound applies
SLUG_KEYS = {"id", "domain", "sample"}
ENUMS = {
    "design": {"rct", "cluster-rct", "qed", "cohort", "pre-post", "qualitative", "other"},
    "quality": {"high", "moderate", "low", "not-appraised"},
    "favourable": {"higher", "lower"},
    "measure": set(models.COUNT_MEASURES | models.GROUP_MEASURES),
    "finding": {"favourable", "no-effect", "unfavourable"},
}
REQUIRED = {
    "id", "citation", "year", "source", "country", "design", "quality", "recommendations", "outcomes",
    "domain", "description", "favourable", "measure", "intervention", "control", "events", "n", "mean", "sd", "estimate",
}
KNOWN_KEYS = {
    name
    for model in (Study, models.Outcome, models.Counts, models.CountsArm, models.Groups, models.GroupArm, models.Effect)
    for name in model.model_fields
}


def _leaves(data, path=()):
    """(path, value) of every node below ``data``."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield (*path, key), value
        yield from _leaves(value, (*path, key))


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def expected_position(text: str, path) -> tuple[int, int]:
    """Where the finding about ``path`` belongs: the key (or item) itself; for a key that is not
    there, the key or item that holds its mapping."""
    node = yaml.compose(text)
    mark = node.start_mark
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = [(k, v) for k, v in node.value if k.value == str(part)]
            if not match:
                break
            mark, node = match[0][0].start_mark, match[0][1]
        else:
            node = node.value[part]
            mark = node.start_mark
    return mark.line + 1, mark.column + 1


@st.composite
def mutations(draw):
    """A valid record with one field mutated, and the field path that must be reported."""
    data = copy.deepcopy(RECORDS[draw(st.sampled_from(sorted(RECORDS)))])
    # A risk_of_bias block is checked by the appraisal algorithms (rule risk-of-bias), with tests of
    # its own (tests/data/risk_of_bias, examples/invalid/rob-*.yaml); and with one, quality is optional.
    leaves = [
        (p, v) for p, v in _leaves(data)
        if "risk_of_bias" not in p and not (p == ("quality",) and "risk_of_bias" in data)
    ]
    kind = draw(st.sampled_from(["number", "slug", "delete", "unknown-key", "enum"]))
    if kind == "number":
        path, value = draw(st.sampled_from([(p, v) for p, v in leaves if type(v) in (int, float)]))
        choices = [math.nan, math.inf, -math.inf, str(value), True]
        if path[-1] in BOUNDED:
            choices.append(-abs(value) - 1)
        _get(data, path[:-1])[path[-1]] = draw(st.sampled_from(choices))
    elif kind == "slug":
        path = draw(st.sampled_from([p for p, v in leaves if p[-1] in SLUG_KEYS or p[-2:-1] == ("recommendations",)]))
        bad = draw(st.text(max_size=40).filter(lambda s: not re.fullmatch(models.SLUG_PATTERN, s)))
        _get(data, path[:-1])[path[-1]] = bad
    elif kind == "delete":
        path = draw(st.sampled_from([p for p, v in leaves if p[-1] in REQUIRED and not isinstance(p[-1], int)]))
        del _get(data, path[:-1])[path[-1]]
    elif kind == "unknown-key":
        holder = draw(st.sampled_from([()] + [p for p, v in leaves if isinstance(v, dict)]))
        key = draw(st.from_regex(r"[a-z][a-z_]{0,19}", fullmatch=True).filter(lambda k: k not in KNOWN_KEYS))
        _get(data, holder)[key] = draw(st.sampled_from([1, "x", None, [1], {"a": 1}]))
        path = (*holder, key)
    else:
        path = draw(st.sampled_from([p for p, v in leaves if p[-1] in ENUMS]))
        bad = draw(st.text(max_size=30).filter(lambda s: s not in ENUMS[path[-1]]))
        _get(data, path[:-1])[path[-1]] = bad
    return kind, data, path


@pytest.fixture(scope="module")
def record_file(tmp_path_factory):
    return tmp_path_factory.mktemp("mutations") / "record.yaml"


def _dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=False, width=10**6)


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_unmutated_records_round_trip_clean(name, record_file):
    record_file.write_text(_dump(RECORDS[name]), encoding="utf-8")
    study, findings = validate_file(record_file, "record.yaml", Study)
    assert findings == [] and study is not None


@SETTINGS
@given(mutation=mutations())
def test_one_mutation_gives_one_finding_at_its_field(mutation, record_file):
    kind, data, path = mutation
    text = _dump(data)
    record_file.write_text(text, encoding="utf-8")
    study, findings = validate_file(record_file, "record.yaml", Study)
    line, column = expected_position(text, path)
    field = ".".join(map(str, path))
    assert study is None
    assert {(f.line, f.column, f.field, f.rule) for f in findings} == {(line, column, field, "schema")}, (kind, text)
    assert len(findings) == 1


YAML_ISH = st.text(
    alphabet=st.one_of(st.sampled_from(list(" \t\n\r:-?[]{},&*!|>'\"%@`#~.0123456789abcxyzINFNA\\\x00\x1f\ufeff")), st.characters(codec="utf-8")),
    max_size=200,
)


@settings(max_examples=200, deadline=None)
@given(text=YAML_ISH)
def test_parse_yaml_never_raises(text):
    """Any text that strict UTF-8 decoding lets through (so no lone surrogates)."""
    loaded = parse_yaml(text, "fuzz.yaml")
    assert isinstance(loaded, LoadedYaml)
    assert all(finding.line >= 1 and finding.column >= 1 for finding in loaded.findings)


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.integers(min_value=10**300, max_value=10**400),
)
NESTED = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=NESTED, base=st.sampled_from(sorted(RECORDS)), graft=st.booleans())
def test_validate_file_never_raises_on_arbitrary_data(data, base, graft, record_file):
    """Arbitrary data, alone or grafted onto a valid record, gives findings, never an exception."""
    if graft:
        record = copy.deepcopy(RECORDS[base])
        record["outcomes"] = [*record["outcomes"], data]
        data = record
    record_file.write_text(_dump(data), encoding="utf-8")
    study, findings = validate_file(record_file, "record.yaml", Study)
    assert (study is None) == bool(findings)


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=300))
def test_validate_file_never_raises_on_arbitrary_bytes(raw, record_file):
    record_file.write_bytes(raw)
    study, findings = validate_file(record_file, "record.yaml", Study)
    assert study is None and findings

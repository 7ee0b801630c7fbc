"""The findings writers stream (one finding at a time), stay on one line per finding in text, and
cut long field names and messages short in every format."""

from __future__ import annotations

import io
import itertools
import json

import pytest

from kinship_evidence.cli.output import write_output
from kinship_evidence.findings import Finding, Severity
from kinship_evidence.reports.registry import formats, writer

FORMATS = formats("findings")


def _finding(index: int = 0, **fields) -> Finding:
    values = {"path": f"data/studies/s{index}.yaml", "line": index + 1, "column": 2, "field": "year", "rule": "schema",
                  "message": f"problem {index}"}
    values.update(fields)
    return Finding(**values)


def _endless():
    for index in itertools.count():
        yield _finding(index)


@pytest.mark.parametrize("name", FORMATS)
def test_a_writer_yields_its_output_piece_by_piece(name):
    pieces = writer("findings", name)(_endless())
    assert not isinstance(pieces, str)
    first = list(itertools.islice(pieces, 3))  # an endless input: nothing waits for the end
    assert all(isinstance(piece, str) for piece in first) and "s0.yaml" in "".join(first)


def test_json_is_the_same_array_as_before_streaming():
    findings = [_finding(0), _finding(1, severity=Severity.WARNING, message='quote " and ünïcode')]
    text = "".join(writer("findings", "json")(findings))
    assert text == json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"
    assert "".join(writer("findings", "json")([])) == "[]\n"
    assert json.loads("".join(writer("findings", "json")(iter(findings)))) == [f.to_dict() for f in findings]


@pytest.mark.parametrize(
    "hostile",
    ["two\nlines", "carriage\rreturn", "crlf\r\nend", "\x1b[31mred\x1b[0m", "nul\x00", "line\u2028separator",
     "paragraph\u2029separator", "next\x85line", "bell\x07", "del\x7f", "::error file=x::forged", "tab\there"],
)
def test_text_cannot_forge_a_line_or_a_workflow_command(hostile):
    findings = [
        _finding(0, path=hostile + ".yaml", field=hostile, message=hostile),
        _finding(1, path="::warning::" + hostile, field="", message="\n::error::pwned"),
    ]
    text = "".join(writer("findings", "text")(findings))
    lines = text.split("\n")
    assert len(lines) == 3 and lines[-1] == ""
    assert not any(line.lstrip().startswith("::") for line in lines)
    assert not any(ch in text.replace("\n", "") for ch in "\r\x1b\x00\u2028\u2029\x85\x07\x7f\t")
    # the one escaper's notation (issue 21: findings used \x0a, explain \n; explain's wider list won)
    assert "\\n::error::pwned" in lines[1]


def test_github_already_escapes_line_breaks():
    text = "".join(writer("findings", "github")([_finding(0, message="a\nb\rc", field="x\ny")]))
    assert text.count("\n") == 1 and "x%0Ay: a%0Ab%0Dc" in text


@pytest.mark.parametrize("name", FORMATS)
def test_long_field_names_and_messages_are_cut_short_in_every_format(name):
    key = "k" * 1_000_000
    finding = _finding(0, field=f"outcomes.0.{key}", message="m" * 1_000_000)
    text = "".join(writer("findings", name)([finding]))
    assert len(text) < 1000
    assert "k" * 60 + "...(1,000,000 characters)" in text
    assert "m" * 60 in text and "(1,000,000 characters)" in text.replace("k" * 60 + "...(1,000,000 characters)", "")
    if name == "json":
        item = json.loads(text)[0]
        assert item["field"] == "outcomes.0." + "k" * 60 + "...(1,000,000 characters)"


def test_write_output_takes_a_string_or_pieces():
    stream = io.StringIO()
    write_output("whole\n", stream=stream)
    write_output(iter(["a", "b", "c\n"]), stream=stream)
    write_output((str(i) for i in range(100_000)), stream=stream)
    assert stream.getvalue().startswith("whole\nabc\n0123") and stream.getvalue().endswith("99999")


def test_github_escapes_the_percent_sign_first():
    """``%0A`` written by the user must reach the runner as text, not as an escaped line break."""
    text = "".join(writer("findings", "github")([_finding(0, message="100% of %0A::error::x", path="a%2Cb.yaml")]))
    assert text.count("\n") == 1
    assert "100%25 of %250A::error::x" in text
    assert "file=a%252Cb.yaml" in text


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\ufeff"])
def test_bidi_control_in_a_file_name_is_escaped_in_text_findings(control: str) -> None:
    """Cause (issue 22, item 9): the findings text writer had its own, narrower list (no bidi controls)."""
    findings = [_finding(0, path=f"data/studies/{control}lmth.exe.yaml", field=f"a{control}b", message=f"got {control}x")]
    text = "".join(writer("findings", "text")(findings))
    assert control not in text
    assert text.count(f"\\u{ord(control):04x}") == 3

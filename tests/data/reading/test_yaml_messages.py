"""Issue 22, item 13: YAML syntax errors in plain words, with the fix."""

from __future__ import annotations

import pytest

from kinship_evidence.data.reading.strict_yaml import parse_yaml

CASES = {
    "unquoted colon": (
        "citation: Smith (2020). Kinship care: a trial.\n", (1, 37),
        "quote the value: citation: \"Smith (2020). Kinship care: a trial.\"",
    ),
    "unquoted colon in a list item": ("outcomes:\n  - description: Wellbeing: WEMWBS\n", (2, 27), "quote the value"),
    "tab": ("a:\n\tb: 1\n", (2, 1), "a tab character: YAML indents with spaces only"),
    "indent short of its siblings": ("a:\n  b: 1\n c: 2\n", (3, 2), "bad indentation at 'c: 2'"),
    "indent under a scalar": ("a: 1\n  b: 2\n", (2, 4), "indented further than the key above it"),
}


@pytest.mark.parametrize("name", CASES)
def test_raw_pyyaml_syntax_wording_with_no_fix_is_fixed(name):
    text, position, wording = CASES[name]
    (finding,) = parse_yaml(text, "x.yaml").findings
    assert finding.rule == "yaml-syntax" and (finding.line, finding.column) == position
    assert wording in finding.message, finding.message
    assert "mapping values are not allowed" not in finding.message


def test_a_quote_in_the_value_is_suggested_in_single_quotes():
    (finding,) = parse_yaml('citation: A "kin": study\n', "x.yaml").findings
    assert "quote the value: citation: 'A \"kin\": study'" in finding.message


def test_the_new_template_leaving_citation_unquoted_is_fixed():
    from kinship_evidence.workflows.authoring.new_study import TEMPLATE

    (line,) = [line for line in TEMPLATE.splitlines() if line.startswith("citation:")]
    assert line.split("#")[0].strip() == 'citation: ""'

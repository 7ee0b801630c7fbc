"""The pieces of the interchange workflows: cell values, record text, in-place edits, and the
promise that a sheet says the same as a YAML record about the same mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinship_evidence.data.models import Study
from kinship_evidence.data.reading.strict_yaml import parse_yaml
from kinship_evidence.data.records import validate_file
from kinship_evidence.workflows.interchange.columns import COLUMNS_BY_NAME, column_letter
from kinship_evidence.workflows.interchange.record_text import record_text, scalar
from kinship_evidence.workflows.interchange.sheet_checks import study_findings
from kinship_evidence.workflows.interchange.sheet_rows import cell_value, read_sheet
from kinship_evidence.workflows.interchange.tables import read_table
from kinship_evidence.workflows.interchange.yaml_edit import edit_fields

FIXTURES = Path(__file__).parent / "fixtures"


def test_column_letters():
    assert [column_letter(index) for index in (0, 25, 26, 51, 701, 702)] == ["A", "Z", "AA", "AZ", "ZZ", "AAA"]


@pytest.mark.parametrize(
    ("name", "cell", "value"),
    [
        ("year", "2003", 2003),
        ("year", 2003.0, 2003),
        ("year", "twenty", "twenty"),
        ("year", "12.5", "12.5"),
        ("groups.intervention.mean", "12.5", 12.5),
        ("groups.intervention.mean", "-3", -3),
        ("usual_care", "Yes", True),
        ("recommendations", "a; b ;;c", ["a", "b", "c"]),
        ("id", 12.0, "12"),
        ("design", "RCT", "RCT"),
    ],
)
def test_a_cell_becomes_its_fields_value_or_stays_as_written(name, cell, value):
    assert cell_value(COLUMNS_BY_NAME[name], cell) == value


def test_the_xlsx_gives_the_same_studies_as_the_csv():
    sheets = [read_sheet(read_table(FIXTURES / "twenty-row-sheet" / name, name), name) for name in ("sheet.csv", "sheet.xlsx")]
    assert [study.data for study in sheets[0].studies] == [study.data for study in sheets[1].studies]
    assert len(sheets[0].studies) == 20


def test_rows_sharing_an_id_are_one_study_with_an_outcome_each(tmp_path):
    sheet = tmp_path / "two.csv"
    sheet.write_text(
        "id,citation,domain,effect.estimate,effect.ci_low,effect.ci_high\na,A,x,1.5,1.1,2.0\nb,B,y,0.2,,\na,,z,0.9,0.5,\n"
    )
    studies = read_sheet(read_table(sheet, "two.csv"), "two.csv").studies
    assert [(study.study_id, study.outcome_rows) for study in studies] == [("a", [2, 4]), ("b", [3])]
    assert studies[0].data["outcomes"] == [
        {"domain": "x", "effect": {"estimate": 1.5, "ci": [1.1, 2.0]}},
        {"domain": "z", "effect": {"estimate": 0.9, "ci": [0.5, None]}},
    ]


_RECORD = """\
id: sheet-twin
citation: A trial
year: {year}
source: https://example.org
country: GB
design: rct
quality: high
recommendations: [rec]
outcomes:
  - domain: wellbeing
    description: Wellbeing
    favourable: higher
    measure: smd
    groups:
      intervention: {{mean: 1.0, sd: {sd}, n: 20}}
      control: {{mean: 0.5, sd: 1.0, n: 20}}
"""
_SHEET = (
    "id,citation,year,source,country,design,quality,recommendations,domain,description,favourable,measure,"
    "groups.intervention.mean,groups.intervention.sd,groups.intervention.n,groups.control.mean,groups.control.sd,groups.control.n\n"
    "sheet-twin,A trial,{year},https://example.org,GB,rct,high,rec,wellbeing,Wellbeing,higher,smd,1.0,{sd},20,0.5,1.0,20\n"
)


@pytest.mark.parametrize(
    ("year", "sd"), [("1850", "1.0"), ("2001", "-2"), ('"2001"', "1.0")], ids=["year-range", "negative-sd", "quoted"]
)
def test_a_sheet_and_a_record_say_the_same_about_the_same_mistake(tmp_path, year, sd):
    record = tmp_path / "sheet-twin.yaml"
    record.write_text(_RECORD.format(year=year, sd=sd))
    _, yaml_findings = validate_file(record, str(record), Study)
    sheet_path = tmp_path / "sheet.csv"
    sheet_path.write_text(
        _SHEET.format(year=year.strip('"'), sd=sd).replace(",2001,", ',"2001",')
        if year.startswith('"')
        else _SHEET.format(year=year, sd=sd)
    )
    sheet = read_sheet(read_table(sheet_path, "sheet.csv"), "sheet.csv")
    sheet_findings = study_findings(sheet, sheet.studies[0])
    if year.startswith('"'):  # a quoted year in YAML is text; a CSV cell is text too until it reads as a number
        assert yaml_findings and yaml_findings[0].message.startswith("must be a whole number, got text '2001'")
        assert sheet_findings == []
        return
    assert [f.message for f in sheet_findings] == [f.message for f in yaml_findings]
    assert len(sheet_findings) == 1


@pytest.mark.parametrize(
    "text",
    [
        "plain words",
        "a: colon",
        "hash # inside",
        "yes",
        "123",
        "1e5",
        "null",
        "'quoted'",
        "[not a list]",
        " padded ",
        "tab\there",
        "naïve café – ∞",
        "line\nbreak",
        "{x}",
        "- dash",
        "%percent",
        "@at",
        "`tick",
    ],
)
def test_any_text_reads_back_as_itself(text):
    for flow in (False, True):
        loaded = parse_yaml(f"key: [{scalar(text, True)}]\n" if flow else f"key: {scalar(text)}\n", "t")
        assert not loaded.findings and loaded.data == {"key": [text] if flow else text}


def test_record_text_reads_back_as_its_data():
    data = {
        "id": "x",
        "citation": "Smith: a # trial",
        "year": 2001,
        "recommendations": ["a", "b"],
        "outcomes": [{"domain": "d", "measure": "odds-ratio", "effect": {"estimate": 1.8, "ci": [1.3, 2.5]}}],
    }
    text = record_text(data, "first line\nsecond: line")
    assert text.startswith("# first line\n# second: line\nid: x\n")
    assert "    effect: {estimate: 1.8, ci: [1.3, 2.5]}\n" in text
    assert parse_yaml(text, "x").data == data


_EDITABLE = """\
# Header comment
id: x
design: rct  # a comment on design
# about quality
quality: not-appraised
recommendations: [a]
risk_old: 1
outcomes:
  - domain: d  # kept
"""


def test_an_edit_replaces_inserts_or_removes_only_its_lines():
    block = ("risk_of_bias", "risk_of_bias:\n  tool: rob2\n")
    replaced_quality = edit_fields(_EDITABLE, block, ("quality",), ("design",))
    assert replaced_quality == _EDITABLE.replace("quality: not-appraised\n", "risk_of_bias:\n  tool: rob2\n")
    inserted = edit_fields(_EDITABLE, block, (), ("appraisal", "design"))
    assert inserted == _EDITABLE.replace(
        "design: rct  # a comment on design\n", "design: rct  # a comment on design\nrisk_of_bias:\n  tool: rob2\n"
    )
    again = edit_fields(inserted, ("risk_of_bias", "risk_of_bias:\n  tool: robins-i\n  source: s\n"), (), ("design",))
    assert again == inserted.replace("  tool: rob2\n", "  tool: robins-i\n  source: s\n")
    nested = "id: x\nrisk_of_bias:\n  tool: rob2\n  domains:\n    randomisation: low\n# next comment\nrecommendations: [a]\n"
    assert edit_fields(nested, block, (), ()) == "id: x\nrisk_of_bias:\n  tool: rob2\n# next comment\nrecommendations: [a]\n"

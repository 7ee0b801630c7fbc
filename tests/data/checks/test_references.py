"""A recommendation named by its number or a near miss of its id: the message names the id meant."""

from __future__ import annotations

from pathlib import Path

from kinship_evidence.workflows.validate import validate as validate_dataset

CASE = Path(__file__).parent.parent / "examples" / "invalid_datasets" / "recommendation-near-misses"


def _messages() -> dict[tuple[str, str], str]:
    report = validate_dataset(CASE)
    return {(Path(finding.path).name, finding.field): finding.message for finding in report.findings}


def test_a_number_where_an_id_belongs_names_the_id():
    messages = _messages()
    assert messages["by-number.yaml", "recommendations.0"] == "3 is a recommendation number; write its id: peer-support"
    assert messages["near-misses.yaml", "recommendations.0"] == "'2' is a recommendation number; write its id: allowances"


def test_a_misspelt_id_and_a_near_domain_are_suggested():
    messages = _messages()
    assert messages["near-misses.yaml", "recommendations.1"].endswith("did you mean 'peer-support'?")
    assert "did you mean 'wellbeing' -> 'carer-wellbeing'?" in messages["near-misses.yaml", "recommendations.2"]

"""`new ID --recommendation --design --country --domain --form`: values checked, then filled in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kinship_evidence.data.checks.validation import validate_dataset
from kinship_evidence.workflows.authoring.new_prefill import BadPrefill, Prefill, check_prefill, filled_template
from kinship_evidence.workflows.authoring.new_study import new_study, study_template

DATA = Path(__file__).resolve().parents[3] / "data"


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA, tmp_path / "data"))


def test_values_are_checked_and_recommendations_by_number_become_ids(dataset):
    prefill = check_prefill(dataset, ["3", "navigation", "peer-support"], "rct", "GB", "carer-wellbeing", "counts")
    assert prefill == Prefill(("peer-support", "navigation"), "rct", "GB", "carer-wellbeing", "counts")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"recommendations": ["navigaton"]}, "did you mean 'navigation'?"),
        ({"recommendations": ["7"]}, "names no recommendation of the dataset; known: 1 (navigation)"),
        ({"design": "RCT"}, "--design: 'RCT' is not one of rct, cluster-rct"),
        ({"country": "UK"}, "did you mean 'GB'?"),
        ({"country": "gb"}, "did you mean 'GB'?"),
        ({"domain": "Carer wellbeing"}, "did you mean 'carer-wellbeing'?"),
        ({"form": "count"}, "did you mean 'counts'?"),
    ],
)
def test_a_bad_value_is_a_usage_error_with_the_value_meant(dataset, kwargs, message):
    with pytest.raises(BadPrefill, match=None) as raised:
        check_prefill(dataset, **kwargs)
    assert message in str(raised.value)


@pytest.mark.parametrize("form", ["finding", "counts", "groups", "effect"])
def test_each_form_is_written_out_and_its_empty_values_fail_validation(dataset, form):
    prefill = check_prefill(dataset, ["peer-support"], "rct", "US", "carer-wellbeing", form)
    path = new_study(dataset, "draft-2025", prefill)
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert (record["design"], record["country"], record["recommendations"]) == ("rct", "US", ["peer-support"])
    (outcome,) = record["outcomes"]
    assert outcome["domain"] == "carer-wellbeing"
    forms = {"finding", "counts", "groups", "effect"} & set(outcome)
    assert forms == {form}
    report = validate_dataset(dataset)
    empty = {f.field for f in report.findings if f.path.endswith("draft-2025.yaml") and f.is_error}
    assert {"citation", "year", "source", "quality"} <= empty
    if form != "finding":  # an empty finding reads as "no result reported yet", which the format allows
        assert any(field.startswith(f"outcomes.0.{form}") for field in empty), empty
    assert not any(field in {"design", "country", "recommendations.0"} for field in empty)


def test_no_values_leave_the_template_as_it_was():
    assert filled_template(study_template("x"), Prefill()) == study_template("x")

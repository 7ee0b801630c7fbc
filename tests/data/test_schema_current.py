"""The committed JSON Schemas match the models, and agree with the validator on the examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kinship_evidence.data.reading.strict_yaml import load_yaml_file

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = Path(__file__).parent / "examples"
SCHEMAS = {"study": REPO / "schema" / "study.schema.json", "recommendations": REPO / "schema" / "recommendations.schema.json"}


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_committed_schema_is_current(kind, validation_kit):
    result = validation_kit.run_cli("schema", kind)
    assert result.returncode == 0, result.stderr
    committed = SCHEMAS[kind].read_text(encoding="utf-8")
    assert committed == result.stdout, (
        f"{SCHEMAS[kind].relative_to(REPO)} is stale; regenerate it with:\n"
        f"    kinship-evidence schema {kind} > {SCHEMAS[kind].relative_to(REPO)}"
    )


def _validator(kind):
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema comes with the test extras: pip install -e .[test]")
    schema = json.loads(SCHEMAS[kind].read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sorted((EXAMPLES / "valid").rglob("*.yaml")), ids=lambda p: p.name)
def test_valid_examples_satisfy_the_schema(path):
    kind = "recommendations" if path.name == "recommendations.yaml" else "study"
    errors = list(_validator(kind).iter_errors(load_yaml_file(path).data))
    assert errors == []


@pytest.mark.parametrize(
    "name",
    ["unknown-key-typo", "wrong-enums", "numbers-as-strings", "bad-country", "se-zero", "missing-required",
     "recommendations-wrong-values"],
)
def test_invalid_examples_fail_the_schema(name):
    path = EXAMPLES / "invalid" / f"{name}.yaml"
    kind = "recommendations" if name.startswith("recommendations-") else "study"
    assert list(_validator(kind).iter_errors(load_yaml_file(path).data))

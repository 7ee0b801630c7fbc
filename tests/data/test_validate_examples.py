"""Folders of valid and invalid examples, each stating what it expects.

- ``examples/valid``: a clean dataset (recommendations.yaml + studies/) covering every evidence
  form and optional field; every file validates with no finding.
- ``examples/invalid/<case>.yaml``: one study record (or, with ``# model: recommendations``, a
  recommendations file) whose header lists its findings, one ``# expect: LINE:COL FIELD rule=RULE``
  line each (FIELD ``-`` for the whole file); exactly those findings must come out.
- ``examples/invalid_datasets/<case>/``: a dataset whose ``expected.txt`` gives the exit code
  (``exit: N``) and every finding as ``PATH LINE:COL FIELD rule=RULE [severity=warning]``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kinship_evidence.data.models import RecommendationsFile, Study
from kinship_evidence.data.records import validate_file
from kinship_evidence.workflows.validate import validate as validate_dataset

EXAMPLES = Path(__file__).parent / "examples"
VALID = EXAMPLES / "valid"
VALID_STUDIES = sorted((VALID / "studies").glob("*.yaml"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.yaml"))
INVALID_DATASETS = sorted(path for path in (EXAMPLES / "invalid_datasets").iterdir() if path.is_dir())
MODELS = {"study": Study, "recommendations": RecommendationsFile}
_EXPECT = re.compile(r"^# expect: (\d+:\d+ \S+ rule=[a-z0-9-]+(?: severity=warning)?)\s*$")


def _normal(line: str) -> str:
    return " ".join(line.split())


def header_expectations(path: Path) -> tuple[type, set[str]]:
    """The model and the expected findings stated in the leading comment block of ``path``."""
    model, expected = Study, set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# model:"):
            model = MODELS[line.split(":", 1)[1].strip()]
        elif line.startswith("# expect"):
            match = _EXPECT.match(line)
            assert match, f"{path.name}: malformed expectation {line!r}"
            expected.add(_normal(match.group(1)))
    return model, expected


def test_the_example_folders_are_populated():
    forms = {form for path in VALID_STUDIES for form in re.findall(r"^ {4}(counts|groups|effect|finding):", path.read_text(), re.M)}
    assert forms == {"counts", "groups", "effect", "finding"}
    assert len(INVALID) >= 40 and len(INVALID_DATASETS) >= 6


@pytest.mark.parametrize("path", [*VALID_STUDIES, VALID / "recommendations.yaml"], ids=lambda p: p.name)
def test_valid_example_has_no_findings(path):
    model = RecommendationsFile if path.name == "recommendations.yaml" else Study
    instance, findings = validate_file(path, str(path), model)
    assert findings == []
    assert isinstance(instance, model)


def test_valid_examples_form_a_clean_dataset():
    report = validate_dataset(VALID)
    assert report.findings == ()
    assert len(report.dataset.records) == len(VALID_STUDIES)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_example_gives_exactly_its_stated_findings(path, validation_kit):
    model, expected = header_expectations(path)
    assert expected, f"{path.name} states no '# expect:' line"
    instance, findings = validate_file(path, str(path), model)
    assert instance is None
    assert validation_kit.canonical_set(findings) == expected
    assert all(finding.message for finding in findings)


def dataset_expectations(case: Path) -> tuple[int, set[str]]:
    code, expected = None, set()
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("exit:"):
            code = int(line.split(":", 1)[1])
        else:
            expected.add(_normal(line))
    assert code is not None, f"{case.name}/expected.txt has no 'exit: N' line"
    return code, expected


@pytest.mark.parametrize("case", INVALID_DATASETS, ids=lambda p: p.name)
def test_invalid_dataset_gives_exactly_its_stated_findings(case, validation_kit):
    code, expected = dataset_expectations(case)
    report = validate_dataset(case)
    assert validation_kit.canonical_set(report.findings, root=case) == expected
    assert (1 if report.errors else 0) == code


@pytest.mark.parametrize("case", ["recommendation-without-studies", "missing-recommendations"])
def test_invalid_dataset_exit_code_through_the_cli(case, validation_kit):
    folder = EXAMPLES / "invalid_datasets" / case
    code, _ = dataset_expectations(folder)
    result = validation_kit.run_cli("validate", "--data", folder)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("offset", "valid"), [(0, True), (1, True), (2, False)])
def test_year_bound_is_next_year(offset, valid, tmp_path):
    """The invalid examples use fixed years (1899, 3000); the upper bound itself moves each year."""
    import datetime

    year = datetime.date.today().year + offset
    path = tmp_path / "effect-se.yaml"
    path.write_text((VALID / "studies" / "effect-se.yaml").read_text().replace("year: 2020", f"year: {year}"))
    _, findings = validate_file(path, str(path), Study)
    assert [(f.line, f.field, f.rule) for f in findings] == ([] if valid else [(4, "year", "schema")])

"""`kinship-evidence validate` end to end, in a child process: exit codes, formats, defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kinship_evidence import __version__

REPO = Path(__file__).resolve().parents[2]
FINDING_KEYS = {"path", "line", "column", "field", "rule", "message", "severity"}


@pytest.fixture
def broken_dataset(valid_dataset, tmp_path):
    """A dataset under a folder whose name needs escaping in annotations, with an error whose
    field holds a newline, a bad country and a recommendation that no study names (a warning)."""
    root = valid_dataset.rename(tmp_path / "odd, name: here")
    for name, old, new in [
        ("studies/effect-se.yaml", "quality: low\n", 'quality: low\n"bad\\nkey": 1\n'),
        ("studies/groups-smd.yaml", "country: GB", "country: gb"),
        ("recommendations.yaml", "", "  - {id: orphan, number: 4, text: Nobody cites it., published_rating: none}\n"),
    ]:
        path = root / name
        path.write_text(path.read_text().replace(old, new) if old else path.read_text() + new)
    return root


def _assert_clean_run(result, expected_code):
    assert result.returncode == expected_code, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_bundled_dataset_from_the_repository_root(validation_kit):
    result = validation_kit.run_cli("validate", "--data", "data", cwd=REPO)
    _assert_clean_run(result, 0)
    # One documented warning: the GIFT record names recommendation 5 but has no outcome yet
    # (its registry results could not be read; data/README.md).
    (warning,) = result.stdout.splitlines()
    assert "gift-online-resourcefulness-training.yaml" in warning and warning.endswith("[outcome-outside-targets]")
    assert result.stderr.startswith("0 errors, 1 warning in ")


def test_without_data_option_an_empty_folder_is_a_usage_error_not_the_bundled_dataset(tmp_path, validation_kit):
    """validate is a gate (issue 22): it never checks the bundled dataset in place of the user's."""
    result = validation_kit.run_cli("validate", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("error: validate: no dataset to check:") and "--data DIR" in result.stderr


def test_without_data_option_a_local_data_folder_is_used(tmp_path, valid_dataset, validation_kit):
    (valid_dataset / "studies" / "effect-se.yaml").write_text("- a list\n")
    result = validation_kit.run_cli("validate", cwd=tmp_path)
    _assert_clean_run(result, 1)
    assert result.stdout.startswith("data/studies/effect-se.yaml:1:1: expected a mapping")


def test_text_format(broken_dataset, validation_kit):
    result = validation_kit.run_cli("validate", "--data", broken_dataset, "--format", "text")
    _assert_clean_run(result, 1)
    assert result.stdout.split("\n")[:-1] == [
        f"{broken_dataset}/recommendations.yaml:23:6: recommendations.3.id: warning: no study names recommendation 'orphan' [recommendation-without-studies]",
        # a newline in a field is escaped: one finding, one line
        f"{broken_dataset}/studies/effect-se.yaml:9:1: bad\\nkey: unknown field (check its spelling against the format) [schema]",
        f"{broken_dataset}/studies/groups-smd.yaml:6:1: country: must be an ISO 3166-1 alpha-2 country code, e.g. GB or US, got 'gb'; did you mean 'GB'? [schema]",
    ]
    assert result.stderr.strip() == f"2 errors, 1 warning in 12 files (dataset: {broken_dataset}/)"


def test_json_format(broken_dataset, validation_kit):
    result = validation_kit.run_cli("validate", "--data", broken_dataset, "--format", "json")
    _assert_clean_run(result, 1)
    findings = json.loads(result.stdout)
    assert isinstance(findings, list) and len(findings) == 3
    assert all(isinstance(item, dict) and set(item) == FINDING_KEYS for item in findings)
    assert [(item["line"], item["column"], item["field"], item["rule"], item["severity"]) for item in findings] == [
        (23, 6, "recommendations.3.id", "recommendation-without-studies", "warning"),
        (9, 1, "bad\nkey", "schema", "error"),
        (6, 1, "country", "schema", "error"),
    ]
    assert findings[1]["path"] == f"{broken_dataset}/studies/effect-se.yaml"
    assert all(item["message"] for item in findings)


def test_github_format_escapes_properties_and_data(broken_dataset, validation_kit):
    result = validation_kit.run_cli("validate", "--data", broken_dataset, "--format", "github")
    _assert_clean_run(result, 1)
    lines = result.stdout.splitlines()
    assert len(lines) == 3, "a newline inside a message must not split an annotation"
    escaped_root = str(broken_dataset).replace(",", "%2C").replace(":", "%3A")
    assert lines[0].startswith(f"::warning file={escaped_root}/recommendations.yaml,line=23,col=6,title=recommendation-without-studies::")
    assert lines[1].startswith(f"::error file={escaped_root}/studies/effect-se.yaml,line=9,col=1,title=schema::bad%0Akey: ")
    assert lines[2].startswith(f"::error file={escaped_root}/studies/groups-smd.yaml,line=6,col=1,title=schema::country: ")
    for line in lines:
        properties = line.split(" ", 1)[1].split("::", 1)[0]
        assert [part.split("=", 1)[0] for part in properties.split(",")] == ["file", "line", "col", "title"]


def test_github_actions_environment_chooses_github_annotations(broken_dataset, validation_kit):
    result = validation_kit.run_cli("validate", "--data", broken_dataset, env={"GITHUB_ACTIONS": "true"})
    _assert_clean_run(result, 1)
    assert result.stdout.startswith("::warning file=")
    explicit = validation_kit.run_cli("validate", "--data", broken_dataset, "--format", "text", env={"GITHUB_ACTIONS": "true"})
    assert not explicit.stdout.startswith("::")


def test_missing_folder_is_a_usage_error(tmp_path, validation_kit):
    result = validation_kit.run_cli("validate", "--data", tmp_path / "nowhere")
    _assert_clean_run(result, 2)
    assert "dataset folder not found" in result.stderr and result.stdout == ""


def test_bad_format_is_a_usage_error(valid_dataset, validation_kit):
    result = validation_kit.run_cli("validate", "--data", valid_dataset, "--format", "xml")
    _assert_clean_run(result, 2)
    assert "xml" in result.stderr


def test_version(validation_kit):
    result = validation_kit.run_cli("--version")
    _assert_clean_run(result, 0)
    assert result.stdout.strip() == f"kinship-evidence {__version__}"


def test_module_help(validation_kit):
    result = validation_kit.run_cli("--help")
    _assert_clean_run(result, 0)
    assert "validate" in result.stdout and "schema" in result.stdout


def test_look_alike_characters_in_a_domain_and_a_recommendation_id_are_shown_escaped(valid_dataset, validation_kit):
    """Issue 22, item 13: a Cyrillic a in a name is written \\u0430, beside the name it looks like."""
    record = valid_dataset / "studies" / "effect-se.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("recommendations: [allowances]", "recommendations: [\u0430llowances]")
    record.write_text(text.replace("domain: permanence", "domain: perm\u0430nence"), encoding="utf-8")
    result = validation_kit.run_cli("validate", "--data", valid_dataset, record)
    _assert_clean_run(result, 1)
    lines = result.stdout.splitlines()
    assert lines == [
        f"{record}:10:19: recommendations.0: must be a slug: lowercase letters, digits and hyphens, got '\\u0430llowances';"
        " write it as 'allowances'; '\\u0430llowances' differs from 'allowances' only in look-alike characters:"
        " U+0430 CYRILLIC SMALL LETTER A where 'a' is expected [schema]",
        f"{record}:17:5: outcomes.1.domain: must be a slug: lowercase letters, digits and hyphens, got 'perm\\u0430nence';"
        " write it as 'permanence'; 'perm\\u0430nence' differs from 'permanence' only in look-alike characters:"
        " U+0430 CYRILLIC SMALL LETTER A where 'a' is expected [schema]",
    ]
    assert result.stdout.isascii()

"""The `robustness` writers: the JSON shape, plain text under 80 columns with user text escaped,
and the Markdown table. Datasets: tests/workflows/fixtures (see its README) and ./data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kinship_evidence.reports.registry import formats, writer
from kinship_evidence.workflows.robustness import robustness

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "workflows" / "fixtures"
DATASETS = [ROOT / "data", FIXTURES / "strong-two-trials", FIXTURES / "bcg-vaccine-trials"]
FLIP_KEYS = {"change", "study", "method", "quality", "rating", "domain"}


def as_json(root: Path, **options) -> dict:
    return json.loads(writer("robustness", "json")(robustness(root, **options)))


def test_the_formats_are_text_json_and_markdown() -> None:
    assert formats("robustness") == ("text", "json", "markdown")


def test_json_names_each_trial_whose_absence_flips_strong() -> None:
    data = as_json(FIXTURES / "strong-two-trials")
    assert data["framework"] == "foundations-kinship-2024"
    assert data["methods"] == {"estimator": "reml", "ci": "wald", "prediction": "none", "description": "REML, Wald z CI"}
    assert len(data["alternatives"]) == 8
    (rec,) = data["recommendations"]
    assert {"id", "rating", "robust", "flips", "domains"} <= set(rec)
    assert (rec["id"], rec["rating"], rec["robust"]) == ("rec", "strong", False)
    assert all(set(flip) == FLIP_KEYS and flip["domain"] is None for flip in rec["flips"])
    without = [flip for flip in rec["flips"] if flip["change"] == "without-study"]
    assert without == [
        {"change": "without-study", "study": "trial-a", "method": None, "quality": None, "rating": "promising", "domain": None},
        {"change": "without-study", "study": "trial-b", "method": None, "quality": None, "rating": "promising", "domain": None},
    ]
    method = next(flip for flip in rec["flips"] if flip["change"] == "method")
    assert method["study"] is None and method["method"] == {
        "estimator": "reml", "ci": "hksj", "description": "REML, Hartung-Knapp-Sidik-Jonkman t CI",
    }
    lower = [flip for flip in rec["flips"] if flip["change"] == "quality-lower"]
    assert [(f["study"], f["quality"], f["rating"]) for f in lower] == [("trial-a", "moderate", "good"), ("trial-b", "moderate", "good")]
    (domain,) = rec["domains"]
    assert set(domain) == {"domain", "rating", "robust", "flips"}
    assert (domain["domain"], domain["rating"], domain["robust"]) == ("carer-wellbeing", "strong", False)
    assert {flip["domain"] for flip in domain["flips"]} == {"carer-wellbeing"}
    assert rec["not_applicable"] == [
        {"change": "quality-higher", "study": study, "reason": "quality high is already the highest level"}
        for study in ("trial-a", "trial-b")
    ]
    assert rec["changes_tried"] == 12


def test_json_says_the_bcg_trials_are_robust() -> None:
    (rec,) = as_json(FIXTURES / "bcg-vaccine-trials")["recommendations"]
    assert (rec["rating"], rec["robust"], rec["flips"]) == ("strong", True, [])
    assert rec["domains"] == [{"domain": "tuberculosis", "rating": "strong", "robust": True, "flips": []}]


def test_json_with_every_framework_has_one_object_each() -> None:
    data = as_json(ROOT / "data", framework="all")
    assert [block["framework"] for block in data["frameworks"]] == [
        "foundations-kinship-2024", "foundations-pta-2025", "title-iv-e-psc",
    ]


@pytest.mark.parametrize("root", DATASETS, ids=lambda path: path.name)
def test_text_lines_stay_under_80_columns(root: Path) -> None:
    out = writer("robustness", "text")(robustness(root, framework="all"))
    too_long = [line for line in out.splitlines() if len(line) >= 80]
    assert not too_long and out.endswith("\n")


def test_text_says_fragile_names_the_trials_and_robust_for_bcg() -> None:
    strong = writer("robustness", "text")(robustness(FIXTURES / "strong-two-trials"))
    assert "1 rec: strong, fragile: 10 of 12 single changes flip it" in strong
    assert "  - without trial-a: promising\n  - without trial-b: promising\n" in strong
    assert "  - trial-a quality high -> moderate: good\n" in strong
    assert "domain carer-wellbeing: strong, fragile: 10 of 12 single changes flip it (the" in strong
    bcg = writer("robustness", "text")(robustness(FIXTURES / "bcg-vaccine-trials"))
    assert "1 bcg-vaccination: strong, robust (34 single changes tried)" in bcg
    assert "0 of 1 rating(s) fragile" in bcg


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "strong-two-trials", root)
    path = root / "recommendations.yaml"
    path.write_text(path.read_text().replace("text: A recommendation.", 'text: "A | \\u202e rec <b>"'))
    return root


def test_user_text_is_escaped_in_text_and_markdown(hostile: Path) -> None:
    result = robustness(hostile)
    text = writer("robustness", "text")(result)
    assert "\u202e" not in text and "A | \\u202e rec <b>" in text
    markdown = writer("robustness", "markdown")(result)
    assert "\u202e" not in markdown and "| 1 | A \\| \\u202e rec &lt;b&gt; | strong | **fragile** |" in markdown


def test_markdown_lists_each_fragile_domain() -> None:
    markdown = writer("robustness", "markdown")(robustness(ROOT / "data"))
    assert markdown.startswith("Robustness of the ratings under `foundations-kinship-2024` (REML, Wald z CI)")
    assert "| 6 | Offer financial allowances" in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| 2 |"))
    assert row.endswith("| promising | **fragile** | without `smith-2018-parent-training`: none; "
                        "`smith-2018-parent-training` quality moderate -> low: none |")
    assert "- 1, safety (promising): without `kin-tech`: none; `kin-tech` quality moderate -> low: none" in markdown
    assert "- 2, child-behaviour (promising): the changes in the table" in markdown

"""data/README.md's two tables say what the tool derives from the bundled dataset.

- *quality bases*: every record under the basis the rating engine gives its quality (external,
  stated with an incomplete appraisal, stated by inference, not appraised), each counted once,
  and the counts add up to the records in data/studies;
- *derived ratings*: per recommendation the derived and published rating, and the decisive
  records (the studies of every domain whose rating is the recommendation's), as
  ``kinship-evidence rate --format json`` gives them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kinship_evidence.data.dataset import load_dataset
from kinship_evidence.rating.engine import rate_all
from kinship_evidence.rating.frameworks import bundled_frameworks

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
README = (DATA / "README.md").read_text(encoding="utf-8")
BASES = {  # the README's row label starts with ... -> the engine's basis
    "external": "external",
    "appraised from a published table": "appraised-incomplete",
    "inferred": "inferred",
    "not appraised": "not-appraised",
}


def _table(marker: str) -> list[list[str]]:
    block = README.split(f"<!-- {marker} -->", 1)[1].split(f"<!-- /{marker} -->", 1)[0]
    rows = [line for line in block.strip().splitlines() if line.startswith("|")][2:]  # after header, rule
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def _ids(cell: str) -> set[str]:
    return {item.strip() for item in cell.split(",") if item.strip()}


def _engine_basis(quality) -> str:
    if quality.kind == "stated":
        return "appraised-incomplete" if quality.appraisal is not None else "inferred"
    return quality.kind


@pytest.fixture(scope="module")
def bases() -> dict[str, str]:
    dataset = load_dataset(DATA).dataset
    assert dataset.recommendations_file is not None
    guide = dataset.recommendations_file
    report = rate_all(guide.recommendations, dataset.studies, bundled_frameworks()[guide.guide.framework])
    found: dict[str, str] = {}
    for rating in report.ratings:
        for study_id, quality in rating.qualities.items():
            assert found.setdefault(study_id, _engine_basis(quality)) == _engine_basis(quality)
    return found


def test_quality_bases_table_matches_the_engine(bases):
    rows = _table("quality-bases")
    *listed, total = rows
    assert total[0] == "**total**" and total[2] == f"**{len(bases)}**"
    assert len(bases) == len(list((DATA / "studies").glob("*.yaml")))
    seen: list[str] = []
    for label, cell, count in listed:
        basis = next(value for prefix, value in BASES.items() if label.startswith(prefix))
        ids = _ids(cell)
        assert int(count) == len(ids), label
        assert ids == {study for study, kind in bases.items() if kind == basis}, label
        seen += ids
    assert sorted(seen) == sorted(bases)  # every record once


def test_derived_ratings_table_matches_rate_json(rating_cli):
    result = rating_cli("rate", "--data", DATA, "--format", "json")
    assert result.exit_code == 0, result.stderr
    ratings = {item["number"]: item for item in json.loads(result.stdout)["recommendations"]}
    rows = _table("derived-ratings")
    assert sorted(int(row[0]) for row in rows) == sorted(ratings)
    for number, rec_id, derived, published, decisive, *_ in rows:
        item = ratings[int(number)]
        assert (rec_id, derived, published) == (item["id"], item["rating"], item["published_rating"])
        deciding = {s for o in item["outcomes"] if o["rating"] == item["rating"] for s in o["studies"]}
        assert _ids(decisive) == deciding, rec_id
    matches = all(item["matches_published"] for item in ratings.values())
    assert ("all six derived ratings equal the published ones" in README) == matches


def test_the_readme_counts_the_records():
    count = len(list((DATA / "studies").glob("*.yaml")))
    assert re.search(rf"\b{count} in all\b", README), f"data/README.md should say the dataset has {count} records"

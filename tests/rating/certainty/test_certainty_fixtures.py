"""Fixture datasets whose GRADE certainty comes out for stated reasons (fixtures/*/expected.yaml)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from kinship_evidence.rating.certainty.results import Certainty
from kinship_evidence.workflows.evaluate import evaluate

FIXTURES = Path(__file__).parent / "fixtures"
EGGER = json.loads((Path(__file__).parents[2] / "stats" / "reference" / "egger_reference.json").read_text())
CASES = sorted(path for path in FIXTURES.iterdir() if path.is_dir())


def certainty_of(folder: Path) -> Certainty:
    evaluation = evaluate(folder)
    assert not evaluation.has_errors, evaluation.findings
    (domain,) = evaluation.reports[0].ratings[0].domains
    assert domain.certainty is not None
    return domain.certainty


@pytest.mark.parametrize("folder", CASES, ids=lambda path: path.name)
def test_fixture_certainty(folder: Path) -> None:
    expected = yaml.safe_load((folder / "expected.yaml").read_text())["expect"]
    certainty = certainty_of(folder)
    assert certainty.level == expected["level"]
    assert certainty.start == expected.get("start", "high")
    assert {j.key: j.rating_down for j in certainty.judgements} == expected["rating_down"]
    for key, source in expected.get("sources", {}).items():
        assert certainty.judgement(key).source == source
    for key, levels in expected.get("computed", {}).items():
        computed = certainty.judgement(key).computed
        assert computed is not None and computed.rating_down == levels
    for key, parts in expected.get("reasons", {}).items():
        reason = certainty.judgement(key).reason
        for part in parts:
            assert part in reason, (key, reason)
    if "egger_reference" in expected:
        reference = next(case for case in EGGER["sets"] if case["name"] == expected["egger_reference"])
        egger = certainty.judgement("publication_bias").egger
        assert egger is not None
        assert egger.t == pytest.approx(reference["t"], rel=1e-6)
        assert egger.df == reference["df"]
        assert egger.p == pytest.approx(reference["p"], rel=1e-6)


def test_every_fixture_states_what_it_expects() -> None:
    assert len(CASES) >= 5
    for folder in CASES:
        assert yaml.safe_load((folder / "expected.yaml").read_text())["description"].strip()


def test_whole_body_counts_studies_the_guide_excludes(tmp_path: Path) -> None:
    """A low-quality study is outside the guide's rating but inside GRADE's body, rated down for its bias."""
    import shutil

    shutil.copytree(FIXTURES / "risk-of-bias-one-high-risk-study", tmp_path / "data")
    evaluation = evaluate(tmp_path / "data")
    rating = evaluation.reports[0].ratings[0]
    assert "big-trial" not in rating.eligible  # RoB 2 high -> quality low: not eligible for the guide
    (domain,) = rating.domains
    assert domain.certainty is not None and "big-trial" in domain.certainty.body.study_ids

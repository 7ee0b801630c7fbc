"""The body of evidence of a domain (body.py): its participants, each study's share of the information,
and its analysis (pooled, narrative, or a single study's effect)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from kinship_evidence.rating.certainty.body import _shares, body_of_evidence, participant_count, study_size
from kinship_evidence.rating.evidence import StudyEvidence, evidence_by_domain
from kinship_evidence.rating.frameworks import bundled_frameworks
from kinship_evidence.stats.methods import PoolingMethods

KINSHIP = bundled_frameworks()["foundations-kinship-2024"]


def _evidence(kit: SimpleNamespace, study_id: str, *outcomes: dict, **fields: Any) -> StudyEvidence:
    return evidence_by_domain(kit.study(study_id, *outcomes, **fields), KINSHIP)["carer-wellbeing"]


def test_study_size_from_the_sample_size_else_the_first_outcome_with_arms(rating_kit: SimpleNamespace) -> None:
    kit = rating_kit
    assert study_size(_evidence(kit, "a", kit.counts("risk-ratio", 10, 60, 5, 40), sample_size=250)) == 250
    assert study_size(_evidence(kit, "b", kit.counts("risk-ratio", 10, 60, 5, 40))) == 100
    assert study_size(_evidence(kit, "c", kit.finding("favourable"), kit.groups(30, 20))) == 50
    assert study_size(_evidence(kit, "d", kit.finding("favourable"))) is None


def test_participant_count_counts_a_shared_sample_once(rating_kit: SimpleNamespace) -> None:
    kit = rating_kit
    evidence = [
        _evidence(kit, "a", kit.groups(30, 20), sample="trial-1"),
        _evidence(kit, "a-followup", kit.groups(30, 20), sample="trial-1"),
        _evidence(kit, "b", kit.groups(10, 10)),
        _evidence(kit, "c", kit.finding("favourable")),
        _evidence(kit, "d", kit.finding("no-effect")),
    ]
    assert participant_count(evidence) == (70, 2, 4)


def test_shares_by_participants_when_every_study_has_a_count(rating_kit: SimpleNamespace) -> None:
    kit = rating_kit
    evidence = [_evidence(kit, "a", kit.groups(30, 20)), _evidence(kit, "b", kit.groups(100, 50))]
    shares, weighted_by = _shares(evidence)
    assert weighted_by == "participants"
    assert shares == (("a", pytest.approx(0.25)), ("b", pytest.approx(0.75)))
    single, by = _shares([_evidence(kit, "c", kit.finding("favourable"), sample_size=1)])
    assert (single, by) == ((("c", 1.0),), "participants")


def test_equal_shares_when_a_study_has_no_count(rating_kit: SimpleNamespace) -> None:
    kit = rating_kit
    evidence = [_evidence(kit, "a", kit.groups(30, 20)), _evidence(kit, "b", kit.finding("favourable")),
                _evidence(kit, "c", kit.groups(10, 10)), _evidence(kit, "d", kit.groups(10, 10))]
    assert _shares(evidence) == (tuple((s, 0.25) for s in "abcd"), "equal shares")


def test_a_pooled_body_is_weighted_by_the_pool(rating_kit: SimpleNamespace) -> None:
    kit = rating_kit
    evidence = [_evidence(kit, "a", kit.groups(30, 20)), _evidence(kit, "b", kit.groups(100, 50)),
                _evidence(kit, "c", kit.finding("favourable"))]
    body = body_of_evidence(evidence, KINSHIP, PoolingMethods())
    assert body.meta is not None and body.meta.result is not None
    assert (body.narrative, body.single_effect) == (None, None)
    assert (body.study_ids, body.studies, body.participants, body.participants_missing) == (("a", "b", "c"), 3, 200, 1)
    assert body.weighted_by == "pooled weight"
    assert body.weights == (("a", body.meta.result.weights[0]), ("b", body.meta.result.weights[1]), ("c", 0.0))
    assert sum(weight for _, weight in body.weights) == pytest.approx(1)


def test_odds_ratios_pool_with_smds_as_the_rule_set_says(rating_kit: SimpleNamespace) -> None:
    kit = rating_kit
    evidence = [_evidence(kit, "a", kit.counts("odds-ratio", 30, 100, 20, 100)), _evidence(kit, "b", kit.groups(50, 50))]
    body = body_of_evidence(evidence, KINSHIP, PoolingMethods())
    assert KINSHIP.or_to_smd
    assert body.meta is not None and body.meta.scale == "smd" and len(body.meta.studies) == 2
    apart = body_of_evidence(evidence, KINSHIP.model_copy(update={"or_to_smd": False}), PoolingMethods())
    assert apart.meta is None and apart.narrative is not None


def test_a_narrative_body_of_findings(rating_kit: SimpleNamespace) -> None:
    kit = rating_kit
    evidence = [_evidence(kit, "a", kit.finding("favourable"), sample_size=100),
                _evidence(kit, "b", kit.finding("no-effect"), sample_size=300)]
    body = body_of_evidence(evidence, KINSHIP, PoolingMethods())
    assert (body.meta, body.single_effect) == (None, None)
    assert body.narrative is not None and body.narrative.studies == 2 and body.narrative.favourable == 1
    assert (body.participants, body.participants_missing, body.studies) == (400, 0, 2)
    assert (body.weights, body.weighted_by) == ((("a", 0.25), ("b", 0.75)), "participants")


def test_a_single_study_gives_its_own_effect(rating_kit: SimpleNamespace) -> None:
    kit = rating_kit
    item = _evidence(kit, "a", kit.finding("favourable"), kit.groups(30, 20))
    body = body_of_evidence([item], KINSHIP, PoolingMethods())
    effect = item.outcomes[1].effect
    assert effect is not None
    assert body.single_effect == (effect.scale, effect.estimate, effect.ci_low, effect.ci_high)
    assert (body.meta, body.narrative, body.weights, body.weighted_by) == (None, None, (("a", 1.0),), "participants")
    finding = body_of_evidence([_evidence(kit, "b", kit.finding("favourable"))], KINSHIP, PoolingMethods())
    assert (finding.single_effect, finding.narrative, finding.participants_missing) == (None, None, 1)
    assert finding.weighted_by == "equal shares"

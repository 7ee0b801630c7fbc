"""Which numbers a domain's meta-analysis pools (rating.pooling): shared control groups split by
hand (Cochrane Handbook 23.3.4), the most precise record of a shared sample, recomputed
measures, the pooled direction, and a pool that fails. Added for the mutation run of issue 21;
expected effects come from the effect-size functions fed the numbers worked out here."""

from __future__ import annotations

import pytest

from kinship_evidence.rating import pooling
from kinship_evidence.rating.evidence import study_evidence
from kinship_evidence.rating.frameworks import bundled_frameworks
from kinship_evidence.rating.pooling import meta_analysis, mixed_measures
from kinship_evidence.stats import effects
from kinship_evidence.stats.methods import PoolingMethods

KINSHIP = bundled_frameworks()["foundations-kinship-2024"]
METHODS = PoolingMethods()


def _evidence(studies):
    return [study_evidence(study, "carer-wellbeing", KINSHIP) for study in studies]


def _pooled(meta):
    return {s.study_id: (s.effect.estimate, s.effect.variance) for s in meta.studies}


def _effect(effect):
    return pytest.approx((effect.estimate, effect.variance))


@pytest.mark.parametrize(
    ("control", "split"),
    [
        ((30, 101), (15, 50)),  # 101 // 2 = 50 participants, round(30 * 50 / 101) = 15 events
        ((1, 3), (0, 1)),  # 3 // 2 = 1 participant, round(1 / 3) = 0 events
        ((9, 40), (4, 20)),  # round(4.5) = 4
    ],
)
def test_a_shared_control_group_of_counts_is_split_between_the_comparisons(rating_kit, control, split) -> None:
    events_c, n_c = control
    studies = [
        rating_kit.study("arm-a", rating_kit.counts("risk-ratio", 10, 50, events_c, n_c), sample="trial"),
        rating_kit.study("arm-b", rating_kit.counts("risk-ratio", 20, 60, events_c, n_c), sample="trial"),
    ]
    meta = meta_analysis(_evidence(studies), METHODS, True)
    pooled = _pooled(meta)
    assert pooled["arm-a"] == _effect(effects.from_counts("risk-ratio", 10, 50, *split))
    assert pooled["arm-b"] == _effect(effects.from_counts("risk-ratio", 20, 60, *split))
    assert "arm-a, arm-b share sample trial: their common control group is split 2 ways (Cochrane Handbook 23.3.4)" in meta.notes


@pytest.mark.parametrize(("n_c", "n_split"), [(5, 2), (4, 2), (2, 2), (9, 4)])
def test_a_shared_control_group_of_means_splits_its_participants_keeping_two_at_least(rating_kit, n_c, n_split) -> None:
    """Odd sizes round down (5 // 2 = 2); never fewer than two, as an SD needs two."""
    studies = [
        rating_kit.study("arm-a", rating_kit.groups(30, n_c, mean_t=12.0), sample="trial"),
        rating_kit.study("arm-b", rating_kit.groups(40, n_c, mean_t=13.0), sample="trial"),
    ]
    meta = meta_analysis(_evidence(studies), METHODS, True)
    pooled = _pooled(meta)
    assert pooled["arm-a"] == _effect(effects.from_groups("smd", 12.0, 4.0, 30, 10.0, 4.0, n_split))
    assert pooled["arm-b"] == _effect(effects.from_groups("smd", 13.0, 4.0, 40, 10.0, 4.0, n_split))


def test_records_of_one_sample_with_different_controls_pool_only_the_most_precise(rating_kit) -> None:
    studies = [
        rating_kit.study("wide", rating_kit.effect("smd", 0.9, 0.4), sample="trial"),
        rating_kit.study("narrow", rating_kit.effect("smd", 0.3, 0.1), sample="trial"),
        rating_kit.study("other", rating_kit.effect("smd", 0.5, 0.2)),
    ]
    meta = meta_analysis(_evidence(studies), METHODS, True)
    assert [s.study_id for s in meta.studies] == ["narrow", "other"]
    assert meta.left_out == (
        (
            "wide",
            "shares sample trial with narrow, which is pooled instead "
            "(the shared control group cannot be split from the numbers given)",
        ),
    )
    assert meta.notes == ()


def test_shared_sample_counts_with_different_control_numbers_are_not_split(rating_kit) -> None:
    studies = [
        rating_kit.study("arm-a", rating_kit.counts("risk-ratio", 10, 50, 30, 100), sample="trial"),
        rating_kit.study("arm-b", rating_kit.counts("risk-ratio", 20, 60, 31, 100), sample="trial"),
        rating_kit.study("other", rating_kit.counts("risk-ratio", 12, 40, 20, 40)),
    ]
    meta = meta_analysis(_evidence(studies), METHODS, True)
    assert len(meta.studies) == 2 and [item[0] for item in meta.left_out] in (["arm-a"], ["arm-b"])
    assert not any("split" in note for note in meta.notes)


def test_group_means_off_the_scale_are_recomputed_as_an_smd(rating_kit) -> None:
    studies = [
        rating_kit.study("a", rating_kit.effect("smd", 0.5, 0.1)),
        rating_kit.study("b", rating_kit.effect("smd", 0.4, 0.2)),
        rating_kit.study("md", rating_kit.groups(30, 35, mean_t=14.0, mean_c=10.0, sd=5.0, measure="mean-difference")),
    ]
    meta = meta_analysis(_evidence(studies), METHODS, True)
    assert meta.scale == "smd"
    assert _pooled(meta)["md"] == _effect(effects.from_groups("smd", 14.0, 5.0, 30, 10.0, 5.0, 35))
    assert meta.notes == (
        "md: its mean-difference is recomputed from its group means and SDs as a smd (the measure most of the domain's studies give;"
        " on a tie the first of odds ratio, risk ratio, risk difference, SMD, mean difference) to pool it with the others",
    )
    assert mixed_measures(_evidence(studies), True) == []


def test_an_even_split_of_directions_is_pooled_as_higher_is_better(rating_kit) -> None:
    studies = [
        rating_kit.study("up", rating_kit.effect("smd", 0.5, 0.1)),
        rating_kit.study("down", rating_kit.effect("smd", -0.4, 0.1, favourable="lower")),
    ]
    meta = meta_analysis(_evidence(studies), METHODS, True)
    assert meta.favourable == "higher"
    assert {s.study_id: s.flipped for s in meta.studies} == {"up": False, "down": True}


def test_a_pool_that_fails_keeps_the_error_and_the_studies(rating_kit, monkeypatch) -> None:
    def failing(estimates, variances, methods):
        raise ValueError("REML did not converge in 3 iterations")

    monkeypatch.setattr(pooling, "pool", failing)
    studies = [rating_kit.study(name, rating_kit.effect("smd", 0.5, 0.1)) for name in "ab"]
    meta = meta_analysis(_evidence(studies), METHODS, True)
    assert meta.result is None
    assert meta.error == "REML did not converge in 3 iterations"
    assert [s.study_id for s in meta.studies] == ["a", "b"]


def test_an_odds_ratio_beside_smds_is_no_mixed_measure_when_the_framework_converts_it(rating_kit) -> None:
    studies = [
        rating_kit.study("a", rating_kit.effect("smd", 0.5, 0.1)),
        rating_kit.study("b", rating_kit.effect("smd", 0.4, 0.2)),
        rating_kit.study("or", rating_kit.effect("odds-ratio", 1.8, 0.3)),
    ]
    assert mixed_measures(_evidence(studies), True) == []
    assert len(mixed_measures(_evidence(studies), False)) == 1


def test_a_measure_that_cannot_be_put_on_the_scale_is_named_with_every_measure(rating_kit) -> None:
    studies = [
        rating_kit.study("a", rating_kit.effect("smd", 0.5, 0.1)),
        rating_kit.study("b", rating_kit.effect("smd", 0.4, 0.2)),
        rating_kit.study("rr", rating_kit.effect("risk-ratio", 0.7, 0.2)),
    ]
    [notice] = mixed_measures(_evidence(studies), True)
    assert (notice.study_id, notice.field) == ("rr", "outcomes.0.measure")
    assert notice.message == (
        "rr left out of the smd meta-analysis: its risk-ratio cannot be put on that scale from the numbers recorded"
        " (measures in this domain: a: smd, b: smd, rr: risk-ratio); to pool them, record its 2x2 counts or group"
        " means and SDs, or its effect as a smd"
    )


def test_in_a_large_domain_the_measures_are_counted_not_every_study_named_in_every_warning(rating_kit) -> None:
    """Naming all k studies in each of the off-scale studies' warnings grew with k squared (49 MB of
    `rate --format json` at 10,000 records): above 12 studies each measure is counted, with its first three."""
    smd = [rating_kit.study(f"s{i:02}", rating_kit.effect("smd", 0.3, 0.1)) for i in range(20)]
    rr = [rating_kit.study(f"r{i}", rating_kit.effect("risk-ratio", 0.7, 0.2)) for i in range(2)]
    notices = mixed_measures(_evidence([*smd, *rr]), True)
    assert [n.study_id for n in notices] == ["r0", "r1"]
    assert "(measures in this domain: smd: 20 studies (s00, s01, s02, ...); risk-ratio: 2 studies (r0, r1));" in notices[0].message
    assert "s03" not in notices[0].message


def test_every_study_off_the_scale_is_named_not_only_the_first(rating_kit) -> None:
    studies = [
        rating_kit.study("a", rating_kit.effect("smd", 0.5, 0.1)),
        rating_kit.study("b", rating_kit.effect("smd", 0.4, 0.2)),
        rating_kit.study("c", rating_kit.effect("smd", 0.3, 0.2)),
        rating_kit.study("rr1", rating_kit.effect("risk-ratio", 0.7, 0.2)),
        rating_kit.study("rr2", rating_kit.counts("risk-ratio", 10, 50, 20, 50)),
    ]
    assert [notice.study_id for notice in mixed_measures(_evidence(studies), True)] == ["rr1", "rr2"]

"""Inconsistency, indirectness and publication bias by their stated rules (rules.py defaults,
GRADE 7 and 8; Cochrane Handbook 13.3.5.4 for Egger's test from 10 studies), on hand-made bodies."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import pytest

from kinship_evidence.rating.certainty.domains import inconsistency, indirectness, interval_words, publication_bias
from kinship_evidence.rating.certainty.results import BodyOfEvidence
from kinship_evidence.rating.certainty.rules import InconsistencyRule, IndirectnessRule, PublicationBiasRule
from kinship_evidence.rating.frameworks import bundled_frameworks
from kinship_evidence.stats.measures import EffectSize

KINSHIP = bundled_frameworks()["foundations-kinship-2024"]  # countries: high-income


def _body(studies: int = 3, meta: Any = None, narrative: Any = None,
          weights: tuple[tuple[str, float], ...] = (), weighted_by: str = "pooled weight") -> BodyOfEvidence:
    return BodyOfEvidence(tuple(s for s, _ in weights), studies, 300, 0, meta, narrative, None, weights, weighted_by)


def _meta(k: int, i2: float, pi: tuple[float, float], scale: str = "smd", studies: tuple[Any, ...] = ()) -> Any:
    result = SimpleNamespace(k=k, i2=i2, pi_low=pi[0], pi_high=pi[1])
    return SimpleNamespace(scale=scale, result=result, studies=studies)


# --- inconsistency: -1 from I^2 >= 50%, -2 from I^2 >= 75%, only when the PI crosses no effect

@pytest.mark.parametrize(
    ("i2", "down"),
    [(0.49, 0), (0.5, 1), (0.74, 1), (0.75, 2), (0.9, 2)],
)
def test_inconsistency_levels_at_the_i2_thresholds_when_the_pi_crosses(i2: float, down: int) -> None:
    judgement = inconsistency(_body(meta=_meta(4, i2, (-0.1, 0.6))), InconsistencyRule())
    assert judgement.rating_down == down
    assert judgement.assessed


def test_inconsistency_reason_in_full() -> None:
    judgement = inconsistency(_body(meta=_meta(4, 0.62, (-0.1, 0.6))), InconsistencyRule())
    assert judgement.reason == "I^2 = 62% (k = 4), t-k1 prediction interval -0.10 to 0.60 crosses no effect"


def test_a_pi_clear_of_no_effect_rates_down_nothing_whatever_i2() -> None:
    judgement = inconsistency(_body(meta=_meta(4, 0.9, (0.05, 0.8))), InconsistencyRule())
    assert judgement.rating_down == 0
    assert judgement.reason.endswith("prediction interval 0.05 to 0.80 is clear of no effect")
    below = inconsistency(_body(meta=_meta(4, 0.9, (-0.8, -0.05))), InconsistencyRule())
    assert below.rating_down == 0


@pytest.mark.parametrize("pi", [(0.0, 0.5), (-0.5, 0.0)])
def test_a_pi_ending_at_no_effect_crosses_it(pi: tuple[float, float]) -> None:
    assert inconsistency(_body(meta=_meta(4, 0.8, pi)), InconsistencyRule()).rating_down == 2


def test_a_ratio_pi_is_shown_on_the_natural_scale() -> None:
    judgement = inconsistency(_body(meta=_meta(3, 0.5, (math.log(0.5), math.log(2)), scale="log-odds-ratio")),
                              InconsistencyRule())
    assert "prediction interval 0.50 to 2.00 crosses no effect" in judgement.reason
    assert interval_words("log-risk-ratio", 0.0, math.log(4)) == "1.00 to 4.00"
    assert interval_words("smd", -0.25, 0.5) == "-0.25 to 0.50"


def test_inconsistency_not_assessable_below_min_studies() -> None:
    judgement = inconsistency(_body(studies=2, meta=_meta(2, 0.9, (-1, 1))), InconsistencyRule())
    assert (judgement.rating_down, judgement.assessed) == (0, False)
    assert judgement.reason == "not assessable (k = 2 < 3)"
    # three samples but only two pooled
    pooled = inconsistency(_body(studies=3, meta=_meta(2, 0.9, (-1, 1))), InconsistencyRule())
    assert (pooled.rating_down, pooled.assessed) == (0, False)
    assert pooled.reason == "not assessable (2 pooled studies < 3)"
    # exactly min_studies is assessable
    assert inconsistency(_body(studies=3, meta=_meta(3, 0.9, (-1, 1))), InconsistencyRule()).assessed


def test_inconsistency_of_a_narrative_synthesis() -> None:
    both = SimpleNamespace(favourable=2, unfavourable=1, studies=4)
    judgement = inconsistency(_body(studies=4, narrative=both), InconsistencyRule())
    assert judgement.rating_down == 1
    assert judgement.reason == "narrative synthesis: 2 favourable and 1 unfavourable of 4 studies"
    one_way = SimpleNamespace(favourable=3, unfavourable=0, studies=4)
    judgement = inconsistency(_body(studies=4, narrative=one_way), InconsistencyRule())
    assert judgement.rating_down == 0 and judgement.assessed
    assert judgement.reason == "narrative synthesis: no study points the other way (3 favourable, 0 unfavourable of 4)"
    other_way = SimpleNamespace(favourable=0, unfavourable=2, studies=3)
    assert inconsistency(_body(studies=3, narrative=other_way), InconsistencyRule()).rating_down == 0


def test_inconsistency_without_a_synthesis() -> None:
    failed = SimpleNamespace(scale="smd", result=None, studies=())
    for body in (_body(studies=3), _body(studies=3, meta=failed)):
        judgement = inconsistency(body, InconsistencyRule())
        assert (judgement.rating_down, judgement.assessed) == (0, False)
        assert judgement.reason == "not assessable: no synthesis"


# --- indirectness: -1 when studies outside the rule set's countries carry more than 50%

def _item(study_id: str, country: str) -> Any:
    return SimpleNamespace(study=SimpleNamespace(id=study_id, country=country))


@pytest.mark.parametrize(("outside_share", "down"), [(0.5, 0), (0.51, 1), (0.2, 0)])
def test_indirectness_rates_down_above_the_share(outside_share: float, down: int) -> None:
    # KE (Kenya) is not high-income; US and GB are
    weights = (("a", 1 - outside_share), ("b", outside_share))
    judgement = indirectness([_item("a", "US"), _item("b", "KE")], _body(weights=weights), KINSHIP, IndirectnessRule())
    assert judgement.rating_down == down


def test_indirectness_adds_the_shares_of_every_study_outside() -> None:
    # 30% + 25% = 55% > 50%
    weights = (("a", 0.45), ("b", 0.30), ("c", 0.25))
    evidence = [_item("a", "GB"), _item("b", "KE"), _item("c", "IN")]
    judgement = indirectness(evidence, _body(weights=weights, weighted_by="participants"), KINSHIP, IndirectnessRule())
    assert judgement.rating_down == 1
    assert judgement.reason == ("55% of the information (by participants) from countries outside the rule set's scope: "
                                "b (KE, 30%), c (IN, 25%); threshold 50%")


def test_indirectness_study_without_a_weight_counts_nothing() -> None:
    judgement = indirectness([_item("a", "US"), _item("b", "KE")], _body(weights=(("a", 1.0),)), KINSHIP,
                             IndirectnessRule())
    assert judgement.rating_down == 0
    assert judgement.reason.startswith("0% of the information")


def test_indirectness_within_the_countries_is_the_reviewers() -> None:
    judgement = indirectness([_item("a", "US")], _body(weights=(("a", 1.0),)), KINSHIP, IndirectnessRule())
    assert (judgement.rating_down, judgement.assessed) == (0, False)
    assert judgement.reason == ("not assessed: reviewer judgement (every study is from a country the rule set covers; "
                                "population, intervention and comparator are for the reviewer)")


# --- publication bias: Egger's test from 10 pooled studies, -1 when p < 0.10

def _pooled(estimates: list[float], ses: list[float]) -> tuple[Any, ...]:
    return tuple(SimpleNamespace(effect=EffectSize("smd", y, s * s)) for y, s in zip(estimates, ses))


# A funnel symmetric by construction (each se twice, at mu +- se): Egger's slope is 0, t = 0, p = 1.
SES = [0.1, 0.15, 0.2, 0.25, 0.3]
SYMMETRIC = _pooled([0.3 + d * s for s in SES for d in (1, -1)], [s for s in SES for _ in (1, -1)])
# Every effect equal to 2 se, plus a small scatter: the small studies show the larger effects.
ASYMMETRIC = _pooled([2 * s + 0.01 * (-1) ** i for i, s in enumerate(SES * 2)], SES * 2)


def test_publication_bias_symmetric_funnel_is_not_rated_down() -> None:
    judgement = publication_bias(_body(studies=10, meta=_meta(10, 0, (0, 0), studies=SYMMETRIC)), PublicationBiasRule())
    assert judgement.rating_down == 0 and judgement.assessed
    assert judgement.egger is not None and judgement.egger.df == 8
    assert judgement.egger.t == pytest.approx(0, abs=1e-9)  # printed as 0.00 or -0.00
    assert judgement.reason.endswith(".00, df = 8, p = 1 (no evidence of small-study asymmetry at p < 0.1; k = 10)")


def test_publication_bias_asymmetric_funnel_is_rated_down() -> None:
    judgement = publication_bias(_body(studies=10, meta=_meta(10, 0, (0, 0), studies=ASYMMETRIC)), PublicationBiasRule())
    assert judgement.rating_down == 1
    assert judgement.egger is not None and judgement.egger.p < 0.10
    assert "(small-study asymmetry at p < 0.1; k = 10)" in judgement.reason


def test_publication_bias_p_exactly_at_the_threshold_is_not_below_it() -> None:
    meta = _meta(10, 0, (0, 0), studies=ASYMMETRIC)
    judgement = publication_bias(_body(studies=10, meta=meta), PublicationBiasRule())
    assert judgement.egger is not None
    at = publication_bias(_body(studies=10, meta=meta), PublicationBiasRule(p_below=judgement.egger.p))
    assert at.rating_down == 0


def test_publication_bias_not_assessable_below_ten_pooled() -> None:
    judgement = publication_bias(_body(studies=9, meta=_meta(9, 0, (0, 0), studies=ASYMMETRIC[:9])),
                                 PublicationBiasRule())
    assert (judgement.rating_down, judgement.assessed) == (0, False)
    assert judgement.reason == "not assessable (k = 9 pooled < 10)"
    assert publication_bias(_body(studies=12), PublicationBiasRule()).reason == "not assessable (k = 0 pooled < 10)"
    failed = SimpleNamespace(scale="smd", result=None, studies=ASYMMETRIC)
    assert publication_bias(_body(studies=12, meta=failed), PublicationBiasRule()).reason == "not assessable (k = 0 pooled < 10)"


def test_publication_bias_egger_failure_is_not_assessable() -> None:
    same_se = _pooled([0.1 * i for i in range(10)], [0.2] * 10)
    judgement = publication_bias(_body(studies=10, meta=_meta(10, 0, (0, 0), studies=same_se)), PublicationBiasRule())
    assert (judgement.rating_down, judgement.assessed) == (0, False)
    assert judgement.reason == "not assessable: Egger's test needs standard errors that differ between studies"


def test_every_judgement_carries_its_domain_key() -> None:
    """``Certainty.judgement(key)`` finds a judgement by its key, on every path of each rule."""
    rule = InconsistencyRule()
    for body in (_body(studies=3), _body(studies=3, narrative=SimpleNamespace(favourable=2, unfavourable=1, studies=3)),
                 _body(studies=3, narrative=SimpleNamespace(favourable=2, unfavourable=0, studies=3)),
                 _body(studies=3, meta=_meta(2, 0.9, (-1, 1)))):
        assert inconsistency(body, rule).key == "inconsistency"
    outside = indirectness([_item("b", "KE")], _body(weights=(("b", 1.0),)), KINSHIP, IndirectnessRule())
    assert outside.key == "indirectness"
    same_se = _pooled([0.1 * i for i in range(10)], [0.2] * 10)
    failed = publication_bias(_body(studies=10, meta=_meta(10, 0, (0, 0), studies=same_se)), PublicationBiasRule())
    assert failed.key == "publication_bias"

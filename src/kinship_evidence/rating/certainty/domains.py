"""Inconsistency, indirectness and publication bias of a body of evidence, each by its stated rule."""

from __future__ import annotations

from collections.abc import Sequence

from kinship_evidence.rating.certainty.results import BodyOfEvidence, Judgement
from kinship_evidence.rating.certainty.rules import InconsistencyRule, IndirectnessRule, PublicationBiasRule
from kinship_evidence.rating.eligibility import country_allowed
from kinship_evidence.rating.evidence import StudyEvidence
from kinship_evidence.rating.frameworks import Framework
from kinship_evidence.stats.errors import StatsError
from kinship_evidence.stats.measures import natural_value
from kinship_evidence.stats.publication_bias import egger_test

RATIO_SCALES = {"log-odds-ratio": "OR", "log-risk-ratio": "RR"}


def on_natural_scale(scale: str, value: float) -> float:
    """An analysis-scale value as a reader knows it: exp for log odds and risk ratios."""
    return natural_value(scale, value)


def interval_words(scale: str, low: float, high: float) -> str:
    return f"{on_natural_scale(scale, low):.2f} to {on_natural_scale(scale, high):.2f}"


def inconsistency(body: BodyOfEvidence, rule: InconsistencyRule) -> Judgement:
    if body.studies < rule.min_studies:
        return Judgement("inconsistency", 0, f"not assessable (k = {body.studies} < {rule.min_studies})", assessed=False)
    meta = body.meta
    if meta is None or meta.result is None:
        narrative = body.narrative
        if narrative is None:
            return Judgement("inconsistency", 0, "not assessable: no synthesis", assessed=False)
        if narrative.favourable and narrative.unfavourable:
            return Judgement("inconsistency", 1, f"narrative synthesis: {narrative.favourable} favourable and "
                             f"{narrative.unfavourable} unfavourable of {narrative.studies} studies")
        return Judgement("inconsistency", 0, f"narrative synthesis: no study points the other way ({narrative.favourable} "
                         f"favourable, {narrative.unfavourable} unfavourable of {narrative.studies})")
    result = meta.result
    if result.k < rule.min_studies:
        return Judgement("inconsistency", 0, f"not assessable ({result.k} pooled studies < {rule.min_studies})", assessed=False)
    assert result.pi_low is not None and result.pi_high is not None
    crosses = result.pi_low <= 0 <= result.pi_high
    pi = f"{rule.prediction} prediction interval {interval_words(meta.scale, result.pi_low, result.pi_high)}"
    where = "crosses no effect" if crosses else "is clear of no effect"
    down = 0
    if crosses and result.i2 >= rule.very_serious_i2:
        down = 2
    elif crosses and result.i2 >= rule.serious_i2:
        down = 1
    return Judgement("inconsistency", down, f"I^2 = {result.i2:.0%} (k = {result.k}), {pi} {where}")


def indirectness(
    evidence: Sequence[StudyEvidence], body: BodyOfEvidence, framework: Framework, rule: IndirectnessRule
) -> Judgement:
    share = dict(body.weights)
    outside = [(item.study.id, item.study.country, share.get(item.study.id, 0.0)) for item in evidence
               if not country_allowed(item.study.country, framework)]
    if not outside:
        return Judgement("indirectness", 0, "not assessed: reviewer judgement (every study is from a country the rule "
                         "set covers; population, intervention and comparator are for the reviewer)", assessed=False)
    total = sum(weight for *_, weight in outside)
    named = ", ".join(f"{study_id} ({country}, {weight:.0%})" for study_id, country, weight in outside)
    down = 1 if total > rule.down_one_share else 0
    return Judgement("indirectness", down, f"{total:.0%} of the information (by {body.weighted_by}) from countries "
                     f"outside the rule set's scope: {named}; threshold {rule.down_one_share:.0%}")


def publication_bias(body: BodyOfEvidence, rule: PublicationBiasRule) -> Judgement:
    meta = body.meta
    k = meta.result.k if meta is not None and meta.result is not None else 0
    if meta is None or k < rule.min_studies:
        return Judgement("publication_bias", 0, f"not assessable (k = {k} pooled < {rule.min_studies})", assessed=False)
    try:
        egger = egger_test([s.effect.estimate for s in meta.studies], [s.effect.variance for s in meta.studies])
    except StatsError as error:
        return Judgement("publication_bias", 0, f"not assessable: {error}", assessed=False)
    down = 1 if egger.p < rule.p_below else 0
    verdict = "small-study asymmetry" if down else "no evidence of small-study asymmetry"
    return Judgement("publication_bias", down, f"Egger's test t = {egger.t:.2f}, df = {egger.df}, p = {egger.p:.3g} "
                     f"({verdict} at p < {rule.p_below:g}; k = {k})", egger=egger)

"""The certainty of one outcome domain: start, the five judgements (recorded ones in place), upgrade, level.

Recorded judgements (``certainty:`` in ``recommendations.yaml``) replace the computed ones and
keep them beside (``Judgement.computed``), so ``explain`` shows both and ``check`` can warn when a
recorded judgement is more favourable than the computed one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from kinship_evidence.data.models import DomainCertainty
from kinship_evidence.rating.certainty.absolute import absolute_effect, pooled_interval
from kinship_evidence.rating.certainty.bias import risk_of_bias
from kinship_evidence.rating.certainty.body import body_of_evidence
from kinship_evidence.rating.certainty.domains import RATIO_SCALES, inconsistency, indirectness, publication_bias
from kinship_evidence.rating.certainty.imprecision import imprecision
from kinship_evidence.rating.certainty.results import BodyOfEvidence, Certainty, Judgement
from kinship_evidence.rating.certainty.rules import CertaintyRules
from kinship_evidence.rating.evidence import StudyEvidence
from kinship_evidence.rating.frameworks import Framework
from kinship_evidence.stats.measures import natural_value
from kinship_evidence.stats.methods import PoolingMethods


def _starts_high(item: StudyEvidence, rules: CertaintyRules) -> bool:
    if item.study.design in rules.randomised:
        return True
    appraisal = item.quality.appraisal
    return rules.robins_i_starts_high and appraisal is not None and appraisal.tool == "robins-i"


def _start(
    evidence: Sequence[StudyEvidence], body: BodyOfEvidence, rules: CertaintyRules
) -> tuple[Literal["high", "low"], str]:
    share = dict(body.weights)
    high = sum(share.get(item.study.id, 0.0) for item in evidence if _starts_high(item, rules))
    designs = ", ".join(sorted({item.study.design for item in evidence})) or "none"
    start: Literal["high", "low"] = "high" if high > 0.5 else "low"
    why = f"{high:.0%} of the information (by {body.weighted_by}) from studies that start high (designs: {designs})"
    return start, f"{start}: {why}"


def _large_effect(start: str, judgements: Sequence[Judgement], body: BodyOfEvidence, rules: CertaintyRules) -> tuple[int, str]:
    rule = rules.large_effect
    if not rule.enabled:
        return 0, "not used by this rule set"
    interval = pooled_interval(body)
    if start != "low" or any(j.rating_down for j in judgements) or interval is None or interval[0] not in RATIO_SCALES:
        return 0, "none: only a ratio effect of evidence that starts low and is rated down in no domain can rate up"
    scale, estimate, low, high = interval
    if low <= 0 <= high:
        return 0, "none: the CI includes no effect"
    ratio = natural_value(scale, abs(estimate))
    up = 2 if ratio >= rule.up_two_ratio else 1 if ratio >= rule.up_one_ratio else 0
    pooled = f"pooled {RATIO_SCALES[scale]} {natural_value(scale, estimate):.2f}"
    against = f"magnitude {ratio:.2f} against {rule.up_one_ratio:g} and {rule.up_two_ratio:g}"
    return up, f"{'+' if up else ''}{up}: {pooled} ({against})"


def _with_recorded(computed: Judgement, recorded: DomainCertainty | None) -> Judgement:
    if recorded is None or (given := recorded.recorded().get(computed.key)) is None:
        return computed
    return Judgement(computed.key, given.rating_down, " ".join(given.reason.split()), "recorded", computed, egger=computed.egger)


def assess_certainty(
    domain: str,
    evidence: Sequence[StudyEvidence],
    framework: Framework,
    methods: PoolingMethods,
    recorded: DomainCertainty | None = None,
) -> Certainty | None:
    """GRADE certainty of ``domain`` from the body of evidence ``evidence``; None without a study."""
    if not evidence:
        return None
    rules = framework.certainty
    body = body_of_evidence(evidence, framework, methods)
    baseline = recorded.baseline_risk if recorded is not None else None
    mid = recorded.minimal_important_difference if recorded is not None else None
    computed = (
        risk_of_bias(evidence, body, rules.risk_of_bias),
        inconsistency(body, rules.inconsistency),
        indirectness(evidence, body, framework, rules.indirectness),
        imprecision(evidence, body, rules.imprecision, baseline, mid),
        publication_bias(body, rules.publication_bias),
    )
    judgements = tuple(_with_recorded(judgement, recorded) for judgement in computed)
    start, start_reason = _start(evidence, body, rules)
    upgrade, upgrade_reason = _large_effect(start, judgements, body, rules)
    return Certainty(domain, start, start_reason, judgements, upgrade, upgrade_reason, body,
                     absolute_effect(evidence, body, baseline))

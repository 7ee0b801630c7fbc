"""Imprecision: the 95% CI against no effect (or a MID), and the optimal information size.

GRADE 6 (Guyatt et al. 2011, J Clin Epidemiol 64:1283-1293): rate down when the CI includes
no effect (or, with a minimally important difference, crosses a threshold of +-MID: one level
for each threshold inside the CI), and when the body holds less information than the optimal
information size (OIS): for continuous outcomes ``continuous_ois`` participants (GRADE 6's rule
of thumb of 400); for binary outcomes the events of a conventional two-arm trial powered
``power`` at two-sided ``alpha`` for a relative risk reduction ``relative_risk_reduction`` from
the comparator risk ``p0`` (``p1 = p0 (1 - RRR)``):

    n per arm = (z_{1-alpha/2} + z_{power})^2 (p0 (1 - p0) + p1 (1 - p1)) / (p0 - p1)^2
    OIS events = n per arm (p0 + p1)

(GRADE 6 uses 25% RRR, alpha 0.05, beta 0.20). At most two levels in all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kinship_evidence.rating.certainty.absolute import BINARY_SCALES, comparator_risk, pooled_interval
from kinship_evidence.rating.certainty.domains import RATIO_SCALES, interval_words, on_natural_scale
from kinship_evidence.rating.certainty.results import BodyOfEvidence, Judgement
from kinship_evidence.rating.certainty.rules import ImprecisionRule
from kinship_evidence.rating.evidence import StudyEvidence
from kinship_evidence.stats.distributions import qnorm


def binary_ois_events(p0: float, rule: ImprecisionRule) -> float:
    """The OIS in events for comparator risk ``p0`` (formula in the module docstring)."""
    p1 = p0 * (1 - rule.relative_risk_reduction)
    z = qnorm(1 - rule.alpha / 2) + qnorm(rule.power)
    per_arm = z * z * (p0 * (1 - p0) + p1 * (1 - p1)) / (p0 - p1) ** 2
    return per_arm * (p0 + p1)


def _events(evidence: Sequence[StudyEvidence]) -> tuple[int, int]:
    """Events in both arms of the studies with counts, and how many studies had counts."""
    total = counted = 0
    for item in evidence:
        outcome = item.pooled_outcome
        counts = outcome.outcome.counts if outcome is not None else None
        if counts is not None:
            total += counts.intervention.events + counts.control.events
            counted += 1
    return total, counted


def _ci_concern(scale: str, low: float, high: float, mid: float | None) -> tuple[int, str]:
    ci = f"95% CI {interval_words(scale, low, high)}"
    if mid is None:
        null = "1" if scale in RATIO_SCALES else "0"
        if low <= 0 <= high:
            return 1, f"{ci} includes no effect ({null})"
        return 0, f"{ci} excludes no effect"
    threshold = math.log(mid) if scale in RATIO_SCALES else mid
    crossed = [t for t in (-threshold, threshold) if low < t < high]
    shown = ", ".join(f"{v:.2f}" for v in sorted({on_natural_scale(scale, t) for t in (-threshold, threshold)}))
    if crossed:
        return len(crossed), f"{ci} crosses {len(crossed)} of the MID thresholds ({shown})"
    return 0, f"{ci} crosses neither MID threshold ({shown})"


def _information(evidence: Sequence[StudyEvidence], body: BodyOfEvidence, scale: str | None,
                 baseline_risk: float | None, rule: ImprecisionRule) -> tuple[int, str]:
    if scale in BINARY_SCALES:
        comparator = comparator_risk(evidence, baseline_risk)
        events, counted = _events(evidence)
        if comparator is None or counted == 0:
            return 0, "information size not assessable: no event counts"
        if not 0 < comparator[0] < 1:
            return 0, f"information size not assessable: comparator risk {comparator[0]:g}"
        ois = binary_ois_events(comparator[0], rule)
        partial = f" (from {counted} of {len(evidence)} studies)" if counted < len(evidence) else ""
        met = events >= ois
        words = "meets" if met else "is below"
        return (0 if met else 1), (f"{events:,} events{partial} {words} the OIS of {math.ceil(ois):,} events "
                                   f"(comparator risk {comparator[0]:.3f}, RRR {rule.relative_risk_reduction:.0%})")
    if body.participants == 0:
        return 0, "information size not assessable: no participant counts"
    missing = f" (+ {body.participants_missing} not reported)" if body.participants_missing else ""
    met = body.participants >= rule.continuous_ois
    words = "meets" if met else "is below"
    return (0 if met else 1), f"{body.participants:,} participants{missing} {words} the OIS of {rule.continuous_ois}"


def imprecision(evidence: Sequence[StudyEvidence], body: BodyOfEvidence, rule: ImprecisionRule,
                baseline_risk: float | None = None, mid: float | None = None) -> Judgement:
    if not evidence:
        return Judgement("imprecision", 0, "not assessable: no study", assessed=False)
    interval = pooled_interval(body)
    if interval is None:
        scales = [o.effect.scale for item in evidence if (o := item.pooled_outcome) is not None and o.effect is not None]
        scale = max(scales, key=scales.count) if scales else None
        what = "narrative synthesis" if body.narrative is not None else "a reported finding without numbers"
        ci_down, ci_words = 0, f"no pooled estimate ({what}): the CI is not assessable"
    else:
        scale = interval[0]
        ci_down, ci_words = _ci_concern(scale, interval[2], interval[3], mid)
    info_down, info_words = _information(evidence, body, scale, baseline_risk, rule)
    return Judgement("imprecision", min(2, ci_down + info_down), f"{ci_words}; {info_words}")

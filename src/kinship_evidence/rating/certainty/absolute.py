"""Anticipated absolute effects (GRADEpro's "risk with comparator / with intervention").

Binary outcomes: the assumed comparator risk ``p0`` is the domain's ``baseline_risk`` when the
recommendation records one, else the median control-group risk (events / n) of the body's
studies with counts. The intervention risk follows from the pooled effect and each CI bound:

* odds ratio: ``p1 = OR p0 / (1 - p0 + OR p0)``;
* risk ratio: ``p1 = RR p0``;
* risk difference: ``p1 = p0 + RD``;

each clipped to [0, 1], times 1,000; the difference is ``1000 (p1 - p0)``. Continuous outcomes
are written as GRADEpro writes them: ``SMD 0.25 higher (0.05 to 0.45 higher)``, an MD likewise
in the outcome's units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kinship_evidence.rating.certainty.results import AbsoluteEffect, BodyOfEvidence
from kinship_evidence.rating.evidence import StudyEvidence
from kinship_evidence.stats.measures import natural_value

BINARY_SCALES = ("log-odds-ratio", "log-risk-ratio", "risk-difference")
CONTINUOUS_LABELS = {"smd": "SMD", "mean-difference": "MD"}


def comparator_risk(evidence: Sequence[StudyEvidence], baseline_risk: float | None) -> tuple[float, str] | None:
    """The assumed comparator risk and where it comes from; None when nothing gives one."""
    if baseline_risk is not None:
        return baseline_risk, "baseline_risk recorded for the domain"
    risks = []
    for item in evidence:
        outcome = item.pooled_outcome
        counts = outcome.outcome.counts if outcome is not None else None
        if counts is not None:
            risks.append(counts.control.events / counts.control.n)
    if not risks:
        return None
    from statistics import median  # only for a body with counts and no recorded risk (0.8 ms of start-up)

    return median(risks), f"median control-group risk of {len(risks)} stud{'y' if len(risks) == 1 else 'ies'} with counts"


def intervention_risk(scale: str, effect: float, p0: float) -> float:
    """The intervention risk from the comparator risk ``p0`` and an effect on the analysis scale."""
    if scale == "log-odds-ratio":
        odds_ratio = natural_value(scale, effect)
        p1 = 1.0 if math.isinf(odds_ratio) else odds_ratio * p0 / (1 - p0 + odds_ratio * p0)
    elif scale == "log-risk-ratio":
        p1 = natural_value(scale, effect) * p0
    elif scale == "risk-difference":
        p1 = p0 + effect
    else:
        raise ValueError(f"no absolute risk for the {scale} scale")
    return min(1.0, max(0.0, p1))


def pooled_interval(body: BodyOfEvidence) -> tuple[str, float, float, float] | None:
    """(scale, estimate, ci_low, ci_high) of the body's pooled or single-study effect."""
    if body.meta is not None and body.meta.result is not None:
        result = body.meta.result
        return body.meta.scale, result.estimate, result.ci_low, result.ci_high
    return body.single_effect


def _direction(value: float) -> str:
    return f"{abs(value):.2f} {'higher' if value >= 0 else 'lower'}"


def absolute_effect(
    evidence: Sequence[StudyEvidence], body: BodyOfEvidence, baseline_risk: float | None
) -> AbsoluteEffect | None:
    interval = pooled_interval(body)
    if interval is None:
        return None
    scale, estimate, low, high = interval
    if scale in CONTINUOUS_LABELS:
        same_side = (low >= 0) == (high >= 0)
        first = f"{abs(low):.2f}" if same_side else _direction(low)
        words = f"{CONTINUOUS_LABELS[scale]} {_direction(estimate)} ({first} to {_direction(high)})"
        return AbsoluteEffect(text=words)
    comparator = comparator_risk(evidence, baseline_risk)
    if scale not in BINARY_SCALES or comparator is None:
        return AbsoluteEffect(text="no comparator risk: no study with counts and no baseline_risk recorded")
    p0, source = comparator
    p1, p_low, p_high = (intervention_risk(scale, value, p0) for value in (estimate, low, high))
    return AbsoluteEffect(
        comparator_per_1000=1000 * p0,
        intervention_per_1000=1000 * p1,
        intervention_ci=(1000 * p_low, 1000 * p_high),
        difference_per_1000=1000 * (p1 - p0),
        difference_ci=(1000 * (p_low - p0), 1000 * (p_high - p0)),
        comparator_source=source,
    )

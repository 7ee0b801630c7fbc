"""The body of evidence GRADE rates for one outcome domain, and its analysis.

GRADE rates every study of the outcome, whatever its quality or country (risk of bias and
indirectness are what it rates down for): here every study that names the recommendation, has
one of the rule set's designs and measured the domain. It is pooled as the guide's rating pools
(same scale rule, methods and shared-sample handling), with the certainty rules' prediction
interval; a narrative synthesis when fewer than two can be pooled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from kinship_evidence.rating.certainty.results import BodyOfEvidence
from kinship_evidence.rating.evidence import StudyEvidence
from kinship_evidence.rating.frameworks import Framework
from kinship_evidence.rating.pooling import meta_analysis
from kinship_evidence.rating.synthesis import narrative_synthesis
from kinship_evidence.stats.methods import PoolingMethods


def study_size(item: StudyEvidence) -> int | None:
    """A study's participants: ``sample_size``, else its first outcome's arm sizes; None when not reported."""
    if item.study.sample_size is not None:
        return item.study.sample_size
    for outcome in item.outcomes:
        arms = outcome.outcome.counts or outcome.outcome.groups
        if arms is not None:
            return arms.intervention.n + arms.control.n
    return None


def participant_count(evidence: Iterable[StudyEvidence]) -> tuple[int, int, int]:
    """(participants, samples without a count, distinct samples): records sharing a sample count once."""
    seen: set[str] = set()
    total = missing = 0
    for item in evidence:
        if item.sample_key in seen:
            continue
        seen.add(item.sample_key)
        size = study_size(item)
        if size is None:
            missing += 1
        else:
            total += size
    return total, missing, len(seen)


def _shares(evidence: Sequence[StudyEvidence]) -> tuple[tuple[tuple[str, float], ...], str]:
    sizes = [study_size(item) for item in evidence]
    if all(size is not None for size in sizes) and sum(s or 0 for s in sizes) > 0:
        total = sum(s or 0 for s in sizes)
        return tuple((item.study.id, (size or 0) / total) for item, size in zip(evidence, sizes, strict=True)), "participants"
    return tuple((item.study.id, 1 / len(evidence)) for item in evidence), "equal shares"


def body_of_evidence(evidence: Sequence[StudyEvidence], framework: Framework, methods: PoolingMethods) -> BodyOfEvidence:
    """The body's analysis; ``evidence`` holds each study's evidence in the domain."""
    participants, missing, samples = participant_count(evidence)
    ids = tuple(item.study.id for item in evidence)
    with_prediction = replace(methods, prediction=framework.certainty.inconsistency.prediction)
    meta = meta_analysis(evidence, with_prediction, framework.or_to_smd) if len(evidence) > 1 else None
    if meta is not None and meta.result is not None:
        weights = tuple((study.study_id, weight) for study, weight in zip(meta.studies, meta.result.weights, strict=True))
        pooled = {study_id for study_id, _ in weights}
        weights += tuple((study_id, 0.0) for study_id in ids if study_id not in pooled)
        return BodyOfEvidence(ids, samples, participants, missing, meta, None, None, weights, "pooled weight")
    shares, weighted_by = _shares(evidence) if evidence else ((), "equal shares")
    narrative = narrative_synthesis(evidence, framework.narrative) if len(evidence) > 1 else None
    single = None
    if len(evidence) == 1 and (outcome := evidence[0].pooled_outcome) is not None and outcome.effect is not None:
        effect = outcome.effect
        single = (effect.scale, effect.estimate, effect.ci_low, effect.ci_high)
    return BodyOfEvidence(ids, samples, participants, missing, meta, narrative, single, shares, weighted_by)

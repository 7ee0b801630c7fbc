"""A meta-analysis of one domain's studies: which numbers are pooled, on which scale, which way.

* One numeric effect per study: its first outcome in the domain with numbers.
* One scale: the scale with the most studies (log OR, log RR, RD, SMD or MD); a log odds ratio
  joins SMDs through SMD = ln(OR) * sqrt(3) / pi when the framework allows it; no other mix.
* One direction: effects where the other direction is favourable are negated, so every pooled
  effect points the way the majority of the pooled outcomes call favourable.
* One trial counted once: records that share a ``sample`` are not pooled as independent. When
  each gives 2x2 counts or group summaries and their control groups are the same numbers, the
  shared control group is split evenly between the comparisons (Cochrane Handbook, section
  23.3.4: events and participants divided for counts, participants for means and SDs).
  Otherwise only the most precise of them is pooled, with a warning naming the others.

Every study left out of the pool (another scale, numbers that define no effect, a shared
sample) is recorded with the reason, and so is a pool that could not be computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from kinship_evidence.rating.evidence import OutcomeEvidence, StudyEvidence
from kinship_evidence.rating.synthesis import MetaAnalysis, PooledStudy
from kinship_evidence.stats import effects
from kinship_evidence.stats.effects import SCALES, EffectSize, log_odds_ratio_to_smd
from kinship_evidence.stats.meta_analysis import pool
from kinship_evidence.stats.methods import PoolingMethods

Member = tuple[StudyEvidence, OutcomeEvidence]


def _pooling_scale(effect: EffectSize, or_to_smd: bool, scales_present: set[str]) -> str:
    if or_to_smd and effect.scale == "log-odds-ratio" and "smd" in scales_present:
        return "smd"
    return effect.scale


def _control_arm(outcome: OutcomeEvidence) -> tuple | None:
    data = outcome.outcome.counts or outcome.outcome.groups
    return None if data is None else tuple(data.control.model_dump().items())


def _with_split_control(member: Member, parts: int) -> EffectSize:
    """The member's effect recomputed with its control group divided into ``parts`` (Handbook 23.3.4)."""
    outcome = member[1].outcome
    measure = outcome.measure
    assert measure is not None
    if outcome.counts is not None:
        t, c = outcome.counts.intervention, outcome.counts.control
        n_c = max(1, c.n // parts)
        events_c = min(n_c, round(c.events * n_c / c.n))
        return effects.from_counts(measure, t.events, t.n, events_c, n_c)
    assert outcome.groups is not None
    t2, c2 = outcome.groups.intervention, outcome.groups.control
    return effects.from_groups(measure, t2.mean, t2.sd, t2.n, c2.mean, c2.sd, max(2, c2.n // parts))


def _one_per_sample(members: list[Member]) -> tuple[list[tuple[Member, EffectSize]], list[tuple[str, str]], list[str]]:
    """Each sample's records: split a shared control where the data allow, else keep the most precise."""
    by_sample: dict[str, list[Member]] = {}
    for member in members:
        by_sample.setdefault(member[0].sample_key, []).append(member)
    kept: list[tuple[Member, EffectSize]] = []
    left_out: list[tuple[str, str]] = []
    notes: list[str] = []
    for sample, group in by_sample.items():
        if len(group) == 1:
            kept.append((group[0], group[0][1].effect))  # type: ignore[arg-type]
            continue
        names = ", ".join(item.study.id for item, _ in group)
        controls = {_control_arm(outcome) for _, outcome in group}
        if len(controls) == 1 and None not in controls:
            try:
                kept.extend((member, _with_split_control(member, len(group))) for member in group)
            except ValueError:
                pass
            else:
                notes.append(f"{names} share sample {sample}: their common control group is split {len(group)} ways (Cochrane Handbook 23.3.4)")
                continue
        best = min(group, key=lambda member: member[1].effect.variance)  # type: ignore[union-attr]
        kept.append((best, best[1].effect))  # type: ignore[arg-type]
        for item, _ in group:
            if item is not best[0]:
                left_out.append((item.study.id, f"shares sample {sample} with {best[0].study.id}, which is pooled instead "
                                 "(the shared control group cannot be split from the numbers given)"))
    return kept, left_out, notes


def meta_analysis(evidence: Sequence[StudyEvidence], methods: PoolingMethods | str, or_to_smd: bool) -> MetaAnalysis | None:
    """Pool the largest group of studies on one scale; None when fewer than two can be pooled."""
    left_out: list[tuple[str, str]] = []
    numeric: list[Member] = []
    for item in evidence:
        outcome = item.pooled_outcome
        if outcome is not None:  # a study whose numbers define no effect is warned about by its domain
            numeric.append((item, outcome))
    scales_present = {outcome.effect.scale for _, outcome in numeric if outcome.effect is not None}
    groups: dict[str, list[Member]] = {}
    for item, outcome in numeric:
        assert outcome.effect is not None
        groups.setdefault(_pooling_scale(outcome.effect, or_to_smd, scales_present), []).append((item, outcome))
    if not groups:
        return None
    scale = max(groups, key=lambda name: (len({m[0].sample_key for m in groups[name]}), len(groups[name]), -SCALES.index(name)))
    for other, members in groups.items():
        if other != scale:
            left_out += [(item.study.id, f"its effect is on the {other} scale; the pool is on {scale}") for item, _ in members]
    kept, shared_out, notes = _one_per_sample(groups[scale])
    left_out += shared_out
    if len(kept) < 2:
        return None
    directions = [outcome.outcome.favourable for (_, outcome), _ in kept]
    favourable = "lower" if directions.count("lower") > directions.count("higher") else "higher"
    pooled_studies = []
    for (item, outcome), effect in kept:
        converted = effect.scale != scale
        if converted:
            effect = log_odds_ratio_to_smd(effect)
        flipped = outcome.outcome.favourable != favourable
        if flipped:
            effect = replace(effect, estimate=-effect.estimate)
        pooled_studies.append(PooledStudy(item.study.id, effect, converted, flipped))
    meta = MetaAnalysis(scale, favourable, tuple(pooled_studies), None, left_out=tuple(left_out), notes=tuple(notes))
    try:
        result = pool([s.effect.estimate for s in pooled_studies], [s.effect.variance for s in pooled_studies], methods)
    except ValueError as error:  # the statistics raise ValueError subclasses only
        return replace(meta, error=str(error))
    return replace(meta, result=result)

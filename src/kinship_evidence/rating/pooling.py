"""A meta-analysis of one domain's studies: which numbers are pooled, on which scale, which way.

* One numeric effect per study: its first outcome in the domain with numbers.
* One scale: the scale with the most studies (log OR, log RR, RD, SMD or MD; on a tie, the first
  in that order); a log odds ratio joins SMDs through SMD = ln(OR) * sqrt(3) / pi when the
  framework allows it. A study on another scale whose record gives 2x2 counts is recomputed on
  the chosen count measure (odds ratio, risk ratio or risk difference: each is defined by the
  counts, metafor's ``escalc`` with measure OR, RR or RD), and one that gives group means and
  SDs on the SMD; a note says so. A study that cannot be put on the scale (an effect reported
  only as another measure) is left out with a warning (:func:`mixed_measures`) naming every
  study's measure and how to make them poolable.
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
from typing import Any

from kinship_evidence.rating.evidence import OutcomeEvidence, StudyEvidence
from kinship_evidence.rating.results import Notice
from kinship_evidence.rating.synthesis import MetaAnalysis, PooledStudy
from kinship_evidence.stats import effects
from kinship_evidence.stats.effects import SCALES, EffectSize, log_odds_ratio_to_smd
from kinship_evidence.stats.measures import COUNT_MEASURES, SCALE_OF_MEASURE
from kinship_evidence.stats.meta_analysis import pool
from kinship_evidence.stats.methods import PoolingMethods

Member = tuple[StudyEvidence, OutcomeEvidence]


def _pooling_scale(effect: EffectSize, or_to_smd: bool, scales_present: set[str]) -> str:
    if or_to_smd and effect.scale == "log-odds-ratio" and "smd" in scales_present:
        return "smd"
    return effect.scale


def _control_arm(outcome: OutcomeEvidence) -> tuple[tuple[str, Any], ...] | None:
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
                notes.append(
                    f"{names} share sample {sample}: their common control group is split {len(group)} ways (Cochrane Handbook 23.3.4)"
                )
                continue
        best = min(group, key=lambda member: member[1].effect.variance)  # type: ignore[union-attr]
        kept.append((best, best[1].effect))  # type: ignore[arg-type]
        for item, _ in group:
            if item is not best[0]:
                left_out.append(
                    (
                        item.study.id,
                        f"shares sample {sample} with {best[0].study.id}, which is pooled instead "
                        "(the shared control group cannot be split from the numbers given)",
                    )
                )
    return kept, left_out, notes


MEASURE_OF_SCALE = {scale: measure for measure, scale in SCALE_OF_MEASURE.items()}


def _recomputed(outcome: OutcomeEvidence, scale: str) -> EffectSize | None:
    """The outcome's effect on ``scale`` from its own counts (any count measure) or group summaries (SMD)."""
    measure, data = MEASURE_OF_SCALE[scale], outcome.outcome
    try:
        recomputed: EffectSize | None = None
        if data.counts is not None and measure in COUNT_MEASURES:
            t, c = data.counts.intervention, data.counts.control
            recomputed = effects.from_counts(measure, t.events, t.n, c.events, c.n)
        elif data.groups is not None and measure == "smd":
            t2, c2 = data.groups.intervention, data.groups.control
            recomputed = effects.from_groups(measure, t2.mean, t2.sd, t2.n, c2.mean, c2.sd, c2.n)
        return recomputed
    except ValueError:  # numbers that define no effect on this measure (e.g. a zero cell for a ratio)
        return None


class ScaleMemo:
    """Effects recomputed on another scale, each computed once per outcome while the memo lives.

    Robustness pools nearly the same studies thousands of times; an outcome's effect on a scale
    depends on that outcome alone. The key holds the outcome itself, so no entry can outlive it
    and match another outcome that reuses its ``id``.
    """

    def __init__(self) -> None:
        self.kept: dict[tuple[int, str], tuple[OutcomeEvidence, EffectSize | None]] = {}

    def recomputed(self, outcome: OutcomeEvidence, scale: str) -> EffectSize | None:
        key = (id(outcome), scale)
        hit = self.kept.get(key)
        if hit is not None and hit[0] is outcome:
            return hit[1]
        effect = _recomputed(outcome, scale)
        self.kept[key] = (outcome, effect)
        return effect


def _on_one_scale(
    evidence: Sequence[StudyEvidence], or_to_smd: bool, memo: ScaleMemo | None = None
) -> tuple[str, list[Member], list[Member], list[str]] | None:
    """The domain's scale, its members (recomputed where their numbers allow), the studies off it, and notes."""
    numeric: list[tuple[StudyEvidence, OutcomeEvidence, EffectSize]] = []
    for item in evidence:
        outcome = item.pooled_outcome
        if outcome is not None and outcome.effect is not None:
            numeric.append((item, outcome, outcome.effect))
    scales_present = {effect.scale for _, _, effect in numeric}
    groups: dict[str, list[Member]] = {}
    for item, outcome, effect in numeric:
        groups.setdefault(_pooling_scale(effect, or_to_smd, scales_present), []).append((item, outcome))
    if not groups:
        return None
    scale = max(groups, key=lambda name: (len({m[0].sample_key for m in groups[name]}), len(groups[name]), -SCALES.index(name)))
    members: list[Member] = list(groups[scale])
    off_scale: list[Member] = []
    notes: list[str] = []
    for other, others in groups.items():
        for item, outcome in others if other != scale else ():
            on_scale = memo.recomputed(outcome, scale) if memo is not None else _recomputed(outcome, scale)
            if on_scale is None:
                off_scale.append((item, outcome))
                continue
            members.append((item, replace(outcome, effect=on_scale)))
            notes.append(
                f"{item.study.id}: its {outcome.outcome.measure} is recomputed from its "
                f"{'counts' if outcome.outcome.counts is not None else 'group means and SDs'} as a "
                f"{MEASURE_OF_SCALE[scale]} (the measure most of the domain's studies give; on a tie the first of odds"
                " ratio, risk ratio, risk difference, SMD, mean difference) to pool it with the others"
            )
    return scale, members, off_scale, notes


#: Up to this many studies in a domain, the warning names each with its measure; above it, each
#: measure with its count and its first few studies (naming all of them in each warning made the
#: warnings grow with the square of the domain's studies: 49 MB of JSON at 10,000 records).
NAMED_MEASURES = 12
EXAMPLES_PER_MEASURE = 3


def _measures_named(members: Sequence[Member]) -> str:
    """``a: smd, b: risk-ratio``; or, for many studies, ``smd: 312 studies (a, b, c, ...), ...``."""
    if len(members) <= NAMED_MEASURES:
        return ", ".join(f"{item.study.id}: {outcome.outcome.measure}" for item, outcome in members)
    by_measure: dict[str | None, list[str]] = {}
    for item, outcome in members:
        by_measure.setdefault(outcome.outcome.measure, []).append(item.study.id)
    parts = []
    for measure, ids in by_measure.items():
        shown = ", ".join(ids[:EXAMPLES_PER_MEASURE]) + (", ..." if len(ids) > EXAMPLES_PER_MEASURE else "")
        parts.append(f"{measure}: {len(ids)} {'study' if len(ids) == 1 else 'studies'} ({shown})")
    return "; ".join(parts)


def mixed_measures(evidence: Sequence[StudyEvidence], or_to_smd: bool) -> list[Notice]:
    """A warning for each study whose effect cannot be put on the domain's scale, naming every study's measure."""
    found = _on_one_scale(evidence, or_to_smd)
    if found is None or not found[2]:
        return []
    scale, members, off_scale, _ = found
    measures = _measures_named([*members, *off_scale])
    notices = []
    for item, outcome in off_scale:
        index = next(i for i, o in enumerate(item.study.outcomes) if o is outcome.outcome)
        notices.append(
            Notice(
                item.study.id,
                f"outcomes.{index}.measure",
                f"{item.study.id} left out of the {MEASURE_OF_SCALE[scale]} meta-analysis: its {outcome.outcome.measure}"
                f" cannot be put on that scale from the numbers recorded (measures in this domain: {measures}); to pool"
                f" them, record its 2x2 counts or group means and SDs, or its effect as a {MEASURE_OF_SCALE[scale]}",
            )
        )
    return notices


def meta_analysis(
    evidence: Sequence[StudyEvidence], methods: PoolingMethods, or_to_smd: bool, memo: ScaleMemo | None = None
) -> MetaAnalysis | None:
    """Pool the largest group of studies on one scale; None when fewer than two can be pooled.

    Studies that cannot be put on that scale are reported by :func:`mixed_measures`, once per domain.
    ``memo`` keeps recomputed effects for the next call (robustness passes one; the result is the same).
    """
    left_out: list[tuple[str, str]] = []
    found = _on_one_scale(evidence, or_to_smd, memo)
    if found is None:
        return None
    scale, members, _, recomputed = found
    kept, shared_out, notes = _one_per_sample(members)
    notes = [*recomputed, *notes]
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

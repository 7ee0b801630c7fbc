"""The forest panels of a rating: one per pooled outcome domain, or per effect scale where nothing is pooled.

* A domain pooled by meta-analysis: the pooled studies (re-expressed to the pool's scale and
  direction, as pooled), their random-effects weights, the diamond and the prediction interval.
* A single study, or a narrative synthesis (studies on different scales, or too few to pool): each
  study with numbers drawn with its own 95% CI and no diamond, one panel per effect scale, with a
  note saying why nothing is pooled.

Every study of the domain that is not drawn, or drawn but not pooled, is named in the panel's
footnote with the reason: not eligible for the recommendation (design, country, quality), set
aside in this domain, on another scale, a shared sample, numbers that define no effect, or a
finding reported without numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from kinship_evidence.rating.evidence import StudyEvidence
from kinship_evidence.rating.results import (
    DomainRating,
    Exclusion,
    RatingReport,
    RecommendationRating,
)
from kinship_evidence.reports.forest.rows import ArmData, ForestPanel, ForestRow
from kinship_evidence.reports.tables.appraisal_rows import appraisal_row
from kinship_evidence.stats.effects import EffectSize


def _arms(item: StudyEvidence) -> tuple[ArmData, ArmData] | None:
    """The arm data of the study's pooled outcome (its first with numbers), as recorded."""
    outcome = item.pooled_outcome
    if outcome is None:
        return None
    counts, groups = outcome.outcome.counts, outcome.outcome.groups
    if counts is not None:
        return (ArmData(counts.intervention.n, events=counts.intervention.events),
                ArmData(counts.control.n, events=counts.control.events))
    if groups is not None:
        return (ArmData(groups.intervention.n, mean=groups.intervention.mean, sd=groups.intervention.sd),
                ArmData(groups.control.n, mean=groups.control.mean, sd=groups.control.sd))
    return None


def _row(item: StudyEvidence, effect: EffectSize, weight: float | None) -> ForestRow:
    return ForestRow(item.study.id, effect.estimate, effect.ci_low, effect.ci_high, weight,
                     appraisal_row(item.quality), _arms(item))


def _not_drawn(domain: DomainRating, drawn: set[str], excluded: Sequence[Exclusion]) -> list[str]:
    """Why each study of the domain is not in the panel: ineligible, set aside, no usable numbers."""
    lines = [f"{e.study_id}: not eligible for this recommendation ({e.reason})" for e in excluded if domain.domain in e.domains]
    evidence_ids = {item.study.id for item in domain.evidence}
    lines += [notice.message for notice in domain.notices if notice.study_id not in evidence_ids]  # set aside here
    for item in domain.evidence:
        if item.study.id in drawn:
            continue
        unusable = next((outcome.note for outcome in item.outcomes if outcome.note), "")
        if unusable:
            lines.append(f"{item.study.id}: its numbers define no effect size ({unusable})")
        elif item.pooled_outcome is None:
            lines.append(f"{item.study.id}: reports a finding without numbers ({item.status})")
    return lines


def _pooled_panel(domain: DomainRating, title: str, excluded: Sequence[Exclusion]) -> ForestPanel | None:
    meta = domain.synthesis.meta
    if meta is None or meta.result is None:
        return None
    evidence = {item.study.id: item for item in domain.evidence}
    weights = zip(meta.studies, meta.result.weights, strict=True)
    rows = tuple(_row(evidence[study.study_id], study.effect, weight) for study, weight in weights)
    notes = []
    flipped = [s.study_id for s in meta.studies if s.flipped]
    converted = [s.study_id for s in meta.studies if s.converted]
    if flipped:
        notes.append(f"re-expressed so that {meta.favourable} is better: {', '.join(flipped)}")
    if converted:
        notes.append(f"log odds ratio converted to SMD: {', '.join(converted)}")
    notes += meta.notes
    left_out = [f"{study_id}: left out of the pool ({why})" for study_id, why in meta.left_out]
    drawn = {s.study_id for s in meta.studies} | {study_id for study_id, _ in meta.left_out}
    left_out += _not_drawn(domain, drawn, excluded)
    return ForestPanel(title, meta.scale, meta.favourable, rows, meta.result, tuple(notes), tuple(left_out))


def _unpooled_panels(domain: DomainRating, title: str, excluded: Sequence[Exclusion]) -> list[ForestPanel]:
    """A single study or a narrative synthesis: each study with numbers, one panel per scale, no diamond."""
    by_scale: dict[str, list[StudyEvidence]] = {}
    for item in domain.evidence:
        outcome = item.pooled_outcome
        if outcome is not None and outcome.effect is not None:
            by_scale.setdefault(outcome.effect.scale, []).append(item)
    drawn = {item.study.id for members in by_scale.values() for item in members}
    left_out = tuple(_not_drawn(domain, drawn, excluded))
    meta = domain.synthesis.meta
    if domain.synthesis.method == "single-study":
        why = "a single study: nothing to pool"
    elif meta is not None and meta.result is None:
        why = f"not pooled: the meta-analysis failed ({meta.error})"
    else:
        narrative = domain.synthesis.narrative
        why = "not pooled: narrative synthesis" + (f" ({narrative.describe()})" if narrative is not None else "")
    panels = []
    several = len(by_scale) > 1
    for scale, members in by_scale.items():
        directions = [item.pooled_outcome.outcome.favourable for item in members]  # type: ignore[union-attr]
        favourable = "lower" if directions.count("lower") > directions.count("higher") else "higher"
        rows, flipped = [], []
        for item in members:
            outcome = item.pooled_outcome
            assert outcome is not None and outcome.effect is not None
            effect = outcome.effect
            if outcome.outcome.favourable != favourable:
                effect = EffectSize(effect.scale, -effect.estimate, effect.variance)
                flipped.append(item.study.id)
            rows.append(_row(item, effect, None))
        notes = [why + (f"; one panel per effect scale ({len(by_scale)} scales)" if several else "")]
        if flipped:
            notes.append(f"re-expressed so that {favourable} is better: {', '.join(flipped)}")
        synthesis = "single study" if domain.synthesis.method == "single-study" else "not pooled"
        panels.append(ForestPanel(title, scale, favourable, tuple(rows), None, tuple(notes), left_out, synthesis))
    return panels


def domain_panels(domain: DomainRating, title: str | None = None, excluded: Sequence[Exclusion] = ()) -> list[ForestPanel]:
    """The forest panels of a domain: the pooled one, or one per scale of its studies with numbers."""
    name = title or domain.domain
    pooled = _pooled_panel(domain, name, excluded)
    return [pooled] if pooled is not None else _unpooled_panels(domain, name, excluded)


def domain_panel(domain: DomainRating, title: str | None = None) -> ForestPanel | None:
    """The forest panel of a domain pooled by meta-analysis; None when it was not pooled."""
    return _pooled_panel(domain, title or domain.domain, ())


def recommendation_panels(rating: RecommendationRating, framework_label: str = "") -> list[ForestPanel]:
    """Every outcome domain's panels (titles carry ``framework_label`` when given)."""
    suffix = f" ({framework_label})" if framework_label else ""
    return [
        panel for domain in rating.domains for panel in domain_panels(domain, f"{domain.domain}{suffix}", rating.excluded)
    ]


def explained_panels(explained: Sequence[tuple[RatingReport, RecommendationRating]]) -> list[ForestPanel]:
    """The panels of ``explain``'s result: every domain with a study with numbers, per framework rated."""
    several = len(explained) > 1
    return [
        panel
        for report, rating in explained
        for panel in recommendation_panels(rating, report.framework.id if several else "")
    ]

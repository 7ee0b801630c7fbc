"""What a forest plot shows, as plain values: rows, labels, the pooled effect, heterogeneity.

The drawing (:mod:`kinship_evidence.reports.forest_figure`, matplotlib) and the HTML report read
these panels; nothing here imports matplotlib. The layout follows R metafor's ``forest()``
(Viechtbauer 2010): one row per study with its weight and ``estimate [low, high]``, the pooled
diamond, the prediction interval when computed, and a heterogeneity line. Ratio measures are
held on the log scale and labelled on the natural scale (exp).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kinship_evidence.rating.appraisal_view import AppraisalRow, appraisal_row
from kinship_evidence.rating.results import (
    DomainRating,
    RatingReport,
    RecommendationRating,
)
from kinship_evidence.stats.meta_analysis import PooledEffect

#: Analysis scales that are logs of ratios, with the name of the ratio on its natural scale.
RATIO_SCALES = {"log-odds-ratio": "Odds ratio", "log-risk-ratio": "Risk ratio"}
SCALE_NAMES = {"risk-difference": "Risk difference", "smd": "Standardised mean difference", "mean-difference": "Mean difference"}


@dataclass(frozen=True, slots=True)
class ForestRow:
    label: str
    estimate: float  # analysis scale (log for ratios)
    ci_low: float
    ci_high: float
    weight: float  # random-effects weight, a fraction
    appraisal: AppraisalRow | None  # the risk-of-bias row, when an appraisal is recorded


@dataclass(frozen=True, slots=True)
class ForestPanel:
    title: str  # e.g. "permanence"
    scale: str  # the analysis scale
    favourable: str  # higher | lower
    rows: tuple[ForestRow, ...]
    pooled: PooledEffect
    notes: tuple[str, ...] = ()  # studies re-expressed to the pooled scale or direction

    @property
    def is_ratio(self) -> bool:
        return self.scale in RATIO_SCALES

    @property
    def null(self) -> float:
        """No effect on the axis as drawn: 1 for ratios (natural scale), else 0."""
        return 1.0 if self.is_ratio else 0.0

    def natural(self, value: float) -> float:
        """A value on the scale the axis is labelled in (exp for ratios)."""
        return math.exp(value) if self.is_ratio else value

    @property
    def axis_label(self) -> str:
        name = RATIO_SCALES.get(self.scale) or SCALE_NAMES.get(self.scale, self.scale)
        log = " (log scale)" if self.is_ratio else ""
        return f"{name}{log}; {self.favourable} is better"

    @property
    def has_prediction(self) -> bool:
        return self.pooled.pi_low is not None and self.pooled.pi_high is not None

    @property
    def has_appraisals(self) -> bool:
        return any(row.appraisal is not None for row in self.rows)


def interval_label(panel: ForestPanel, estimate: float, low: float, high: float) -> str:
    """``estimate [low, high]`` to two decimals on the natural scale (metafor's default digits)."""
    point, lo, hi = (panel.natural(value) for value in (estimate, low, high))
    return f"{point:.2f} [{lo:.2f}, {hi:.2f}]"


def weight_label(weight: float) -> str:
    return f"{100 * weight:.1f}%"


def p_label(p: float | None) -> str:
    if p is None:
        return "p = n/a"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def heterogeneity_line(pooled: PooledEffect) -> str:
    """``tau^2 = 0.026, I^2 = 69.0%, Q = 9.85 (df = 3, p = 0.020)``, and, when the restricted
    likelihood had more than one maximum, ``; REML: the global one of 2 likelihood maxima``."""
    line = (
        f"tau^2 = {pooled.tau2:.3f}, I^2 = {100 * pooled.i2:.1f}%, "
        f"Q = {pooled.q:.2f} (df = {pooled.df}, {p_label(pooled.q_p)})"
    )
    if len(pooled.likelihood_maxima) > 1:
        line += f"; REML: the global one of {len(pooled.likelihood_maxima)} likelihood maxima"
    return line


def methods_line(pooled: PooledEffect) -> str:
    return f"Random-effects model: {pooled.methods.describe()}"


def domain_panel(domain: DomainRating, title: str | None = None) -> ForestPanel | None:
    """The forest panel of a domain pooled by meta-analysis; None when it was not pooled."""
    meta = domain.synthesis.meta
    if meta is None or meta.result is None:
        return None
    evidence = {item.study.id: item for item in domain.evidence}
    rows = tuple(
        ForestRow(
            study.study_id, study.effect.estimate, study.effect.ci_low, study.effect.ci_high, weight,
            appraisal_row(evidence[study.study_id].quality) if study.study_id in evidence else None,
        )
        for study, weight in zip(meta.studies, meta.result.weights)
    )
    notes = []
    flipped = [s.study_id for s in meta.studies if s.flipped]
    converted = [s.study_id for s in meta.studies if s.converted]
    if flipped:
        notes.append(f"re-expressed so that {meta.favourable} is better: {', '.join(flipped)}")
    if converted:
        notes.append(f"log odds ratio converted to SMD: {', '.join(converted)}")
    return ForestPanel(title or domain.domain, meta.scale, meta.favourable, rows, meta.result, tuple(notes))


def recommendation_panels(rating: RecommendationRating, framework_label: str = "") -> list[ForestPanel]:
    """One panel per pooled outcome domain of ``rating`` (titles carry ``framework_label`` when given)."""
    suffix = f" ({framework_label})" if framework_label else ""
    panels = (domain_panel(domain, f"{domain.domain}{suffix}") for domain in rating.domains)
    return [panel for panel in panels if panel is not None]


def explained_panels(explained: Sequence[tuple[RatingReport, RecommendationRating]]) -> list[ForestPanel]:
    """The panels of ``explain``'s result: every pooled domain, per framework rated."""
    several = len(explained) > 1
    return [
        panel
        for report, rating in explained
        for panel in recommendation_panels(rating, report.framework.id if several else "")
    ]

"""``explain``: why a recommendation got its rating, as text (with forest plots) or JSON.

Plain text, no Rich: it reads the same in a terminal, a log and a test. Lines are as wide as
standard output (:func:`~kinship_evidence.reports.text.terminal.output_width`), wrapped at spaces
only; pass and fail read without colour (``[PASS]`` / ``[fail]`` and a symbol).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from kinship_evidence.rating.evidence import OutcomeEvidence, StudyEvidence
from kinship_evidence.rating.quality import QualityBasis
from kinship_evidence.rating.results import (
    DomainRating,
    Exclusion,
    RatingReport,
    RecommendationRating,
    TierResult,
)
from kinship_evidence.reports.certainty_data import certainty_dict, certainty_lines
from kinship_evidence.reports.forest.text import forest_lines
from kinship_evidence.reports.ratings import methods_dict, synthesis_dict
from kinship_evidence.reports.small_k import small_k_notes
from kinship_evidence.reports.tables.appraisal_rows import appraisal_dict
from kinship_evidence.reports.tables.risk_of_bias_table import (
    risk_of_bias_data,
    risk_of_bias_lines,
)
from kinship_evidence.reports.text.escaping import escape, prose
from kinship_evidence.reports.text.natural_scale import effect_text
from kinship_evidence.reports.text.symbols import symbol
from kinship_evidence.reports.text.terminal import output_width
from kinship_evidence.reports.text.wrapping import wrap
from kinship_evidence.stats.methods import PoolingMethods

STATED = "stated"


def _outcome_line(item: OutcomeEvidence) -> str:
    outcome = item.outcome
    if item.effect is not None and item.interval is not None:
        numbers = effect_text(item.effect.scale, item.effect.estimate, item.interval[0], item.interval[1], 3)
        if item.effect.continuity_corrected:
            numbers += " (a zero cell: 0.5 added to every cell)"
    elif outcome.finding is not None:
        numbers = f"reported finding: {outcome.finding}"
    else:
        numbers = f"no effect size ({item.note})"
    return f"{item.status}: {numbers}; {prose(outcome.description)} ({outcome.favourable} is better)"


def quality_words(quality: QualityBasis) -> str:
    """``quality high: RoB 2 overall low -> high (...)``, or ``quality moderate: stated, not appraised``."""
    if quality.kind == STATED:
        return f"quality {quality.quality}: quality stated, not appraised"
    return f"quality {quality.quality}: {prose(quality.basis)}"


def _study_lines(item: StudyEvidence, width: int) -> list[str]:
    study = item.study
    head = f"- {study.id} ({study.design}, {item.quality.quality} quality, {study.country}): {item.status}"
    lines = wrap(head, width, "  ", "    ")
    lines += wrap(quality_words(item.quality), width, "      ", "        ")
    for inference in study.inferences:
        lines += wrap(f"inferred {inference.field}: {prose(inference.reason)}", width, "      ", "        ")
    for outcome in item.outcomes:
        lines += wrap(_outcome_line(outcome), width, "      ", "        ")
        if outcome.outcome.inferred is not None:
            lines += wrap(f"inferred: {prose(outcome.outcome.inferred)}", width, "        ", "          ")
    return lines


def _verdict(passed: bool, tier: bool = False) -> str:
    """``✓ [PASS]`` / ``✗ [fail]`` for a tier, ``✓ [pass]`` / ``✗ [fail]`` for a criterion."""
    if passed:
        return f"{symbol('pass')} [{'PASS' if tier else 'pass'}]"
    return f"{symbol('fail')} [fail]"


def _tier_lines(tier: TierResult, width: int) -> list[str]:
    lines = wrap(f"{tier.rating:<16} {_verdict(tier.passed, tier=True)}  {prose(tier.statement)}", width, "  ", "      ")
    for criterion in tier.criteria:
        lines += wrap(f"{_verdict(criterion.passed)} {criterion.name}: {prose(criterion.detail)}", width, "      ", "             ")
    return lines


def _excluded_in(domain: str, excluded: Sequence[Exclusion]) -> list[str]:
    """What the excluded studies reported in ``domain``: shown beside the synthesis, not counted in it."""
    return [
        f"{item.study_id} ({prose(item.reason)}): {prose(reported)}"
        for item in excluded
        for where, reported in item.reported
        if where == domain
    ]


def _domain_lines(domain: DomainRating, width: int, excluded: Sequence[Exclusion] = ()) -> list[str]:
    lines = wrap(f"Outcome domain {domain.domain}: {domain.rating}", width)
    excluded_here = _excluded_in(domain.domain, excluded)
    if not domain.evidence:
        lines += wrap("no eligible study measured this domain, so no tier can be met", width, "  ", "    ")
        return lines + [line for text in excluded_here for line in wrap(f"  not counted, {text}", width, "  ", "      ")]
    for item in domain.evidence:
        lines += _study_lines(item, width)
    for shown in excluded_here:
        lines += wrap(f"  not counted, {shown}", width, "  ", "      ")
    lines += risk_of_bias_lines(domain.evidence, width)
    for tier in domain.tiers:
        lines += _tier_lines(tier, width)
    meta = domain.synthesis.meta
    if meta is not None and meta.result is not None:
        lines.append("  forest plot (all eligible studies pooled on one scale):")
        lines += forest_lines(meta, width)
        for small in small_k_notes(meta):
            lines += wrap(f"note: {small}", width, "  ", "    ")
    lines += certainty_lines(domain.certainty, width)
    for warning in domain.warnings:
        lines += wrap(f"warning: {prose(warning)}", width, "  ", "    ")
    return lines


def explanation_text(rating: RecommendationRating, methods: PoolingMethods, width: int | None = None) -> str:
    width = output_width() if width is None else width
    rec = rating.recommendation
    framework = rating.framework
    headline = f"Recommendation {rec.number} ({rec.id}): {rating.rating}"
    if rating.published_rating is not None:
        same = "matches" if rating.matches_published else "DIFFERS FROM"
        headline += f" - {same} the published rating ({rating.published_rating})"
        if rating.drift.status == "acknowledged":
            headline += f", as known_drift acknowledges: {prose(rating.drift.reason or '')}"
    lines = [*wrap(headline, width, "", "  "), *wrap(prose(rec.text), width, "  "), ""]
    lines += wrap(f"Framework {escape(framework.id)} ({prose(framework.version)}); pooling: {methods.describe()}", width, "", "  ")
    for note in framework.interpretation:
        lines += wrap(f"- {prose(note)}", width, "  ", "    ")
    lines.append("")
    lines += wrap(f"Eligible studies ({len(rating.eligible)}): {', '.join(rating.eligible) or 'none'}", width, "", "  ")
    lines += wrap(f"Appraised: {rating.appraised} of {len(rating.eligible)} eligible studies", width, "", "  ")
    if rating.excluded:
        lines.append("Excluded:")
        for item in rating.excluded:
            lines += wrap(f"- {item.study_id}: {prose(item.reason)}", width, "  ", "    ")
    targets = rec.outcomes
    lines += wrap(f"Target domains: {', '.join(targets) if targets else 'any (the recommendation names none)'}", width, "", "  ")
    for domain in rating.domains:
        lines.append("")
        lines += _domain_lines(domain, width, rating.excluded)
    return "\n".join(lines) + "\n"


def _outcome_dict(item: OutcomeEvidence) -> dict[str, Any]:
    data: dict[str, Any] = {
        "description": item.outcome.description.strip(),
        "favourable": item.outcome.favourable,
        "status": item.status,
    }
    if item.effect is not None and item.interval is not None:
        data.update(
            measure=item.effect.scale, estimate=item.effect.estimate,
            ci_low=item.interval[0], ci_high=item.interval[1], se=item.effect.se,
            continuity_corrected=item.effect.continuity_corrected,
        )
    if item.note:
        data["note"] = item.note
    if item.outcome.inferred is not None:
        data["inferred"] = item.outcome.inferred.strip()
    return data


def quality_dict(quality: QualityBasis) -> dict[str, Any]:
    """A study's quality in a domain, its basis, and the appraisal behind it (None when there is none)."""
    return {
        "quality": quality.quality,
        "basis_kind": quality.kind,
        "basis": quality.basis,
        "risk_of_bias": appraisal_dict(quality.appraisal),
    }


def _study_dict(item: StudyEvidence) -> dict[str, Any]:
    return {
        "id": item.study.id, "status": item.status, "outcomes": [_outcome_dict(o) for o in item.outcomes],
        "quality": quality_dict(item.quality),
        "inferences": [{"field": i.field, "reason": i.reason.strip()} for i in item.study.inferences],
    }


def _tier_dict(tier: TierResult) -> dict[str, Any]:
    return {
        "rating": tier.rating,
        "criterion": tier.statement.strip(),
        "passed": tier.passed,
        "members": list(tier.members),
        "checks": [{"name": c.name, "passed": c.passed, "detail": c.detail} for c in tier.criteria],
    }


def explanation_dict(rating: RecommendationRating, methods: PoolingMethods) -> dict[str, Any]:
    rec = rating.recommendation
    return {
        "id": rec.id,
        "number": rec.number,
        "framework": rating.framework.id,
        "estimator": methods.estimator.value,
        "methods": methods_dict(methods),
        "interpretation": rating.framework.interpretation,
        "rating": rating.rating,
        "published_rating": rating.published_rating,
        "matches_published": rating.matches_published,
        "drift": rating.drift.as_dict(),
        "eligible": list(rating.eligible),
        "appraised": {"eligible": len(rating.eligible), "appraised": rating.appraised},
        "excluded": [
            {"study": item.study_id, "reason": item.reason, "reported": [{"domain": d, "result": r} for d, r in item.reported]}
            for item in rating.excluded
        ],
        "outcomes": [
            {
                "domain": domain.domain,
                "rating": domain.rating,
                "studies": [_study_dict(item) for item in domain.evidence],
                "risk_of_bias": risk_of_bias_data(domain.evidence),
                "tiers": [_tier_dict(tier) for tier in domain.tiers],
                "synthesis": synthesis_dict(domain.synthesis),
                "warnings": list(domain.warnings),
                "small_k": small_k_notes(domain.synthesis.meta) if domain.synthesis.meta is not None else [],
                "certainty": certainty_dict(domain.certainty),
            }
            for domain in rating.domains
        ],
    }


Explained = Sequence[tuple[RatingReport, RecommendationRating]]


def format_text(explained: Explained) -> str:
    """One explanation per framework rated, separated by a blank line."""
    width = output_width()
    return "\n".join(explanation_text(rating, report.methods, width) for report, rating in explained)


def format_json(explained: Explained) -> str:
    return "".join(
        json.dumps(explanation_dict(rating, report.methods), indent=2, ensure_ascii=False) + "\n"
        for report, rating in explained
    )

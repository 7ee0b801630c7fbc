"""``explain``: why a recommendation got its rating, as text (with forest plots) or JSON.

Plain text, no Rich: it reads the same in a terminal, a log and a test.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Any

from kinship_evidence.rating.evidence import OutcomeEvidence, StudyEvidence
from kinship_evidence.rating.results import (
    DomainRating,
    RatingReport,
    RecommendationRating,
)
from kinship_evidence.rating.synthesis import MetaAnalysis
from kinship_evidence.reports.escaping import escape, prose
from kinship_evidence.reports.ratings import methods_dict, synthesis_dict
from kinship_evidence.stats.methods import PoolingMethods

PLOT_WIDTH = 41


def _outcome_line(item: OutcomeEvidence) -> str:
    outcome = item.outcome
    if item.effect is not None and item.interval is not None:
        low, high = item.interval
        numbers = f"{item.effect.scale} {item.effect.estimate:.3f} [{low:.3f}, {high:.3f}]"
    elif outcome.finding is not None:
        numbers = f"reported finding: {outcome.finding}"
    else:
        numbers = f"no effect size ({item.note})"
    return f"{item.status:<12} {numbers}; {prose(outcome.description)} ({outcome.favourable} is better)"


def forest_plot(meta: MetaAnalysis, width: int = PLOT_WIDTH) -> list[str]:
    """One row per study (estimate and 95% CI) and the pooled diamond, on a shared axis."""
    if meta.result is None:
        return []
    rows = [(s.study_id, s.effect.estimate, s.effect.ci_low, s.effect.ci_high) for s in meta.studies]
    pooled = ("pooled", meta.result.estimate, meta.result.ci_low, meta.result.ci_high)
    low = min(0.0, *(r[2] for r in rows), pooled[2])
    high = max(0.0, *(r[3] for r in rows), pooled[3])
    span = (high - low) or 1.0

    def column(value: float) -> int:
        return round((value - low) / span * (width - 1))

    label_width = max(len(r[0]) for r in [*rows, pooled])
    zero = column(0.0)
    lines = []
    for name, estimate, ci_low, ci_high in [*rows, pooled]:
        cells = [" "] * width
        start, end = column(ci_low), column(ci_high)
        for i in range(start, end + 1):
            cells[i] = "-"
        if cells[zero] == " ":
            cells[zero] = "|"
        if name == "pooled":
            cells[start], cells[end] = "<", ">"
            cells[column(estimate)] = "\u25c6"
        else:
            cells[start], cells[end] = "[", "]"
            cells[column(estimate)] = "\u25a0"
        lines.append(f"    {name:<{label_width}}  {''.join(cells)}  {estimate:7.3f} [{ci_low:.3f}, {ci_high:.3f}]")
    direction = f"{meta.scale}, no effect at |; {meta.favourable} is better"
    notes = [s.study_id for s in meta.studies if s.flipped or s.converted]
    if notes:
        direction += f"; re-expressed: {', '.join(notes)}"
    lines.append(f"    {'':<{label_width}}  {low:<.3g}{'':^{max(1, width - 12)}}{high:>.3g}   ({direction})")
    return lines


def _study_lines(item: StudyEvidence) -> list[str]:
    study = item.study
    lines = [
        f"  - {study.id} ({study.design}, {item.quality.quality} quality, {study.country}): {item.status}",
        f"      quality basis: {prose(item.quality.basis)}",
    ]
    for outcome in item.outcomes:
        lines.extend(textwrap.wrap(_outcome_line(outcome), width=100, initial_indent="      ", subsequent_indent="        "))
    return lines


def _domain_lines(domain: DomainRating) -> list[str]:
    lines = [f"Outcome domain {domain.domain}: {domain.rating}"]
    if not domain.evidence:
        lines.append("  no eligible study measured this domain, so no tier can be met")
        return lines
    for item in domain.evidence:
        lines.extend(_study_lines(item))
    for tier in domain.tiers:
        verdict = "PASS" if tier.passed else "fail"
        lines.append(f"  {tier.rating:<16} {verdict}  {prose(tier.statement)}")
        for criterion in tier.criteria:
            mark = "pass" if criterion.passed else "fail"
            wrapped = textwrap.wrap(f"{criterion.name}: {prose(criterion.detail)}", width=96)
            lines.append(f"      [{mark}] {wrapped[0]}")
            lines.extend(f"             {more}" for more in wrapped[1:])
    if domain.synthesis.meta is not None and domain.synthesis.meta.result is not None:
        lines.append("  forest plot (all eligible studies pooled on one scale):")
        lines.extend(forest_plot(domain.synthesis.meta))
    lines.extend(f"  warning: {prose(warning)}" for warning in domain.warnings)
    return lines


def explanation_text(rating: RecommendationRating, methods: PoolingMethods) -> str:
    rec = rating.recommendation
    framework = rating.framework
    headline = f"Recommendation {rec.number} ({rec.id}): {rating.rating}"
    if rating.published_rating is not None:
        same = "matches" if rating.matches_published else "DIFFERS FROM"
        headline += f" - {same} the published rating ({rating.published_rating})"
    lines = [headline, *textwrap.wrap(prose(rec.text), width=100, initial_indent="  ", subsequent_indent="  "), ""]
    lines.append(f"Framework {escape(framework.id)} ({prose(framework.version)}); pooling: {methods.describe()}")
    lines.extend(f"  - {prose(note)}" for note in framework.interpretation)
    lines.append("")
    lines.append(f"Eligible studies ({len(rating.eligible)}): {', '.join(rating.eligible) or 'none'}")
    if rating.excluded:
        lines.append("Excluded:")
        lines.extend(f"  - {item.study_id}: {prose(item.reason)}" for item in rating.excluded)
    targets = rec.outcomes
    lines.append(f"Target domains: {', '.join(targets) if targets else 'any (the recommendation names none)'}")
    for domain in rating.domains:
        lines.append("")
        lines.extend(_domain_lines(domain))
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
        )
    if item.note:
        data["note"] = item.note
    return data


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
        "eligible": list(rating.eligible),
        "excluded": [{"study": item.study_id, "reason": item.reason} for item in rating.excluded],
        "outcomes": [
            {
                "domain": domain.domain,
                "rating": domain.rating,
                "studies": [
                    {"id": item.study.id, "status": item.status, "outcomes": [_outcome_dict(o) for o in item.outcomes]}
                    for item in domain.evidence
                ],
                "tiers": [
                    {
                        "rating": tier.rating,
                        "criterion": tier.statement.strip(),
                        "passed": tier.passed,
                        "members": list(tier.members),
                        "checks": [
                            {"name": c.name, "passed": c.passed, "detail": c.detail} for c in tier.criteria
                        ],
                    }
                    for tier in domain.tiers
                ],
                "synthesis": synthesis_dict(domain.synthesis),
                "warnings": list(domain.warnings),
            }
            for domain in rating.domains
        ],
    }


Explained = Sequence[tuple[RatingReport, RecommendationRating]]


def format_text(explained: Explained) -> str:
    """One explanation per framework rated, separated by a blank line."""
    return "\n".join(explanation_text(rating, report.methods) for report, rating in explained)


def format_json(explained: Explained) -> str:
    return "".join(
        json.dumps(explanation_dict(rating, report.methods), indent=2, ensure_ascii=False) + "\n"
        for report, rating in explained
    )

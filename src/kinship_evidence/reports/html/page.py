"""``report``: one self-contained HTML page (inline CSS and SVG, nothing fetched) for a guide.

The page holds the ratings table (number, text, derived and published rating, match), then per
recommendation its summary of findings (each outcome domain: rating, studies, participants,
pooled effect and CI on the natural scale for ratios, how many studies are appraised, warnings),
its forest plots (at their own size, 9 pt text: wider than the page's column, a forest plot takes
the window's width and scrolls sideways rather than shrink), its funnel plots (domains pooled from
10 or more studies), its risk-of-bias tables and its robustness. It is rendered by Jinja2 from
``templates/`` with autoescape on, so no data can reach the page unescaped: this module only
gathers plain values. Jinja2 is imported only here, when a report is written.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from kinship_evidence import __version__
from kinship_evidence.rating.results import (
    DomainRating,
    RatingReport,
    RecommendationRating,
)
from kinship_evidence.reports.forest.panels import domain_panel
from kinship_evidence.reports.forest.rows import interval_label
from kinship_evidence.reports.html.certainty import certainty_section
from kinship_evidence.reports.html.history_section import history_section
from kinship_evidence.reports.html.sections import forest_plot, funnel_plot, risk_of_bias_section, robustness_blocks
from kinship_evidence.reports.text.natural_scale import effect_text
from kinship_evidence.reports.text.natural_scale import name as scale_name
from kinship_evidence.workflows.report import GuideReport


@cache
def environment() -> Any:
    """The one Jinja2 environment of the report: package templates, autoescape always on."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("kinship_evidence.reports.html", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def _anchor(rating: RecommendationRating, framework_label: str) -> str:
    return f"rec-{rating.recommendation.id}" + (f"-{framework_label}" if framework_label else "")


def participants(domain: DomainRating) -> int | None:
    """Participants in the domain: each sample once, its sample size or its largest outcome's arms."""
    by_sample: dict[str, int] = {}
    for item in domain.evidence:
        sizes = [
            arms.intervention.n + arms.control.n
            for outcome in item.outcomes
            if (arms := outcome.outcome.counts or outcome.outcome.groups) is not None
        ]
        size = item.study.sample_size or max(sizes, default=0)
        if size:
            by_sample[item.sample_key] = max(size, by_sample.get(item.sample_key, 0))
    return sum(by_sample.values()) if by_sample else None


def pooled_effect(domain: DomainRating) -> str:
    """The domain's synthesis in words: the pooled effect and CI (natural scale for ratios)."""
    synthesis = domain.synthesis
    panel = domain_panel(domain)
    if panel is not None:
        result = panel.pooled
        assert result is not None
        text = f"{scale_name(panel.scale)} {interval_label(panel, result.estimate, result.ci_low, result.ci_high)}"
        if panel.has_prediction:
            assert result.pi_low is not None and result.pi_high is not None
            text += f"; 95% prediction interval [{panel.natural(result.pi_low):.2f}, {panel.natural(result.pi_high):.2f}]"
        return text
    if synthesis.meta is not None and synthesis.meta.result is None:
        return f"meta-analysis failed: {synthesis.meta.error}"
    if synthesis.narrative is not None:
        return f"narrative synthesis: {synthesis.narrative.describe()}"
    if synthesis.single is not None:
        pooled = synthesis.single.pooled_outcome
        if pooled is not None and pooled.effect is not None and pooled.interval is not None:
            low, high = pooled.interval
            return f"single study: {effect_text(pooled.effect.scale, pooled.effect.estimate, low, high)}"
        return f"single study: {synthesis.single.status}"
    return "no synthesis"


def _domain_rows(rating: RecommendationRating) -> list[dict[str, Any]]:
    rows = []
    for domain in rating.domains:
        people = participants(domain)
        rows.append({
            "domain": domain.domain,
            "rating": domain.rating,
            "studies": len(domain.evidence),
            "participants": people if people is not None else "not reported",
            "effect": pooled_effect(domain),
            "appraised": f"{sum(1 for item in domain.evidence if item.quality.is_appraised)} of {len(domain.evidence)}",
            "warnings": list(domain.warnings),
        })
    return rows


def _recommendation(rating: RecommendationRating, page: GuideReport, framework_label: str) -> dict[str, Any]:
    rec = rating.recommendation
    return {
        "anchor": _anchor(rating, framework_label),
        "number": rec.number,
        "text": rec.text.strip(),
        "rating": rating.rating,
        "published": rating.published_rating or "n/a",
        "match": "acknowledged"
        if rating.drift.status == "acknowledged"
        else {True: "yes", False: "no", None: "n/a"}[rating.matches_published],
        "drift_reason": (rating.drift.reason or "") if rating.drift.status == "acknowledged" else None,
        "eligible": ", ".join(rating.eligible) or "none",
        "domains": _domain_rows(rating),
        "certainty": certainty_section(rating),
        "forest": forest_plot(rating, framework_label),
        "funnel": funnel_plot(rating, framework_label),
        "risk_of_bias": risk_of_bias_section(rating),
        "robustness": robustness_blocks(page.robustness_of(rec.id)),
        "history": history_section(page.history_of(rating.framework.id, rec.id)),
    }


def _framework(report: RatingReport, page: GuideReport, label: str) -> dict[str, Any]:
    return {
        "id": report.framework.id,
        "title": report.framework.title,
        "methods": report.methods.describe(),
        "recommendations": [_recommendation(rating, page, label) for rating in report.ratings],
    }


def format_html(page: GuideReport) -> str:
    """The whole page, one string."""
    reports = page.evaluation.reports
    several = len(reports) > 1
    frameworks = [_framework(report, page, report.framework.id if several else "") for report in reports]
    return str(environment().get_template("report.html.j2").render(frameworks=frameworks, version=__version__))

"""``report``: one self-contained HTML page (inline CSS and SVG, nothing fetched) for a guide.

The page holds the ratings table (number, text, derived and published rating, match), then per
recommendation its summary of findings (each outcome domain: rating, studies, participants,
pooled effect and CI on the natural scale for ratios, how many studies are appraised, warnings),
its forest plots (at their own size, 9 pt text: wider than the page's column, a forest plot takes
the window's width and scrolls sideways rather than shrink), its funnel plots (domains pooled from
10 or more studies), its risk-of-bias tables and its robustness. Every user string is escaped with
:func:`html.escape`.
"""

from __future__ import annotations

import math
from html import escape

from kinship_evidence import __version__
from kinship_evidence.rating.results import (
    DomainRating,
    RatingReport,
    RecommendationRating,
)
from kinship_evidence.reports.forest.panels import domain_panel
from kinship_evidence.reports.forest.rows import (
    RATIO_SCALES,
    SCALE_NAMES,
    interval_label,
)
from kinship_evidence.reports.html.sections import (
    forest_plots,
    funnel_plots,
    risk_of_bias_tables,
    robustness_section,
)
from kinship_evidence.workflows.report import GuideReport

_STYLE = """
body{font-family:"DejaVu Sans",Verdana,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#111;line-height:1.4}
table{border-collapse:collapse;margin:0.5rem 0 1rem}th,td{border:1px solid #bbb;padding:0.25rem 0.5rem;text-align:left;vertical-align:top}
thead th{background:#eee}caption{text-align:left;font-weight:bold;padding:0.25rem 0}
.match-no{color:#a00;font-weight:bold}.note{color:#555;font-style:italic}
figure.forest,figure.funnel{margin:0.5rem 0;overflow-x:auto}
figure.forest svg,figure.funnel svg{max-width:none;height:auto}
@media (min-width:76rem){figure.forest{width:calc(100vw - 2rem);margin-left:calc(50% - 50vw + 1rem)}}
.rob{display:inline-block;min-width:1.4em;text-align:center;border-radius:0.7em;font-weight:bold;border:1px solid #333}
.rob-low{background:#02C100}.rob-some{background:#E2DF07}.rob-high{background:#BF0000;color:#fff}
.rob-critical{background:#820000;color:#fff}.rob-unclear{background:#4EA1F7}.rob-none{background:#D9D9D9}
.legend ul{list-style:none;padding:0;margin:0 0 0.5rem}.legend li{display:inline-block;margin-right:1rem}
section.recommendation{border-top:2px solid #333;margin-top:2rem}
"""


def _anchor(rating: RecommendationRating, framework_label: str) -> str:
    return f"rec-{rating.recommendation.id}" + (f"-{framework_label}" if framework_label else "")


def _ratings_table(report: RatingReport, framework_label: str) -> str:
    rows = []
    for rating in report.ratings:
        rec = rating.recommendation
        match = {True: "yes", False: "no", None: "n/a"}[rating.matches_published]
        rows.append(
            f'<tr><td><a href="#{escape(_anchor(rating, framework_label))}">{rec.number}</a></td><td>{escape(rec.text.strip())}</td>'
            f"<td>{escape(rating.rating)}</td><td>{escape(rating.published_rating or 'n/a')}</td>"
            f'<td class="match-{match}">{match}</td></tr>'
        )
    return (
        f'<table class="ratings"><caption>Ratings under {escape(report.framework.id)} '
        f"({escape(report.methods.describe())})</caption><thead><tr><th scope=\"col\">#</th>"
        '<th scope="col">Recommendation</th><th scope="col">Derived rating</th><th scope="col">Published rating</th>'
        f'<th scope="col">Match</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


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
        name = RATIO_SCALES.get(panel.scale) or SCALE_NAMES.get(panel.scale, panel.scale)
        result = panel.pooled
        assert result is not None
        text = f"{name} {interval_label(panel, result.estimate, result.ci_low, result.ci_high)}"
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
            exp = math.exp if pooled.effect.scale in RATIO_SCALES else (lambda v: v)
            name = RATIO_SCALES.get(pooled.effect.scale) or SCALE_NAMES.get(pooled.effect.scale, pooled.effect.scale)
            low, high = pooled.interval
            return f"single study: {name} {exp(pooled.effect.estimate):.2f} [{exp(low):.2f}, {exp(high):.2f}]"
        return f"single study: {synthesis.single.status}"
    return "no synthesis"


def _summary_of_findings(rating: RecommendationRating) -> str:
    rows = []
    for domain in rating.domains:
        appraised = sum(1 for item in domain.evidence if item.quality.is_appraised)
        people = participants(domain)
        warnings = "".join(f"<li>{escape(w)}</li>" for w in domain.warnings)
        rows.append(
            f"<tr><td>{escape(domain.domain)}</td><td>{escape(domain.rating)}</td><td>{len(domain.evidence)}</td>"
            f"<td>{people if people is not None else 'not reported'}</td><td>{escape(pooled_effect(domain))}</td>"
            f"<td>{appraised} of {len(domain.evidence)}</td><td>{f'<ul>{warnings}</ul>' if warnings else 'none'}</td></tr>"
        )
    if not rows:
        return '<p class="note">No outcome domain rated.</p>'
    return (
        '<table class="sof"><caption>Summary of findings</caption><thead><tr><th scope="col">Outcome domain</th>'
        '<th scope="col">Rating</th><th scope="col">Studies</th><th scope="col">Participants</th>'
        '<th scope="col">Effect [95% CI]</th><th scope="col">Appraised</th><th scope="col">Warnings</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _recommendation(rating: RecommendationRating, page: GuideReport, framework_label: str) -> str:
    rec = rating.recommendation
    anchor = _anchor(rating, framework_label)
    return (
        f'<section class="recommendation" id="{escape(anchor)}"><h2>{rec.number}. {escape(rec.text.strip())}</h2>'
        f"<p>Derived rating <strong>{escape(rating.rating)}</strong>; published rating "
        f"{escape(rating.published_rating or 'n/a')}; eligible studies: {escape(', '.join(rating.eligible) or 'none')}.</p>"
        f"{_summary_of_findings(rating)}<h3>Forest plots</h3>{forest_plots(rating, framework_label)}"
        f"<h3>Funnel plots</h3>{funnel_plots(rating, framework_label)}"
        f"<h3>Risk of bias</h3>{risk_of_bias_tables(rating)}"
        f"<h3>Robustness</h3>{robustness_section(page.robustness_of(rec.id))}</section>"
    )


def format_html(page: GuideReport) -> str:
    """The whole page, one string."""
    reports = page.evaluation.reports
    several = len(reports) > 1
    body = []
    for report in reports:
        label = report.framework.id if several else ""
        body.append(f"<h1>{escape(report.framework.title)}</h1>{_ratings_table(report, label)}")
        body.extend(_recommendation(rating, page, label) for rating in report.ratings)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Evidence ratings report</title><style>{_STYLE}</style></head><body>{''.join(body)}"
        f'<footer><p class="note">Made by kinship-evidence {escape(__version__)}.</p></footer></body></html>\n'
    )

"""The HTML report's "History" section of a recommendation: its rating by publication year.

One row per year in which a study naming it appeared: the rating then (bold where it changed),
the studies the year added, and each domain's pooled estimate and 95% CI (natural scale) with
tau^2. Every user string passes :func:`html.escape`.
"""

from __future__ import annotations

from html import escape

from kinship_evidence.reports.history import pooled_text
from kinship_evidence.workflows.history.points import RecommendationHistory


def history_section(history: RecommendationHistory | None) -> str:
    """The table of ``history`` (or a note that it was not computed)."""
    if history is None:
        return '<p class="note">History: not computed.</p>'
    if not history.points:
        return '<p class="note">History: no study names this recommendation.</p>'
    rows = []
    for point in history.points:
        rating = escape(point.rating or "not rated")
        shown = f"<strong>{rating}</strong> (changed)" if point.changed else rating
        domains = "<br>".join(
            f"{escape(d.domain)}: {escape(d.rating)}; {escape(pooled_text(d))}" for d in point.domains
        )
        rows.append(
            f"<tr><th scope=\"row\">{escape(str(point.year))}</th><td>{shown}</td>"
            f"<td>{escape(', '.join(point.added))}</td><td>{domains}</td></tr>"
        )
    changes = ", ".join(str(point.year) for point in history.changes) or "never"
    return (
        f'<p class="history">By publication year (a year\'s studies enter together); the rating changed in: '
        f"{escape(changes)}.</p>"
        '<table class="history"><thead><tr><th scope="col">Year</th><th scope="col">Rating</th>'
        '<th scope="col">Studies added</th><th scope="col">Domains: pooled estimate [95% CI], tau^2</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )

"""The HTML report's "History" section of a recommendation: its rating by publication year, as
plain values for the template (which escapes every one of them).

One row per year in which a study naming it appeared: the rating then (bold where it changed),
the studies the year added, and each domain's pooled estimate and 95% CI (natural scale) with
tau^2.
"""

from __future__ import annotations

from dataclasses import field

from kinship_evidence.frozen import frozen
from kinship_evidence.reports.history import pooled_text
from kinship_evidence.workflows.history.points import RecommendationHistory


@frozen
class HistoryRow:
    year: str
    rating: str
    changed: bool
    added: str
    domains: list[str]


@frozen
class HistorySection:
    note: str = ""  # why there is no table
    changes: str = ""
    rows: list[HistoryRow] = field(default_factory=list)


def history_section(history: RecommendationHistory | None) -> HistorySection:
    """The rows of ``history`` (or a note that it was not computed)."""
    if history is None:
        return HistorySection(note="History: not computed.")
    if not history.points:
        return HistorySection(note="History: no study names this recommendation.")
    rows = [
        HistoryRow(
            year=str(point.year),
            rating=point.rating or "not rated",
            changed=point.changed,
            added=", ".join(point.added),
            domains=[f"{d.domain}: {d.rating}; {pooled_text(d)}" for d in point.domains],
        )
        for point in history.points
    ]
    return HistorySection(changes=", ".join(str(point.year) for point in history.changes) or "never", rows=rows)

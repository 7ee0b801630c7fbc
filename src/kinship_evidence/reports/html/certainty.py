"""The report's GRADE Summary of findings section (GRADEpro's shape), as plain values for the
template (which escapes every one of them)."""

from __future__ import annotations

from dataclasses import field

from kinship_evidence.frozen import frozen
from kinship_evidence.rating.results import RecommendationRating
from kinship_evidence.reports.sof import SCOPE, sof_rows

COLUMNS = ("Outcome", "Participants (studies)", "Relative effect (95% CI)", "Risk with comparator",
           "Risk with intervention", "Certainty of the evidence (GRADE)", "Guide's analysis (eligible studies)")


@frozen
class CertaintyRow:
    domain: str
    deciding: bool
    cells: list[str]
    certainty: str
    footnotes: list[int]
    guide_effect: str


@frozen
class CertaintySection:
    columns: tuple[str, ...] = COLUMNS
    rows: list[CertaintyRow] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    scope: str = SCOPE


def certainty_section(rating: RecommendationRating) -> CertaintySection:
    """One row per outcome domain (deciding first), with numbered footnotes for every step down."""
    rows: list[CertaintyRow] = []
    notes: list[str] = []
    for row in sof_rows(rating, unicode=True):
        refs = [len(notes) + i + 1 for i in range(len(row.notes))]
        notes += row.notes
        intervention = f"{row.intervention}; {row.difference}" if row.difference != "-" else row.intervention
        rows.append(CertaintyRow(row.domain, row.deciding, [row.participants, row.relative, row.comparator, intervention],
                                 row.certainty, refs, row.guide_effect))
    return CertaintySection(rows=rows, footnotes=notes)

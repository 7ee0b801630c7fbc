"""The report's GRADE Summary of findings section (GRADEpro's shape), every string escaped."""

from __future__ import annotations

from html import escape

from kinship_evidence.rating.results import RecommendationRating
from kinship_evidence.reports.sof import SCOPE, sof_rows

COLUMNS = ("Outcome", "Participants (studies)", "Relative effect (95% CI)", "Risk with comparator",
           "Risk with intervention", "Certainty of the evidence (GRADE)", "Guide's analysis (eligible studies)")


def certainty_section(rating: RecommendationRating) -> str:
    """A ``<table class="grade-sof">`` with one row per outcome domain (deciding first) and numbered footnotes."""
    rows: list[str] = []
    notes: list[str] = []
    for row in sof_rows(rating, unicode=True):
        refs = "".join(f"<sup>{len(notes) + i + 1}</sup>" for i in range(len(row.notes)))
        notes += row.notes
        outcome = escape(row.domain) + (" <em>(deciding)</em>" if row.deciding else "")
        cells = [row.participants, row.relative, row.comparator, f"{row.intervention}; {row.difference}"
                 if row.difference != "-" else row.intervention]
        rows.append(
            f'<tr><th scope="row">{outcome}</th>' + "".join(f"<td>{escape(cell)}</td>" for cell in cells)
            + f'<td class="certainty">{escape(row.certainty)}{refs}</td><td>{escape(row.guide_effect)}</td></tr>'
        )
    if not rows:
        return '<p class="note">No outcome domain rated.</p>'
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in COLUMNS)
    listed = "".join(f"<li>{escape(note)}</li>" for note in notes)
    return (
        f'<table class="grade-sof"><caption>Summary of findings (GRADE)</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table><p class=\"note\">{escape(SCOPE)}</p>"
        + (f'<ol class="footnotes">{listed}</ol>' if listed else "")
    )

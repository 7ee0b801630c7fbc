"""``sof [REC]``: a Summary of findings in GRADEpro's shape, per recommendation.

One row per outcome domain, the deciding one first: participants (studies), the relative
effect (95% CI), risk with the comparator and with the intervention per 1,000 (or the
continuous effect in words), the certainty (⊕⊕⊕◯, ASCII ``+++o``) with numbered footnotes for
every step down; with the guide's rating and the guide's own pooled effect beside it. The
certainty rates every study of the rule set's designs, whatever its quality or country; the
guide's rating counts only its eligible studies: both are shown, and said so.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from kinship_evidence.frozen import frozen
from kinship_evidence.rating.results import DomainRating, RatingReport, RecommendationRating
from kinship_evidence.reports.certainty_data import absolute_cells, certainty_dict, circles, footnotes, relative_effect
from kinship_evidence.reports.tables.summary_of_findings import deciding_domain, synthesis_effect
from kinship_evidence.reports.text.escaping import escape, markdown_text, prose
from kinship_evidence.reports.text.symbols import unicode_output
from kinship_evidence.reports.text.terminal import output_width
from kinship_evidence.reports.text.wrapping import wrap

Selected = Sequence[tuple[RatingReport, RecommendationRating]]
SCOPE = ("Certainty (GRADE) rates every study of the rule set's designs, whatever its quality or country; "
         "the guide's rating counts only its eligible studies.")


@frozen(slots=True)
class SofRow:
    domain: str
    deciding: bool
    rating: str
    participants: str
    relative: str
    comparator: str
    intervention: str
    difference: str
    certainty: str  # "⊕⊕◯◯ low", or "no study"
    notes: tuple[str, ...]
    guide_effect: str  # the guide's analysis of its eligible studies


def ordered_domains(rating: RecommendationRating) -> list[DomainRating]:
    first = deciding_domain(rating)
    return [*([first] if first is not None else []), *(d for d in rating.domains if d is not first)]


def sof_rows(rating: RecommendationRating, unicode: bool | None = None) -> list[SofRow]:
    rows = []
    first = deciding_domain(rating)
    for domain in ordered_domains(rating):
        guide = synthesis_effect(domain.synthesis) if domain.evidence else "no eligible study"
        certainty = domain.certainty
        if certainty is None:
            rows.append(SofRow(domain.domain, domain is first, domain.rating, "0 studies", "-", "-", "-", "-",
                               "no study", (), guide))
            continue
        body = certainty.body
        count = f"{body.participants:,}" + (f" + {body.participants_missing} n/r" if body.participants_missing else "")
        if body.participants == 0 and body.participants_missing:
            count = "n/r"
        comparator, intervention, difference = absolute_cells(certainty)
        rows.append(SofRow(
            domain.domain, domain is first, domain.rating, f"{count} ({body.studies} stud{'y' if body.studies == 1 else 'ies'})",
            relative_effect(certainty), comparator, intervention, difference,
            f"{circles(certainty, unicode)} {certainty.level}, starting {certainty.start}", tuple(footnotes(certainty)), guide,
        ))
    return rows


def _heading(rating: RecommendationRating) -> str:
    published = f", published {rating.published_rating}" if rating.published_rating is not None else ""
    return f"guide rating ({rating.framework.id}): {rating.rating}{published}"


def sof_text(rating: RecommendationRating, width: int, unicode: bool | None = None) -> list[str]:
    rec = rating.recommendation
    lines = wrap(f"Summary of findings: recommendation {rec.number} ({escape(rec.id)})", width, "", "  ")
    lines += wrap(prose(rec.text), width, "  ", "  ")
    lines += wrap(_heading(rating), width, "  ", "    ")
    lines += wrap(SCOPE, width, "  ", "  ")
    number = 0
    for row in sof_rows(rating, unicode):
        lines.append("")
        title = f"{escape(row.domain)}{' (deciding domain)' if row.deciding else ''}: guide rating {row.rating}"
        lines += wrap(title, width, "  ", "    ")
        refs = list(range(number + 1, number + 1 + len(row.notes)))
        cells = [
            ("Participants (studies)", row.participants),
            ("Relative effect (95% CI)", row.relative),
            ("Risk with comparator", row.comparator),
            ("Risk with intervention", row.intervention),
            ("Difference", row.difference),
            ("Certainty", row.certainty + (f" ({', '.join(map(str, refs))})" if refs else "")),
            ("Guide's analysis", row.guide_effect + " (eligible studies)"),
        ]
        for name, value in cells:
            lines += wrap(f"{name:<25} {value}", width, "    ", " " * 30)
        for offset, note in enumerate(row.notes):
            lines += wrap(f"{number + offset + 1}. {prose(note)}", width, "    ", "       ")
        number += len(row.notes)
    return lines


def format_text(selected: Selected) -> str:
    width = output_width()
    unicode = unicode_output()
    return "\n\n".join("\n".join(sof_text(rating, width, unicode)) for _, rating in selected) + "\n"


def sof_dict(report: RatingReport, rating: RecommendationRating) -> dict[str, Any]:
    rec = rating.recommendation
    return {
        "id": rec.id, "number": rec.number, "framework": report.framework.id, "rating": rating.rating,
        "published_rating": rating.published_rating, "scope": SCOPE,
        "outcomes": [
            {
                "domain": domain.domain, "deciding": row.deciding, "rating": domain.rating,
                "participants": row.participants, "relative_effect": row.relative, "risk_with_comparator": row.comparator,
                "risk_with_intervention": row.intervention, "difference": row.difference,
                "guide_effect": row.guide_effect, "footnotes": list(row.notes),
                "certainty": certainty_dict(domain.certainty),
            }
            for domain, row in zip(ordered_domains(rating), sof_rows(rating, True), strict=True)
        ],
    }


def format_json(selected: Selected) -> str:
    data = {"summaries": [sof_dict(report, rating) for report, rating in selected]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def format_markdown(selected: Selected) -> str:
    parts = []
    header = ("| Outcome | Participants (studies) | Relative effect (95% CI) | Risk with comparator | Risk with intervention "
              "| Certainty | Guide's analysis (eligible studies) |\n|---|---|---|---|---|---|---|")
    for _, rating in selected:
        rec = rating.recommendation
        rows: list[str] = []
        notes: list[str] = []
        for row in sof_rows(rating, True):
            refs = "".join(f"<sup>{len(notes) + i + 1}</sup>" for i in range(len(row.notes)))
            notes += row.notes
            cells = [markdown_text(cell) for cell in (f"{row.domain}{' (deciding)' if row.deciding else ''}", row.participants,
                                                       row.relative, row.comparator, row.intervention, row.certainty)]
            cells[-1] += refs
            rows.append("| " + " | ".join([*cells, markdown_text(row.guide_effect)]) + " |")
        listed = "".join(f"{i}. {markdown_text(note)}\n" for i, note in enumerate(notes, 1))
        parts.append(f"### {rec.number}. {markdown_text(rec.id)}: {markdown_text(_heading(rating))}\n\n{markdown_text(SCOPE)}\n\n"
                     f"{header}\n" + "\n".join(rows) + "\n\n" + listed)
    return "\n".join(parts)

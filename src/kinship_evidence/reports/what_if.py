"""Reporters of ``rate --without/--with``: current and what-if ratings side by side.

``json`` keeps the shape of ``rate --format json`` and adds ``what_if`` to the top level and
to each recommendation; ``csv`` adds the columns ``what_if_rating`` and
``what_if_domain_rating``; ``markdown`` is a table with a What-if column. No Rich here (see
``what_if_table``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from kinship_evidence.frozen import frozen
from kinship_evidence.rating.results import RatingReport, RecommendationRating
from kinship_evidence.reports import ratings as rating_reports
from kinship_evidence.reports.json_text import indented_json
from kinship_evidence.reports.text.escaping import markdown_text
from kinship_evidence.workflows.what_if import WhatIf


@frozen(slots=True)
class WhatIfRow:
    number: int
    recommendation: str  # id
    text: str
    current: str
    what_if: str
    published: str | None

    @property
    def changed(self) -> bool:
        return self.current != self.what_if


def rows(current: RatingReport, what_if: RatingReport) -> list[WhatIfRow]:
    after = {rating.recommendation.id: rating for rating in what_if.ratings}
    return [
        WhatIfRow(
            rating.recommendation.number, rating.recommendation.id, rating.recommendation.text,
            rating.rating, after[rating.recommendation.id].rating, rating.published_rating,
        )
        for rating in current.ratings
    ]


def _domains(rating: RecommendationRating) -> dict[str, str]:
    return {domain.domain: domain.rating for domain in rating.domains}


def _what_if_dict(rating: RecommendationRating, current: RecommendationRating) -> dict[str, Any]:
    """The what-if rating; a domain rated only now, or no longer, has rating None on the other side."""
    after, before = _domains(rating), _domains(current)
    return {
        "rating": rating.rating,
        "changed": rating.rating != current.rating,
        "outcomes": [
            {"domain": domain, "rating": after.get(domain), "changed": after.get(domain) != before.get(domain)}
            for domain in [*after, *(d for d in before if d not in after)]
        ],
    }


def _report_dict(current: RatingReport, what_if: RatingReport) -> dict[str, Any]:
    data = rating_reports.report_dict(current)
    after = {rating.recommendation.id: rating for rating in what_if.ratings}
    for entry, rating in zip(data["recommendations"], current.ratings):
        entry["what_if"] = _what_if_dict(after[rating.recommendation.id], rating)
    return data


def format_json(result: WhatIf) -> Iterator[str]:
    """The current and what-if ratings as indented JSON, streamed (``reports.json_text``)."""
    pairs = result.pairs
    data = _report_dict(*pairs[0]) if len(pairs) == 1 else {"frameworks": [_report_dict(*pair) for pair in pairs]}
    data = {**data, "what_if": {"without": list(result.without), "with": list(result.with_files)}}
    return indented_json(data)


def format_csv(result: WhatIf) -> str:
    """``rate --format csv`` with two more columns; a domain rated only in the what-if gets its own row."""
    current_rows = list(csv.reader(io.StringIO(rating_reports.format_csv(result.current))))
    header, body = current_rows[0], current_rows[1:]
    at = {name: index for index, name in enumerate(header)}
    ratings = {
        (report.framework.id, rating.recommendation.id): rating for report in result.what_if for rating in report.ratings
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*header, "what_if_rating", "what_if_domain_rating"])
    seen: set[tuple[str, str, str]] = set()
    for row in body:
        rating = ratings[(row[at["framework"]], row[at["id"]])]
        domain = row[at["domain"]]
        seen.add((row[at["framework"]], row[at["id"]], domain))
        writer.writerow([*row, rating.rating, _domains(rating).get(domain, "") if domain else ""])
    for (framework, rec_id), rating in ratings.items():
        for domain, value in _domains(rating).items():
            if (framework, rec_id, domain) not in seen:
                blank = {"framework": framework, "number": str(rating.recommendation.number), "id": rec_id, "domain": domain}
                writer.writerow([blank.get(name, "") for name in header] + [rating.rating, value])
    return buffer.getvalue()


def _mark(row: WhatIfRow) -> str:
    return f"**{row.what_if}** (changed)" if row.changed else row.what_if


def format_markdown(result: WhatIf) -> str:
    blocks = []
    for current, what_if in result.pairs:
        lines = [f"What-if ratings under `{current.framework.id}` ({current.methods.describe()}): {markdown_text(result.description)}", ""]
        lines.append("| # | Recommendation | Current | What-if | Published |")
        lines.append("|---|---|---|---|---|")
        for row in rows(current, what_if):
            text = markdown_text(row.text)
            lines.append(f"| {row.number} | {text} | {row.current} | {_mark(row)} | {row.published or ''} |")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


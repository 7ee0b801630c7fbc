"""The terminal table of ratings, a Summary of findings (Rich, imported only for this format).

One framework: per recommendation its rating beside the published one, the deciding domain
with its studies, participants, effect and how many eligible studies are appraised; warnings
as numbered notes under the table. Several frameworks: one compact column per framework,
keyed by letter under the table. Nothing is cropped at any width: the id column is as wide as
the longest id when that fits beside the rating columns, else it takes what is left and a long
id folds onto a second line; framework columns that do not fit beside each other go into a
second table (same rows) rather than off the edge. Cells are wrapped here, at spaces (ratings
after hyphens).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from kinship_evidence.rating.results import RatingReport, RecommendationRating
from kinship_evidence.reports.tables.summary_of_findings import (
    NOT_REPORTED,
    Ratings,
    as_ratings,
    findings_row,
    numbered_warnings,
)
from kinship_evidence.reports.text.escaping import cell
from kinship_evidence.reports.text.terminal import output_width, render
from kinship_evidence.reports.text.wrapping import hyphen_lines, wrap

RATING_WIDTH = 10  # "published:" and the hyphen-wrapped ratings ("well-supported" -> "well-", "supported")
MIN_ID_WIDTH = len("Recommendation")  # the narrowest id column: its header (a longer id folds)
FRAGILE = "fragile"
_MATCH_WORDS = {  # by DriftStatus.status: an acknowledged drift is no red alarm
    "none": "[green]match[/]", "acknowledged": "[yellow]acknowledged[/]", "unacknowledged": "[bold red]NO MATCH[/]",
}


def _rating_cell(rating: RecommendationRating, fragile: frozenset[str], compact: bool = False) -> str:
    """The rating, the published one and whether they match (compact: the published one only when it differs)."""
    lines = [f"[bold]{line}[/]" for line in hyphen_lines(rating.rating, RATING_WIDTH)]
    if rating.published_rating is not None and not (compact and rating.matches_published):
        lines.append("published:")
        lines.extend(hyphen_lines(rating.published_rating, RATING_WIDTH))
        lines.append(_MATCH_WORDS[rating.drift.status])
    if rating.recommendation.id in fragile:
        lines.append(f"[yellow]{FRAGILE}[/]")
    return "\n".join(lines)


def _evidence_lines(rating: RecommendationRating, refs: list[int]) -> list[str]:
    """The deciding domain's evidence, a line a fact (unwrapped)."""
    row = findings_row(rating)
    if row.domain is None:
        lines = ["no outcome domain"]
    else:
        study_word = "study" if row.studies == 1 else "studies"
        participants = f"n={row.participants}" if row.participants != NOT_REPORTED else f"n {NOT_REPORTED}"
        lines = [cell(row.domain), f"{row.studies} {study_word}, {participants}", row.effect]
    lines.append(f"appraised {row.appraised} of {row.eligible}")
    if refs:
        lines.append("notes " + ", ".join(str(n) for n in refs))
    return lines


def _notes(notes: list[str], width: int) -> list[str]:
    lines = []
    for number, note in enumerate(notes, start=1):
        label = f"{number}. "
        lines.extend(wrap(cell(note), width, label, " " * len(label)))
    return lines


def _id_width(ratings: Sequence[RecommendationRating]) -> int:
    return max((len(r.recommendation.id) for r in ratings), default=10)


def _table_width(widths: Sequence[int]) -> int:
    """The width Rich draws a boxed table with padding 1 and these column widths."""
    return sum(widths) + 3 * len(widths) + 1


def _number_width(ratings: Sequence[RecommendationRating]) -> int:
    return max((len(str(r.recommendation.number)) for r in ratings), default=1)


def _id_column_width(ratings: Sequence[RecommendationRating], others: Sequence[int], width: int) -> int:
    """The longest id when it fits beside the ``others`` columns in ``width``, else what is left (at least 14)."""
    left = width - _table_width([_number_width(ratings), 0, *others])
    return max(MIN_ID_WIDTH, min(_id_width(ratings), left))


def _single(report: RatingReport, fragile: frozenset[str], width: int) -> tuple[Table, list[str]]:
    """Four columns when they fit beside the longest id; else the evidence goes under the text."""
    refs, notes = numbered_warnings(report.ratings)
    evidence = {r.recommendation.id: _evidence_lines(r, refs.get(r.recommendation.id, [])) for r in report.ratings}
    evidence_width = max(len("Deciding domain"), *(len(line) for lines in evidence.values() for line in lines))
    numbers = _number_width(report.ratings)
    beside = _table_width([numbers, max(_id_width(report.ratings), 16), RATING_WIDTH, evidence_width]) <= width
    id_width = _id_column_width(report.ratings, [RATING_WIDTH, evidence_width] if beside else [RATING_WIDTH], width)
    table = Table(
        title=f"{cell(report.framework.title)}\n[dim]{cell(report.framework.id)}, {report.methods.describe()}[/]",
        show_lines=True,
    )
    table.add_column("#", justify="right", style="bold")
    table.add_column(
        "Recommendation" if beside else "Recommendation, deciding domain", ratio=1, min_width=id_width, overflow="fold"
    )
    table.add_column("Rating", no_wrap=True, min_width=RATING_WIDTH)
    if beside:
        table.add_column("Deciding domain", no_wrap=True, min_width=evidence_width)
    for rating in report.ratings:
        rec = rating.recommendation
        text = f"[bold]{cell(rec.id)}[/]\n{cell(rec.text)}"
        facts = evidence[rec.id]
        if beside:
            table.add_row(str(rec.number), text, _rating_cell(rating, fragile), "\n".join(facts))
        else:
            text += "\n[dim]deciding domain:[/] " + "\n".join(facts)
            table.add_row(str(rec.number), text, _rating_cell(rating, fragile))
    footer = ["Notes:", *_notes(notes, width)] if notes else []
    return table, footer


def _letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def _framework_groups(reports: Sequence[RatingReport], width: int) -> list[list[int]]:
    """The framework columns of each table: as many beside each other as fit in ``width`` (at least one)."""
    fixed = _table_width([_number_width(reports[0].ratings), MIN_ID_WIDTH])
    per_table = max(1, (width - fixed) // (RATING_WIDTH + 3))
    indexes = list(range(len(reports)))
    return [indexes[start:start + per_table] for start in range(0, len(indexes), per_table)]


def _framework_table(reports: Sequence[RatingReport], group: list[int], fragile: frozenset[str], width: int) -> Table:
    ratings = reports[0].ratings
    letters = f"{_letter(group[0])}-{_letter(group[-1])}" if len(group) > 1 else _letter(group[0])
    title = "Ratings by framework" if len(group) == len(reports) else f"Ratings by framework ({letters})"
    table = Table(title=title, show_lines=True)
    table.add_column("#", justify="right", style="bold")
    id_width = _id_column_width(ratings, [RATING_WIDTH] * len(group), width)
    table.add_column("Recommendation", ratio=1, min_width=id_width, overflow="fold")
    for index in group:
        table.add_column(_letter(index), no_wrap=True, min_width=RATING_WIDTH)
    for row, rating in enumerate(ratings):
        cells = [_rating_cell(reports[index].ratings[row], fragile, compact=True) for index in group]
        table.add_row(str(rating.recommendation.number), f"[bold]{cell(rating.recommendation.id)}[/]", *cells)
    return table


def _side_by_side(reports: Sequence[RatingReport], fragile: frozenset[str], width: int) -> tuple[list[Table], list[str]]:
    tables = [_framework_table(reports, group, fragile, width) for group in _framework_groups(reports, width)]
    key = []
    for index, report in enumerate(reports):
        label = f"{_letter(index)}  "
        key.extend(wrap(f"{cell(report.framework.id)}: {cell(report.framework.title)}; {report.methods.describe()}",
                        width, label, " " * len(label)))
    return tables, ["Frameworks:", *key]


def format_table(result: Ratings | Sequence[RatingReport]) -> str:
    """The ratings table; ``result`` may carry the ids of fragile recommendations (:class:`Ratings`)."""
    ratings = as_ratings(result)
    width = output_width()
    build = _single if len(ratings.reports) == 1 else _side_by_side
    reports = ratings.reports[0] if len(ratings.reports) == 1 else ratings.reports
    built, footer = build(reports, ratings.fragile, width)  # type: ignore[arg-type]
    tables = built if isinstance(built, list) else [built]
    if ratings.fragile:
        legend = "one single change flips the rating (a study left out, another method, a quality a level up or down: see `robustness`)"
        footer.extend(wrap(f"{FRAGILE}: {legend}", width, "", ""))
    return render(*tables, *footer)

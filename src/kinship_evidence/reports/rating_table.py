"""The terminal table of ratings, drawn with Rich (imported only for this format)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from kinship_evidence.rating.results import RatingReport, RecommendationRating
from kinship_evidence.reports.symbols import symbol
from kinship_evidence.reports.terminal import cell, render


def _match(rating: RecommendationRating) -> str:
    if rating.matches_published is None:
        return ""
    return "[green]yes[/]" if rating.matches_published else "[bold red]no[/]"


def _single(report: RatingReport) -> Table:
    tiers = report.framework.scale[:-1]
    table = Table(
        title=f"{cell(report.framework.title)}\n[dim]{cell(report.framework.id)}, {report.methods.describe()}[/]",
        show_lines=True,
    )
    table.add_column("#", justify="right", style="bold")
    table.add_column("Recommendation", ratio=1, min_width=20)
    for tier in tiers:
        table.add_column(tier.replace("-", " ").capitalize(), justify="center")
    table.add_column("Published", justify="center")
    table.add_column("Match", justify="center")
    for rating in report.ratings:
        ticks = [f"[bold]{symbol('tick')}[/]" if rating.rating == tier else "" for tier in tiers]
        text = cell(rating.recommendation.text)
        if rating.warnings:
            text += "\n[yellow]" + "\n".join(f"warning: {cell(w)}" for w in rating.warnings) + "[/]"
        table.add_row(str(rating.recommendation.number), text, *ticks, rating.published_rating or "", _match(rating))
    return table


def _side_by_side(reports: Sequence[RatingReport]) -> Table:
    table = Table(title="Ratings by framework", show_lines=True)
    table.add_column("#", justify="right", style="bold")
    table.add_column("Recommendation", ratio=1, min_width=14)
    for report in reports:
        table.add_column(cell(report.framework.id), justify="center", overflow="fold")
    for index, rating in enumerate(reports[0].ratings):
        cells = []
        for report in reports:
            other = report.ratings[index]
            note = "" if other.matches_published is not False else f"\n[red](published {other.published_rating})[/]"
            cells.append(other.rating + note)
        table.add_row(str(rating.recommendation.number), rating.recommendation.id, *cells)
    return table


def format_table(reports: Sequence[RatingReport]) -> str:
    return render(_single(reports[0]) if len(reports) == 1 else _side_by_side(reports))

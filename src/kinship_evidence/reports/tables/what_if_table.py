"""The terminal table of current and what-if ratings, drawn with Rich (imported only for it).

Each recommendation shows its id whole (its column is at least as wide as the longest id) over
its text; ratings are wrapped after hyphens, so the table fits 80 columns.
"""

from __future__ import annotations

from rich.table import Table

from kinship_evidence.reports.text.escaping import cell
from kinship_evidence.reports.text.terminal import render
from kinship_evidence.reports.text.wrapping import hyphen_lines
from kinship_evidence.reports.what_if import rows
from kinship_evidence.workflows.what_if import WhatIf

RATING_WIDTH = 10


def _rating(value: str | None) -> str:
    return "\n".join(hyphen_lines(value, RATING_WIDTH)) if value else ""


def format_what_if_table(result: WhatIf) -> str:
    tables = []
    for current, what_if in result.pairs:
        table = Table(
            title=f"{cell(current.framework.title)}\n[dim]{cell(current.framework.id)}, {current.methods.describe()}; "
            f"what-if: {cell(result.description)}[/]",
            show_lines=True,
        )
        table_rows = rows(current, what_if)
        table.add_column("#", justify="right", style="bold")
        table.add_column("Recommendation", ratio=1, min_width=max((len(r.recommendation) for r in table_rows), default=10))
        for header in ("Current", "What-if", "Published"):
            table.add_column(header, no_wrap=True, min_width=RATING_WIDTH)
        for row in table_rows:
            after = f"[bold yellow]{_rating(row.what_if)}\n(changed)[/]" if row.changed else _rating(row.what_if)
            text = f"[bold]{cell(row.recommendation)}[/]\n{cell(row.text)}"
            table.add_row(str(row.number), text, _rating(row.current), after, _rating(row.published))
        tables.append(table)
    return render(*tables)

"""The terminal table of current and what-if ratings, drawn with Rich (imported only for it)."""

from __future__ import annotations

from rich.table import Table

from kinship_evidence.reports.terminal import cell, render
from kinship_evidence.reports.what_if import rows
from kinship_evidence.workflows.what_if import WhatIf


def format_what_if_table(result: WhatIf) -> str:
    tables = []
    for current, what_if in result.pairs:
        table = Table(
            title=f"{cell(current.framework.title)}\n[dim]{cell(current.framework.id)}, {current.methods.describe()}; "
            f"what-if: {cell(result.description)}[/]",
            show_lines=True,
        )
        table.add_column("#", justify="right", style="bold")
        table.add_column("Recommendation", ratio=1, min_width=20)
        table.add_column("Current", justify="center")
        table.add_column("What-if", justify="center")
        table.add_column("Published", justify="center")
        for row in rows(current, what_if):
            after = f"[bold yellow]{row.what_if} (changed)[/]" if row.changed else row.what_if
            table.add_row(str(row.number), cell(row.text), row.current, after, row.published or "")
        tables.append(table)
    return render(*tables)

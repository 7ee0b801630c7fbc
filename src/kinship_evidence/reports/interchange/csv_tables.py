"""The CSV files that leave the toolkit: the metafor tables and the robvis tables.

Written by the standard ``csv`` module, ``\\n`` line ends, numbers as Python's ``repr`` (the
shortest text that reads back as the same double, so R's ``read.csv`` gets our exact ``yi``
and ``vi``), an absent value as ``NA`` (what R reads as missing).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from kinship_evidence.workflows.interchange.metafor_export import MetaforPool
from kinship_evidence.workflows.interchange.robvis_export import RobvisTable

NA = "NA"


def csv_text(rows: Iterable[Sequence[object]], comment: str | None = None) -> str:
    buffer = io.StringIO()
    if comment is not None:
        buffer.write("".join(f"# {line}\n" for line in comment.splitlines()))
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([NA if value is None else repr(value) if isinstance(value, float) else value for value in row])
    return buffer.getvalue()


def metafor_csv(pool: MetaforPool) -> str:
    """``study, yi, vi``, the escalc columns the pool's records give, and a note per study."""
    raw = pool.raw_columns
    header = ("study", "yi", "vi", *raw, "note")
    rows = [(row.study, row.yi, row.vi, *(row.raw.get(name) for name in raw), row.note) for row in pool.rows]
    return csv_text([header, *rows])


def robvis_call(table: RobvisTable) -> str:
    """The one line of R that draws robvis's two figures from the table."""
    return (
        f'dat <- read.csv("{table.file_name}", comment.char = "#", check.names = FALSE); '
        f'robvis::rob_traffic_light(dat, tool = "{table.robvis_tool}"); robvis::rob_summary(dat, tool = "{table.robvis_tool}")'
    )


def robvis_csv(table: RobvisTable) -> str:
    """robvis's table, with the R call that draws it as its first line (a comment robvis's reader skips)."""
    return csv_text(table.rows, comment=f"R: {robvis_call(table)}")

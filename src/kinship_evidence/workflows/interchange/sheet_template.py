"""``import sheet --template FILE``: an empty extraction sheet with every column, as CSV or .xlsx bytes."""

from __future__ import annotations

import csv
import io

from kinship_evidence.workflows.interchange.columns import COLUMNS


def template_bytes(suffix: str) -> bytes:
    """The header row of every column (``.csv``, or an ``.xlsx`` workbook with a bold, frozen header)."""
    names = [column.name for column in COLUMNS]
    if suffix == ".csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(names)
        return buffer.getvalue().encode("utf-8")
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "studies"
    sheet.append(names)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

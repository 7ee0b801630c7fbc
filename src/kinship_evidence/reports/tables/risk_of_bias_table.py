"""Risk-of-bias tables in text, robvis-like traffic lights that read without colour.

One table a tool: a row a study, a column a domain (D1 ...), then Overall; the key to the
domains and symbols under it, and notes such as several RoB 2 domains with some concerns
(which a reviewer may judge high overall).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kinship_evidence.rating.evidence import StudyEvidence
from kinship_evidence.reports.tables.appraisal_rows import RiskOfBiasTable, risk_of_bias_tables
from kinship_evidence.reports.text.escaping import prose
from kinship_evidence.reports.text.wrapping import wrap


def _table_lines(table: RiskOfBiasTable, width: int) -> list[str]:
    name_width = max(len("Study"), *(len(row.study_id) for row in table.rows))
    cells = [max(len(h), 2) for h in table.headers]

    def line(name: str, values: Sequence[str]) -> str:
        return ("    " + f"{name:<{name_width}}  " + "  ".join(f"{v:<{w}}" for v, w in zip(values, cells))).rstrip()

    lines = wrap(f"risk of bias, {table.label}:", width, "  ", "    ")
    lines.append(line("Study", table.headers))
    lines.extend(line(row.study_id, row.symbols) for row in table.rows)
    if table.domain_labels:
        key = "; ".join(f"{header} {text}" for header, text in table.domain_labels)
        lines.extend(wrap(key, width, "    ", "      "))
    lines.extend(wrap("  ".join(f"{mark} {meaning}" for mark, meaning in table.legend), width, "    ", "      "))
    lines.extend(line for note in table.notes for line in wrap(f"note: {prose(note)}", width, "    ", "      "))
    return lines


def risk_of_bias_lines(evidence: Sequence[StudyEvidence], width: int) -> list[str]:
    """Every table for ``evidence`` (one a tool), and the studies with no recorded appraisal."""
    lines = [line for table in risk_of_bias_tables(evidence) for line in _table_lines(table, width)]
    unappraised = [item.study.id for item in evidence if item.quality.appraisal is None]
    if unappraised:
        lines.extend(wrap(f"no risk-of-bias appraisal recorded: {', '.join(unappraised)}", width, "  ", "    "))
    return lines


def risk_of_bias_data(evidence: Sequence[StudyEvidence]) -> list[dict[str, Any]]:
    """The tables as data: per tool, its domains, and per study each domain's judgement and the overall."""
    return [
        {
            "tool": table.tool,
            "headers": dict(zip(table.headers, [*table.domains, "overall"])),
            "rows": [
                {
                    "study": row.study_id,
                    "domains": dict(zip(table.domains, row.judgements[:-1])),
                    "overall": row.judgements[-1],
                }
                for row in table.rows
            ],
            "notes": list(table.notes),
        }
        for table in risk_of_bias_tables(evidence)
    ]

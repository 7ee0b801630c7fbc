"""A study's risk-of-bias appraisal as reports show it.

This module reads the appraisal a :class:`~kinship_evidence.rating.quality.QualityBasis` carries and gives it in the
one vocabulary of :mod:`kinship_evidence.data.risk_of_bias.vocabulary`: as a traffic-light row
per study (``appraisal_row``, for the forest figure and the HTML page), as one table per tool for
a domain's studies (``risk_of_bias_tables``, for ``explain``), and as data (``appraisal_dict``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kinship_evidence.data.models.appraisal import RiskOfBias
from kinship_evidence.data.risk_of_bias.vocabulary import (
    DOMAIN_HEADERS,
    DOMAIN_LABELS,
    DOMAINS,
    EXTERNAL,
    EXTERNAL_RATING_HEADER,
    OVERALL_HEADER,
    TOOL_LABELS,
    TOOLS,
    judgement_label,
    judgement_symbol,
    symbol_legend,
)
from kinship_evidence.frozen import frozen
from kinship_evidence.rating.evidence import StudyEvidence
from kinship_evidence.rating.quality import QualityBasis

__all__ = [
    "OVERALL_HEADER", "AppraisalRow", "RiskOfBiasTable", "appraisal_dict", "appraisal_row", "legend", "risk_of_bias_tables",
]


@frozen(slots=True)
class AppraisalCell:
    slug: str  # the domain's slug, e.g. missing-data ("overall" for the overall judgement)
    header: str  # D1 ... or Overall (Rating for an external rating)
    title: str  # the domain's name, for a tooltip or a key
    symbol: str  # + ! x xx ? -
    label: str  # the judgement in words


@frozen(slots=True)
class AppraisalRow:
    tool: str
    tool_label: str
    domains: tuple[AppraisalCell, ...]  # in the tool's order; none for an external rating
    overall: AppraisalCell


def appraisal_row(quality: QualityBasis) -> AppraisalRow | None:
    """The traffic-light row of the appraisal behind ``quality``; None when none is recorded."""
    block = quality.appraisal
    if block is None:
        return None
    tool = block.tool
    judged = block.derived.domains if tool != EXTERNAL else {}
    cells = tuple(
        AppraisalCell(
            slug, header, DOMAIN_LABELS[tool][slug], judgement_symbol(tool, judged.get(slug)), judgement_label(tool, judged.get(slug))
        )
        for slug, header in DOMAIN_HEADERS[tool].items()
    )
    overall = block.overall_judgement
    header = EXTERNAL_RATING_HEADER if tool == EXTERNAL else OVERALL_HEADER
    title = f"{block.body}: study rating" if tool == EXTERNAL else "Overall risk of bias"
    return AppraisalRow(
        tool,
        TOOL_LABELS[tool],
        cells,
        AppraisalCell("overall", header, title, judgement_symbol(tool, overall), judgement_label(tool, overall)),
    )


def legend(tool: str) -> tuple[tuple[str, str], ...]:
    """``(symbol, label)`` pairs of ``tool``, best to worst, then not assessed."""
    return symbol_legend(tool)


@frozen(slots=True)
class RiskOfBiasRow:
    study_id: str
    judgements: tuple[str | None, ...]  # one a domain (None = not judged), then the overall
    symbols: tuple[str, ...]


@frozen(slots=True)
class RiskOfBiasTable:
    tool: str
    label: str  # e.g. "Cochrane RoB 2 (randomised trials)"
    domains: tuple[str, ...]  # domain slugs, in the tool's order
    headers: tuple[str, ...]  # "D1" ... then "Overall" ("Rating" for an external rating)
    domain_labels: tuple[tuple[str, str], ...]  # ("D1", "Bias arising from the randomisation process")
    rows: tuple[RiskOfBiasRow, ...]
    legend: tuple[tuple[str, str], ...]  # (symbol, meaning)
    notes: tuple[str, ...]  # e.g. several RoB 2 domains with some concerns, which a reviewer may judge high


def _row(study_id: str, block: RiskOfBias) -> tuple[RiskOfBiasRow, tuple[str, ...]]:
    derived = block.derived
    judgements = [derived.domains.get(slug) for slug in DOMAINS[block.tool]]
    judgements.append(block.overall_judgement)
    symbols = tuple(judgement_symbol(block.tool, value) for value in judgements)
    notes = tuple(f"{study_id}: {note}" for note in (derived.overall.notes if derived.overall else ()))
    return RiskOfBiasRow(study_id, tuple(judgements), symbols), notes


def risk_of_bias_tables(evidence: Sequence[StudyEvidence]) -> list[RiskOfBiasTable]:
    """One table per tool used among ``evidence`` (in the vocabulary's tool order); studies without an appraisal are left out."""
    by_tool: dict[str, list[tuple[RiskOfBiasRow, tuple[str, ...]]]] = {}
    for item in evidence:
        block = item.quality.appraisal
        if block is not None:
            by_tool.setdefault(block.tool, []).append(_row(item.study.id, block))
    tables = []
    for tool in (t for t in TOOLS if t in by_tool):
        rows = by_tool[tool]
        headers = tuple(DOMAIN_HEADERS[tool][slug] for slug in DOMAINS[tool])
        last = EXTERNAL_RATING_HEADER if tool == EXTERNAL else OVERALL_HEADER
        tables.append(
            RiskOfBiasTable(
                tool=tool,
                label=TOOL_LABELS[tool],
                domains=DOMAINS[tool],
                headers=(*headers, last),
                domain_labels=tuple((DOMAIN_HEADERS[tool][slug], DOMAIN_LABELS[tool][slug]) for slug in DOMAINS[tool]),
                rows=tuple(row for row, _ in rows),
                legend=symbol_legend(tool),
                notes=tuple(note for _, notes in rows for note in notes),
            )
        )
    return tables


def appraisal_dict(block: RiskOfBias | None) -> dict[str, Any] | None:
    """An appraisal as data: tool, source, every domain's judgement (None = not judged), the overall."""
    if block is None:
        return None
    derived = block.derived
    return {
        "tool": block.tool,
        "source": block.source,
        "domains": {slug: derived.domains.get(slug) for slug in DOMAINS[block.tool]},
        "from_answers": list(derived.from_answers),
        "overall": block.overall_judgement,
        "stated_overall": block.overall,
        "override_reason": block.override_reason,
    }

"""A study's risk-of-bias appraisal as a traffic-light row: what reports need, without the data layer.

Reports may not import :mod:`kinship_evidence.data` (the layer rule); this module reads the
appraisal a :class:`~kinship_evidence.rating.quality.QualityBasis` carries and gives its
judgements as short column headers (``D1`` ...) and robvis-like text symbols, with a legend,
from the one vocabulary in :mod:`kinship_evidence.data.risk_of_bias.vocabulary`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinship_evidence.data.risk_of_bias.vocabulary import (
    DOMAIN_HEADERS,
    DOMAIN_LABELS,
    EXTERNAL,
    EXTERNAL_RATING_HEADER,
    OVERALL_HEADER,
    TOOL_LABELS,
    judgement_label,
    judgement_symbol,
    symbol_legend,
)
from kinship_evidence.rating.quality import QualityBasis

__all__ = ["OVERALL_HEADER", "AppraisalRow", "appraisal_row", "legend"]


@dataclass(frozen=True, slots=True)
class AppraisalCell:
    slug: str  # the domain's slug, e.g. missing-data ("overall" for the overall judgement)
    header: str  # D1 ... or Overall (Rating for an external rating)
    title: str  # the domain's name, for a tooltip or a key
    symbol: str  # + ! x xx ? -
    label: str  # the judgement in words


@dataclass(frozen=True, slots=True)
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
        AppraisalCell(slug, header, DOMAIN_LABELS[tool][slug], judgement_symbol(tool, judged.get(slug)), judgement_label(tool, judged.get(slug)))
        for slug, header in DOMAIN_HEADERS[tool].items()
    )
    overall = block.overall_judgement
    header = EXTERNAL_RATING_HEADER if tool == EXTERNAL else OVERALL_HEADER
    title = f"{block.body}: study rating" if tool == EXTERNAL else "Overall risk of bias"
    return AppraisalRow(tool, TOOL_LABELS[tool], cells, AppraisalCell("overall", header, title, judgement_symbol(tool, overall), judgement_label(tool, overall)))


def legend(tool: str) -> tuple[tuple[str, str], ...]:
    """``(symbol, label)`` pairs of ``tool``, best to worst, then not assessed."""
    return symbol_legend(tool)

"""``export robvis DIR``, as data: one robvis table per tool, a row per record appraised with it.

The study-level ``risk_of_bias`` blocks of RoB 2 and ROBINS-I (robvis draws neither RoB 1 in our
domain names nor an external rating); each domain as robvis's word, the overall judgement that
counts (a stated one with its reason, else the derived one), and the record's ``sample_size`` as
the Weight (1 when it gives none).
"""

from __future__ import annotations

from collections.abc import Iterable

from kinship_evidence.data.models import Study
from kinship_evidence.data.risk_of_bias.vocabulary import DOMAINS
from kinship_evidence.frozen import frozen
from kinship_evidence.workflows.interchange.robvis_columns import ROBVIS_TOOLS, headers, word


@frozen
class RobvisTable:
    tool: str  # rob2 | robins-i
    rows: tuple[tuple[str | int, ...], ...]  # the header first

    @property
    def file_name(self) -> str:
        return f"robvis-{self.tool}.csv"

    @property
    def robvis_tool(self) -> str:
        return ROBVIS_TOOLS[self.tool]


def robvis_row(study: Study) -> tuple[str | int, ...]:
    block = study.risk_of_bias
    assert block is not None
    judged = block.derived.domains  # every domain of the tool: stated, or from signalling answers; None when not judged
    domains = [word(block.tool, judged.get(slug)) for slug in DOMAINS[block.tool]]
    return (study.id, *domains, word(block.tool, block.overall_judgement), study.sample_size or 1)


def robvis_tables(studies: Iterable[Study]) -> tuple[RobvisTable, ...]:
    """A table for each of RoB 2 and ROBINS-I that some record uses, rows in id order."""
    by_tool: dict[str, list[Study]] = {}
    for study in sorted(studies, key=lambda item: item.id):
        if study.risk_of_bias is not None and study.risk_of_bias.tool in ROBVIS_TOOLS:
            by_tool.setdefault(study.risk_of_bias.tool, []).append(study)
    return tuple(
        RobvisTable(tool, (headers(tool), *(robvis_row(study) for study in by_tool[tool])))
        for tool in ROBVIS_TOOLS
        if tool in by_tool
    )

"""``export metafor DIR``, as data: each pooled outcome domain's studies as metafor reads them.

One pool per recommendation and outcome domain that the rating pooled by meta-analysis, with
each pooled study's ``yi`` and ``vi`` exactly as the toolkit pooled them (analysis scale, pooled
direction) and the columns ``escalc`` takes (``ai, bi, ci, di`` for 2x2 counts, ``m1i, sd1i,
n1i, m2i, sd2i, n2i`` for group summaries) wherever ``escalc`` of them gives that ``yi``: a
study negated to the pooled direction has its arms swapped (each measure is antisymmetric in
the arms), and a reported effect, a log odds ratio converted to an SMD or a split control group
has no raw columns, and a note says why.
"""

from __future__ import annotations

from kinship_evidence.data.models import Outcome
from kinship_evidence.frozen import frozen
from kinship_evidence.rating.evidence import StudyEvidence
from kinship_evidence.rating.results import RatingReport
from kinship_evidence.rating.synthesis import MetaAnalysis, PooledStudy
from kinship_evidence.stats.meta_analysis import PooledEffect
from kinship_evidence.stats.methods import PoolingMethods

#: metafor's ``escalc`` measure of each analysis scale.
ESCALC_MEASURES = {
    "log-odds-ratio": "OR",
    "log-risk-ratio": "RR",
    "risk-difference": "RD",
    "smd": "SMD",
    "mean-difference": "MD",
}
COUNT_COLUMNS = ("ai", "bi", "ci", "di")
GROUP_COLUMNS = ("m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i")


@frozen(slots=True)
class MetaforRow:
    study: str
    yi: float
    vi: float
    raw: dict[str, int | float]  # escalc's columns, empty when escalc of the record's numbers does not give yi
    note: str = ""


@frozen(slots=True)
class MetaforPool:
    recommendation: str
    domain: str
    measure: str  # escalc's: OR, RR, RD, SMD, MD
    favourable: str  # the direction yi points in: higher | lower is favourable
    rows: tuple[MetaforRow, ...]
    result: PooledEffect

    @property
    def file_name(self) -> str:
        """``navigation_permanence.csv``: ids are slugs (no ``_``), so the name says both."""
        return f"{self.recommendation}_{self.domain}.csv"

    @property
    def raw_columns(self) -> tuple[str, ...]:
        present = {name for row in self.rows for name in row.raw}
        return tuple(name for name in (*COUNT_COLUMNS, *GROUP_COLUMNS) if name in present)


@frozen
class MetaforExport:
    framework: str
    methods: PoolingMethods
    pools: tuple[MetaforPool, ...]


def _raw(outcome: Outcome, swapped: bool) -> dict[str, int | float]:
    if outcome.counts is not None:
        first, second = outcome.counts.intervention, outcome.counts.control
        if swapped:
            first, second = second, first
        return {"ai": first.events, "bi": first.n - first.events, "ci": second.events, "di": second.n - second.events}
    assert outcome.groups is not None
    one, two = outcome.groups.intervention, outcome.groups.control
    if swapped:
        one, two = two, one
    return {"m1i": one.mean, "sd1i": one.sd, "n1i": one.n, "m2i": two.mean, "sd2i": two.sd, "n2i": two.n}


def _row(pooled: PooledStudy, evidence: StudyEvidence | None) -> MetaforRow:
    yi, vi = pooled.effect.estimate, pooled.effect.variance
    chosen = evidence.pooled_outcome if evidence is not None else None
    own = chosen.effect if chosen is not None else None
    if chosen is None or own is None:
        return MetaforRow(pooled.study_id, yi, vi, {}, "")
    outcome = chosen.outcome
    if pooled.converted:
        return MetaforRow(pooled.study_id, yi, vi, {}, "log odds ratio converted to an SMD (ln(OR) * sqrt(3) / pi)")
    if outcome.counts is None and outcome.groups is None:
        return MetaforRow(pooled.study_id, yi, vi, {}, "a reported effect: no raw numbers")
    sign = -1.0 if pooled.flipped else 1.0
    if (sign * own.estimate, own.variance) != (yi, vi):
        return MetaforRow(pooled.study_id, yi, vi, {}, "a control group shared with another record, split between them")
    note = f"arms swapped: {outcome.favourable} is favourable for this outcome" if pooled.flipped else ""
    return MetaforRow(pooled.study_id, yi, vi, _raw(outcome, pooled.flipped), note)


def _pool(recommendation: str, domain: str, meta: MetaAnalysis, evidence: tuple[StudyEvidence, ...]) -> MetaforPool:
    assert meta.result is not None
    by_id = {item.study.id: item for item in evidence}
    rows = tuple(_row(pooled, by_id.get(pooled.study_id)) for pooled in meta.studies)
    return MetaforPool(recommendation, domain, ESCALC_MEASURES[meta.scale], meta.favourable, rows, meta.result)


def metafor_export(report: RatingReport) -> MetaforExport:
    """Every meta-analysis of ``report`` (one framework's ratings), ready for metafor."""
    pools = []
    for rating in report.ratings:
        for domain in rating.domains:
            meta = domain.synthesis.meta
            if meta is not None and meta.result is not None:
                pools.append(_pool(rating.recommendation.id, domain.domain, meta, domain.evidence))
    return MetaforExport(report.framework.id, report.methods, tuple(pools))

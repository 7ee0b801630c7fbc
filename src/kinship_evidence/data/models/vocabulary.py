"""The data format's closed vocabularies, each defined once.

The ``Literal`` types are what the models validate against; the tuples are the same values in
order, for messages, "did you mean" suggestions, the CLI and the rule sets.
"""

from typing import Literal, get_args

from kinship_evidence.stats import measures

Design = Literal["rct", "cluster-rct", "qed", "cohort", "pre-post", "qualitative", "other"]
Quality = Literal["high", "moderate", "low", "not-appraised"]
Rating = Literal["strong", "good", "promising", "none"]
Direction = Literal["higher", "lower"]
ReportedFinding = Literal["favourable", "no-effect", "unfavourable"]
Measure = Literal[measures.MEASURES]  # type: ignore[valid-type]  # the statistics' list, defined once

DESIGNS: tuple[str, ...] = get_args(Design)
QUALITIES: tuple[str, ...] = get_args(Quality)
RATINGS: tuple[str, ...] = get_args(Rating)
DIRECTIONS: tuple[str, ...] = get_args(Direction)
REPORTED_FINDINGS: tuple[str, ...] = get_args(ReportedFinding)
MEASURES: tuple[str, ...] = get_args(Measure)

COUNT_MEASURES: frozenset[str] = frozenset(measures.COUNT_MEASURES)
GROUP_MEASURES: frozenset[str] = frozenset(measures.GROUP_MEASURES)
RATIO_MEASURES: frozenset[str] = frozenset(measures.RATIO_MEASURES)
EVIDENCE_FORMS: tuple[str, ...] = ("counts", "groups", "effect", "finding")

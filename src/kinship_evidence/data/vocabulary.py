"""The data format's closed vocabularies, each defined once.

The ``Literal`` types are what the models validate against; the tuples are the same values in
order, for messages, "did you mean" suggestions, the CLI and the rule sets.
"""

from __future__ import annotations

from typing import Literal, get_args

Design = Literal["rct", "cluster-rct", "qed", "cohort", "pre-post", "qualitative", "other"]
Quality = Literal["high", "moderate", "low", "not-appraised"]
Rating = Literal["strong", "good", "promising", "none"]
Direction = Literal["higher", "lower"]
ReportedFinding = Literal["favourable", "no-effect", "unfavourable"]
Measure = Literal["odds-ratio", "risk-ratio", "risk-difference", "smd", "mean-difference"]

DESIGNS: tuple[str, ...] = get_args(Design)
QUALITIES: tuple[str, ...] = get_args(Quality)
RATINGS: tuple[str, ...] = get_args(Rating)
DIRECTIONS: tuple[str, ...] = get_args(Direction)
REPORTED_FINDINGS: tuple[str, ...] = get_args(ReportedFinding)
MEASURES: tuple[str, ...] = get_args(Measure)

COUNT_MEASURES: frozenset[str] = frozenset({"odds-ratio", "risk-ratio", "risk-difference"})
GROUP_MEASURES: frozenset[str] = frozenset({"smd", "mean-difference"})
RATIO_MEASURES: frozenset[str] = frozenset({"odds-ratio", "risk-ratio"})
EVIDENCE_FORMS: tuple[str, ...] = ("counts", "groups", "effect", "finding")

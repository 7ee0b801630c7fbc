"""Pydantic models of the evidence dataset (the contract in the data-format reference).

Every model forbids unknown keys and validates strictly: a number written as a string, a
boolean where a number belongs, NaN or infinity are all errors, never silent coercions.

Checks that concern one field of a nested object raise ``field_check`` errors whose context
names the sub-field (``ctx["field"]``), so the loader can point at the exact line of that
sub-field rather than at the object that holds it.

This module gathers the models for importers; they live in ``fields`` (base model and field
types), ``vocabulary`` (closed value lists), ``recommendations``, ``outcomes`` and ``study``.
"""

from kinship_evidence.data.models.fields import (
    SLUG_PATTERN,
    CountryCode,
    IsoDate,
    Slug,
    Source,
    StrictModel,
    Text,
)
from kinship_evidence.data.models.outcomes import (
    Counts,
    CountsArm,
    Effect,
    GroupArm,
    Groups,
    Outcome,
)
from kinship_evidence.data.models.recommendations import (
    CERTAINTY_DOMAINS,
    DomainCertainty,
    Guide,
    Recommendation,
    RecommendationsFile,
    RecordedJudgement,
)
from kinship_evidence.data.models.study import Study
from kinship_evidence.data.models.vocabulary import (
    COUNT_MEASURES,
    EVIDENCE_FORMS,
    GROUP_MEASURES,
    RATIO_MEASURES,
    Design,
    Direction,
    Measure,
    Quality,
    Rating,
    ReportedFinding,
)

__all__ = [
    "CERTAINTY_DOMAINS",
    "COUNT_MEASURES",
    "EVIDENCE_FORMS",
    "GROUP_MEASURES",
    "RATIO_MEASURES",
    "SLUG_PATTERN",
    "CountryCode",
    "Counts",
    "CountsArm",
    "Design",
    "Direction",
    "DomainCertainty",
    "Effect",
    "GroupArm",
    "Groups",
    "Guide",
    "IsoDate",
    "Measure",
    "Outcome",
    "Quality",
    "Rating",
    "Recommendation",
    "RecommendationsFile",
    "RecordedJudgement",
    "ReportedFinding",
    "Slug",
    "Source",
    "StrictModel",
    "Study",
    "Text",
]

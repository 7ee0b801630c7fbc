"""The model of ``recommendations.yaml``: the guide and its recommendations."""

from typing import Annotated, Literal

from pydantic import Field

from kinship_evidence.data.models.fields import IsoDate, Number, Slug, StrictModel, Text
from kinship_evidence.data.models.vocabulary import Rating


class Guide(StrictModel):
    id: Slug
    title: Text
    publisher: Text
    published: IsoDate = Field(description="Publication date, ISO 8601 (quote it in YAML).")
    framework: Slug = Field(description="The rule set that rates this guide, e.g. foundations-kinship-2024.")


class KnownDrift(StrictModel):
    """A derived rating that differs from the published one, acknowledged with its reason.

    ``check`` reports a drift that matches as a note (exit 0), a new or changed drift as an
    error, and an acknowledgement that no longer matches as a warning (like an unused noqa).
    """

    rating: Slug = Field(description="The derived rating acknowledged (under framework, the guide's by default).")
    reason: Text = Field(description="Why the data derive another rating than the guide published.")
    studies: list[Slug] = Field(default=[], description="The study records that cause it.")
    framework: Slug | None = Field(default=None, description="The rule set it is acknowledged under; default: the guide's.")


#: The GRADE domains a reviewer may record a judgement for, in GRADE's order (defined once).
CERTAINTY_DOMAINS = ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")


class RecordedJudgement(StrictModel):
    """A reviewer's GRADE judgement on one domain: how many levels it rates down, and why."""

    rating_down: Literal[0, 1, 2] = Field(description="Levels rated down: 0 (no concern), 1 (serious) or 2 (very serious).")
    reason: Text = Field(description="Why: the studies or facts behind the judgement (required).")


class DomainCertainty(StrictModel):
    """Recorded GRADE judgements for one outcome domain, overriding the computed ones, and its inputs."""

    risk_of_bias: RecordedJudgement | None = None
    inconsistency: RecordedJudgement | None = None
    indirectness: RecordedJudgement | None = None
    imprecision: RecordedJudgement | None = None
    publication_bias: RecordedJudgement | None = None
    baseline_risk: Annotated[float, Field(gt=0, lt=1)] | None = Field(
        default=None,
        description=(
            "Assumed comparator risk (a proportion, 0 to 1) for the absolute effects; "
            "default: the median control-group risk."
        ),
    )
    minimal_important_difference: Annotated[Number, Field(gt=0)] | None = Field(
        default=None,
        description=(
            "The smallest effect that matters, for imprecision: in the pooled measure's units (SMD, MD, RD), "
            "or as a ratio above 1 for odds and risk ratios (1.25 means 0.8 to 1.25)."
        ),
    )

    def recorded(self) -> dict[str, RecordedJudgement]:
        """The judgements recorded, by GRADE domain key."""
        return {key: judgement for key in CERTAINTY_DOMAINS if (judgement := getattr(self, key)) is not None}


class Recommendation(StrictModel):
    id: Slug
    number: Annotated[int, Field(ge=1)]
    text: Text
    outcomes: list[Slug] | None = Field(
        default=None, description="Target outcome domains; absent means any domain counts."
    )
    published_rating: Rating
    known_drift: KnownDrift | None = Field(
        default=None, description="An acknowledged difference between the derived and the published rating."
    )
    certainty: dict[Slug, DomainCertainty] | None = Field(
        default=None,
        description="Per outcome domain: recorded GRADE judgements overriding the computed ones, baseline_risk, MID.",
    )


class RecommendationsFile(StrictModel):
    guide: Guide
    recommendations: Annotated[list[Recommendation], Field(min_length=1)]



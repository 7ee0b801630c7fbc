"""The model of ``recommendations.yaml``: the guide and its recommendations."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from kinship_evidence.data.models.fields import IsoDate, Slug, StrictModel, Text
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
    studies: list[Slug] = Field(default_factory=list, description="The study records that cause it.")
    framework: Slug | None = Field(default=None, description="The rule set it is acknowledged under; default: the guide's.")


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


class RecommendationsFile(StrictModel):
    guide: Guide
    recommendations: Annotated[list[Recommendation], Field(min_length=1)]



"""The model of ``recommendations.yaml``: the guide and its recommendations."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from kinship_evidence.data.fields import IsoDate, Slug, StrictModel, Text
from kinship_evidence.data.vocabulary import Rating


class Guide(StrictModel):
    id: Slug
    title: Text
    publisher: Text
    published: IsoDate = Field(description="Publication date, ISO 8601 (quote it in YAML).")
    framework: Slug = Field(description="The rule set that rates this guide, e.g. foundations-kinship-2024.")


class Recommendation(StrictModel):
    id: Slug
    number: Annotated[int, Field(ge=1)]
    text: Text
    outcomes: list[Slug] | None = Field(
        default=None, description="Target outcome domains; absent means any domain counts."
    )
    published_rating: Rating


class RecommendationsFile(StrictModel):
    guide: Guide
    recommendations: Annotated[list[Recommendation], Field(min_length=1)]



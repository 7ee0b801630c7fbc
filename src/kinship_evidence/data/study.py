"""The model of one study record, ``studies/<id>.yaml``."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from kinship_evidence.data.fields import CountryCode, Participants, Slug, Source, StrictModel, Text
from kinship_evidence.data.outcomes import Outcome
from kinship_evidence.data.vocabulary import Design, Quality


class Study(StrictModel):
    id: Slug = Field(description="Equals the file's stem.")
    citation: Text
    year: int
    source: Source = Field(description="Where the facts were read: a URL or a DOI.")
    country: CountryCode = Field(description="ISO 3166-1 alpha-2 code.")
    design: Design
    quality: Quality = Field(description="Methodological quality as appraised.")
    appraisal: Text | None = Field(default=None, description="Who judged quality, and how.")
    recommendations: Annotated[list[Slug], Field(min_length=1)]
    sample_size: Participants | None = None
    usual_care: bool | None = Field(
        default=None, description="Delivered in a usual-care setting (Title IV-E PSC criterion)."
    )
    sample: Slug | None = Field(
        default=None,
        description="Sample-overlap key: records that share it share participants (e.g. two arms of one trial).",
    )
    outcomes: list[Outcome]

    @field_validator("year")
    @classmethod
    def _plausible_year(cls, year: int) -> int:
        latest = _dt.date.today().year + 1
        if not 1900 <= year <= latest:
            raise PydanticCustomError("year_range", "year must be between 1900 and {latest}", {"latest": latest})
        return year

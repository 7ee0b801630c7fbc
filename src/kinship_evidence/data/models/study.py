"""The model of one study record, ``studies/<id>.yaml``."""

import datetime as _dt
from typing import Annotated, Any, Self

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from kinship_evidence.data.models.appraisal import RiskOfBias
from kinship_evidence.data.models.fields import (
    CheckedModel,
    CountryCode,
    Participants,
    Slug,
    Source,
    Text,
    field_error,
)
from kinship_evidence.data.models.inference import (
    Inference,
    inference_problems,
    raw_inference_problems,
)
from kinship_evidence.data.models.outcomes import Outcome
from kinship_evidence.data.models.vocabulary import Design, Quality

_QUALITY_MISSING = field_error(
    "quality", "required field is missing: give quality (high | moderate | low | not-appraised), "
    "or a risk_of_bias block to derive it from",
)


class Study(CheckedModel):
    id: Slug = Field(description="Equals the file's stem.")
    citation: Text
    year: int
    source: Source = Field(description="Where the facts were read: a URL or a DOI.")
    country: CountryCode = Field(description="ISO 3166-1 alpha-2 code.")
    design: Design
    quality: Quality | None = Field(
        default=None,
        description=(
            "Methodological quality: high | moderate | low, or not-appraised (nobody has appraised it). "
            "Optional when risk_of_bias is given: the rule set derives it."
        ),
    )
    appraisal: Text | None = Field(default=None, description="Free text on the appraisal: who judged quality, and how.")
    risk_of_bias: RiskOfBias | None = Field(default=None, description="The appraisal as data: tool, source, judgements.")
    recommendations: Annotated[list[Slug], Field(min_length=1)]
    sample_size: Participants | None = None
    usual_care: bool | None = Field(
        default=None, description="Delivered in a usual-care setting (Title IV-E PSC criterion)."
    )
    sample: Slug | None = Field(
        default=None,
        description="Sample-overlap key: records that share it share participants (e.g. two arms of one trial).",
    )
    inferences: list[Inference] = Field(
        default=[],
        description="The fields whose value the source does not state, each with the reason it is inferred.",
    )
    outcomes: list[Outcome]

    @model_validator(mode="after")
    def _record_checks(self) -> Self:
        """Quality or an appraisal; inferences only of fields given, each once."""
        found = [_QUALITY_MISSING] if self.quality is None and self.risk_of_bias is None else []
        given = (name for name in self.model_fields_set if getattr(self, name) is not None)
        found += inference_problems([item.field for item in self.inferences], given)
        if found:
            raise found[0]  # one error a validator; every_problem adds the rest (raw_problems)
        return self

    @classmethod
    def raw_problems(cls, data: dict[str, Any]) -> list[PydanticCustomError]:
        found = [_QUALITY_MISSING] if "quality" not in data and data.get("risk_of_bias") is None else []
        missing_reported = [name for name, info in cls.model_fields.items() if info.is_required()]
        return found + raw_inference_problems(data, missing_reported + (["quality"] if found else []))

    def problems(self) -> list[tuple[str, str]]:
        """Problems the field checks cannot see, as (field path, message): the appraisals' judgements."""
        found = self.risk_of_bias.problems() if self.risk_of_bias is not None else []
        for index, outcome in enumerate(self.outcomes):
            if outcome.risk_of_bias is not None:
                found += outcome.risk_of_bias.problems(f"outcomes.{index}.risk_of_bias")
        return found

    @classmethod
    def raw_problems_of_parts(cls, data: dict[str, Any]) -> list[tuple[str, str]]:
        """As :meth:`problems`, for a record that failed validation: each appraisal that validated on its own."""
        blocks = [("risk_of_bias", data.get("risk_of_bias"))]
        outcomes = data.get("outcomes")
        if isinstance(outcomes, list):
            blocks += [
                (f"outcomes.{index}.risk_of_bias", outcome.get("risk_of_bias"))
                for index, outcome in enumerate(outcomes) if isinstance(outcome, dict)
            ]
        found = []
        for prefix, block in blocks:
            if isinstance(block, dict):
                try:
                    found += RiskOfBias.model_validate(block).problems(prefix)
                except ValidationError:
                    continue  # its field errors are reported already
        return found

    @field_validator("quality", mode="before")
    @classmethod
    def _quality_not_empty(cls, value: object) -> object:
        if value is None:  # ``quality:`` written with no value
            raise PydanticCustomError(
                "empty", "value is empty; fill it in (high | moderate | low | not-appraised), or remove it and give risk_of_bias"
            )
        return value

    @field_validator("year")
    @classmethod
    def _plausible_year(cls, year: int) -> int:
        latest = _dt.date.today().year + 1
        if not 1900 <= year <= latest:
            raise PydanticCustomError("year_range", "year must be between 1900 and {latest}", {"latest": latest})
        return year

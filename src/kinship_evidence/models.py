"""Pydantic models of the evidence dataset (the contract in the data-format reference).

Every model forbids unknown keys and validates strictly: a number written as a string, a
boolean where a number belongs, NaN or infinity are all errors, never silent coercions.

Checks that concern one field of a nested object raise :class:`FieldError`-style custom
errors whose context names the sub-field (``ctx["field"]``), so the loader can point at the
exact line of that sub-field rather than at the object that holds it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9-]+$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
# A URL (http or https) or a DOI, bare ("10.1002/nur.21574") or prefixed ("doi:10...").
Source = Annotated[
    str, StringConstraints(pattern=r"^(https?://\S+|(doi:)?10\.\d{4,9}/\S+)$", max_length=2_000)
]

Design = Literal["rct", "cluster-rct", "qed", "cohort", "pre-post", "qualitative", "other"]
Quality = Literal["high", "moderate", "low"]
Rating = Literal["strong", "good", "promising", "none"]
Direction = Literal["higher", "lower"]
ReportedFinding = Literal["favourable", "no-effect", "unfavourable"]
Measure = Literal["odds-ratio", "risk-ratio", "risk-difference", "smd", "mean-difference"]

COUNT_MEASURES: frozenset[str] = frozenset({"odds-ratio", "risk-ratio", "risk-difference"})
GROUP_MEASURES: frozenset[str] = frozenset({"smd", "mean-difference"})
RATIO_MEASURES: frozenset[str] = frozenset({"odds-ratio", "risk-ratio"})
EVIDENCE_FORMS: tuple[str, ...] = ("counts", "groups", "effect", "finding")


def _field_error(field: str, message: str) -> PydanticCustomError:
    """An error about ``field`` (a dotted path relative to the model being validated)."""
    return PydanticCustomError("field_check", message, {"field": field})


class StrictModel(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        allow_inf_nan=False,
        str_strip_whitespace=False,
        validate_default=False,
    )


# ---------------------------------------------------------------------------------------
# recommendations.yaml


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


# ---------------------------------------------------------------------------------------
# studies/<id>.yaml: evidence forms


class CountsArm(StrictModel):
    events: Annotated[int, Field(ge=0)]
    n: Annotated[int, Field(ge=1)]

    @model_validator(mode="after")
    def _events_within_n(self) -> CountsArm:
        if self.events > self.n:
            raise _field_error("events", f"events ({self.events}) exceed n ({self.n})")
        return self


class Counts(StrictModel):
    """2x2 data: events and group size in each arm."""

    intervention: CountsArm
    control: CountsArm


class GroupArm(StrictModel):
    mean: float
    sd: Annotated[float, Field(ge=0)]
    n: Annotated[int, Field(ge=1)]


class Groups(StrictModel):
    """Group means, standard deviations and sizes."""

    intervention: GroupArm
    control: GroupArm


class Effect(StrictModel):
    """A reported effect with its standard error or 95% confidence interval.

    Ratio measures give ``estimate`` and ``ci`` on the natural scale, ``se`` on the log scale.
    """

    estimate: float
    se: Annotated[float, Field(gt=0)] | None = None
    ci: Annotated[list[float], Field(min_length=2, max_length=2)] | None = Field(
        default=None, description="95% confidence interval [low, high]."
    )

    @model_validator(mode="after")
    def _one_precision_and_consistent_ci(self) -> Effect:
        if (self.se is None) == (self.ci is None):
            raise PydanticCustomError("effect_precision", "give exactly one of se or ci")
        if self.ci is not None:
            low, high = self.ci
            if low > high:
                raise _field_error("ci", f"ci low ({low}) is above ci high ({high})")
            if not low <= self.estimate <= high:
                raise _field_error("estimate", f"estimate {self.estimate} lies outside its ci [{low}, {high}]")
        return self


class Outcome(StrictModel):
    domain: Slug
    description: Text
    favourable: Direction = Field(description="Which direction of the measure is good.")
    measure: Measure | None = Field(default=None, description="The effect measure of a numeric evidence form.")
    counts: Counts | None = None
    groups: Groups | None = None
    effect: Effect | None = None
    finding: ReportedFinding | None = Field(
        default=None, description="A reported result without numbers (no measure)."
    )
    follow_up_months: Annotated[float, Field(ge=0)] | None = Field(
        default=None, description="Months between the end of treatment and this measurement."
    )

    @property
    def form(self) -> str:
        for name in EVIDENCE_FORMS:
            if getattr(self, name) is not None:
                return name
        raise AssertionError("validated outcome without an evidence form")

    @model_validator(mode="after")
    def _one_evidence_form(self) -> Outcome:
        present = [name for name in EVIDENCE_FORMS if getattr(self, name) is not None]
        if len(present) != 1:
            listed = ", ".join(present) if present else "none"
            raise PydanticCustomError(
                "evidence_form",
                "give exactly one evidence form of counts, groups, effect or finding (found: {found})",
                {"found": listed},
            )
        form = present[0]
        if form == "finding":
            if self.measure is not None:
                raise _field_error("measure", "a reported finding has no measure; remove it")
            return self
        if self.measure is None:
            raise _field_error("measure", f"a numeric evidence form ({form}) needs a measure")
        allowed = {"counts": COUNT_MEASURES, "groups": GROUP_MEASURES}.get(form)
        if allowed is not None and self.measure not in allowed:
            raise _field_error(
                "measure", f"{form} give {' | '.join(sorted(allowed))}, not {self.measure}"
            )
        if form == "effect" and self.measure in RATIO_MEASURES:
            assert self.effect is not None
            if self.effect.estimate <= 0:
                raise _field_error(
                    "effect.estimate", f"an {self.measure} estimate must be above 0 (natural scale), got {self.effect.estimate}"
                )
            if self.effect.ci is not None and self.effect.ci[0] <= 0:
                raise _field_error("effect.ci", f"an {self.measure} ci must be above 0 (natural scale)")
        return self


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
    sample_size: Annotated[int, Field(ge=1)] | None = None
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

"""Models of a study's outcomes and the four evidence forms (counts, groups, effect, finding)."""

from typing import Annotated, Any, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from kinship_evidence.data.models.appraisal import RiskOfBias
from kinship_evidence.data.models.fields import (
    MIN_PRECISION,
    CheckedModel,
    EventCount,
    NonNegativeNumber,
    Number,
    Participants,
    Slug,
    StandardError,
    StrictModel,
    Text,
    valid_fields,
)
from kinship_evidence.data.models.fields import field_error as _field_error
from kinship_evidence.data.models.vocabulary import (
    COUNT_MEASURES,
    EVIDENCE_FORMS,
    GROUP_MEASURES,
    RATIO_MEASURES,
    Direction,
    Measure,
    ReportedFinding,
)


def _events_problem(events: int, n: int) -> PydanticCustomError | None:
    return _field_error("events", f"events ({events}) exceed n ({n})") if events > n else None


class CountsArm(CheckedModel):
    events: EventCount
    n: Participants

    @model_validator(mode="after")
    def _events_within_n(self) -> Self:
        if problem := _events_problem(self.events, self.n):
            raise problem
        return self

    @classmethod
    def raw_problems(cls, data: dict[str, Any]) -> list[PydanticCustomError]:
        valid = valid_fields(cls, data, "events", "n")
        return [problem] if valid and (problem := _events_problem(**valid)) else []


class Counts(StrictModel):
    """2x2 data: events and group size in each arm. When a cell (events or non-events, either arm)
    is 0, 0.5 is added to every cell of the table before the effect is computed (metafor escalc,
    add=1/2, to="only0"), and explain says so; an odds or risk ratio with no events in both arms,
    or events for everyone in both arms, is refused (escalc drop00=TRUE)."""

    intervention: CountsArm
    control: CountsArm


class GroupArm(StrictModel):
    mean: Number
    sd: NonNegativeNumber
    n: Participants


def _sd_problem(intervention_sd: float, control_sd: float) -> PydanticCustomError | None:
    if intervention_sd < MIN_PRECISION and control_sd < MIN_PRECISION:
        return _field_error("intervention.sd", "both standard deviations are 0, so no effect size can be computed")
    return None


class Groups(CheckedModel):
    """Group means, standard deviations and sizes."""

    intervention: GroupArm
    control: GroupArm

    @model_validator(mode="after")
    def _defines_an_effect(self) -> Self:
        if problem := _sd_problem(self.intervention.sd, self.control.sd):
            raise problem
        return self

    @classmethod
    def raw_problems(cls, data: dict[str, Any]) -> list[PydanticCustomError]:
        arms = [valid_fields(GroupArm, data.get(arm), "sd") for arm in ("intervention", "control")]
        if arms[0] is None or arms[1] is None:
            return []
        return [problem] if (problem := _sd_problem(arms[0]["sd"], arms[1]["sd"])) else []


class Effect(CheckedModel):
    """A reported effect with its standard error or 95% confidence interval.

    Ratio measures give ``estimate`` and ``ci`` on the natural scale, ``se`` on the log scale.
    """

    estimate: Number
    se: StandardError | None = None
    ci: Annotated[list[Number], Field(min_length=2, max_length=2)] | None = Field(
        default=None, description="95% confidence interval [low, high]."
    )

    @model_validator(mode="after")
    def _one_precision_and_consistent_ci(self) -> Self:
        if (self.se is None) == (self.ci is None):
            raise _precision_problem()
        if self.ci is not None and (problem := _ci_problem(self.estimate, *self.ci)):
            raise problem
        return self

    @classmethod
    def raw_problems(cls, data: dict[str, Any]) -> list[PydanticCustomError]:
        found = [_precision_problem()] if (data.get("se") is None) == (data.get("ci") is None) else []
        valid = valid_fields(cls, data, "estimate", "ci")
        if valid and (problem := _ci_problem(valid["estimate"], *valid["ci"])):
            found.append(problem)
        return found


def _precision_problem() -> PydanticCustomError:
    return PydanticCustomError("effect_precision", "give exactly one of se or ci")


def _ci_problem(estimate: float, low: float, high: float) -> PydanticCustomError | None:
    if low > high:
        return _field_error("ci", f"ci low ({low}) is above ci high ({high})")
    if high - low < MIN_PRECISION * max(1.0, abs(low), abs(high)):
        return _field_error(
            "ci", f"ci [{low}, {high}] has no width, so it gives no standard error; give the reported limits"
        )
    if not low <= estimate <= high:
        return _field_error("estimate", f"estimate {estimate} lies outside its ci [{low}, {high}]")
    return None


class Outcome(CheckedModel):
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
    follow_up_months: Annotated[float, Field(ge=0, le=1200)] | None = Field(
        default=None, description="Months between the end of treatment and this measurement."
    )
    risk_of_bias: RiskOfBias | None = Field(
        default=None, description="This result's own appraisal (RoB 2 assesses results); overrides the study's."
    )
    inferred: Text | None = Field(
        default=None,
        description="What of this result the source does not state (its domain, its reading as a finding), and why.",
    )

    @property
    def form(self) -> str:
        for name in EVIDENCE_FORMS:
            if getattr(self, name) is not None:
                return name
        raise AssertionError("validated outcome without an evidence form")

    @model_validator(mode="after")
    def _one_evidence_form(self) -> Self:
        present = [name for name in EVIDENCE_FORMS if getattr(self, name) is not None]
        if problem := _form_problem(present, self.measure):
            raise problem
        sizes = {"intervention": self.groups.intervention.n, "control": self.groups.control.n} if self.groups else {}
        effect = self.effect
        assert self.measure is not None or present[0] == "finding"
        if present[0] != "finding" and (
            problem := _effect_problem(
                present[0], self.measure or "", sizes, effect.estimate if effect else None, effect.ci if effect else None
            )
        ):
            raise problem
        return self

    @classmethod
    def raw_problems(cls, data: dict[str, Any]) -> list[PydanticCustomError]:
        present = [name for name in EVIDENCE_FORMS if data.get(name) is not None]
        if data.get("measure") is not None and valid_fields(cls, data, "measure") is None:
            # an invalid measure is reported already: check the form count only
            return [problem] if len(present) != 1 and (problem := _form_problem(present, None)) else []
        if problem := _form_problem(present, data.get("measure")):
            return [problem]
        if present[0] == "finding":
            return []
        return [problem] if (problem := _raw_effect_problem(present[0], data["measure"], data)) else []


def _effect_problem(
    form: str, measure: str, arm_sizes: dict[str, int], estimate: float | None, ci: list[float] | None
) -> PydanticCustomError | None:
    """Numbers that pass their own ranges but define no effect size of this measure."""
    if form == "groups":
        for arm, n in arm_sizes.items():
            if n < 2:
                return _field_error(f"groups.{arm}.n", "a group needs at least 2 participants to have a standard deviation")
    if form != "effect" or estimate is None:
        return None
    if measure == "risk-difference":
        values = [estimate, *(ci or ())]
        if any(abs(value) > 1 for value in values):
            return _field_error("effect", f"a risk difference lies between -1 and 1, got {values}")
    if measure in RATIO_MEASURES:
        if estimate <= 0:
            return _field_error("effect.estimate", f"an {measure} estimate must be above 0 (natural scale), got {estimate}")
        if ci is not None and ci[0] <= 0:
            return _field_error("effect.ci", f"an {measure} ci must be above 0 (natural scale)")
    return None


def _raw_effect_problem(form: str, measure: str, data: dict[str, Any]) -> PydanticCustomError | None:
    """:func:`_effect_problem` of the raw outcome, from the numbers that are valid on their own."""
    if form == "groups" and isinstance(data.get("groups"), dict):
        sizes = {arm: valid_fields(GroupArm, data["groups"].get(arm), "n") for arm in ("intervention", "control")}
        return _effect_problem(form, measure, {arm: valid["n"] for arm, valid in sizes.items() if valid}, None, None)
    estimate = valid_fields(Effect, data.get("effect"), "estimate")
    ci = valid_fields(Effect, data.get("effect"), "ci")
    if estimate is None or (ci is None and isinstance(data.get("effect"), dict) and data["effect"].get("ci") is not None):
        return None  # an invalid number is reported already
    return _effect_problem(form, measure, {}, estimate["estimate"], ci["ci"] if ci else None)


def _form_problem(present: list[str], measure: str | None) -> PydanticCustomError | None:
    """Exactly one evidence form, with a measure that fits it (none for a reported finding)."""
    if len(present) != 1:
        return PydanticCustomError(
            "evidence_form",
            "give exactly one evidence form of counts, groups, effect or finding (found: {found})",
            {"found": ", ".join(present) if present else "none"},
        )
    form = present[0]
    if form == "finding":
        return _field_error("measure", "a reported finding has no measure; remove it") if measure is not None else None
    if measure is None:
        return _field_error("measure", f"a numeric evidence form ({form}) needs a measure")
    allowed = {"counts": COUNT_MEASURES, "groups": GROUP_MEASURES}.get(form)
    if allowed is not None and measure not in allowed:
        return _field_error("measure", f"{form} give {' | '.join(sorted(allowed))}, not {measure}")
    return None

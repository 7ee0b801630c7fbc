"""Rating frameworks (rule sets) as validated data.

A framework says which studies are eligible, and lists its tiers from the highest down; each
tier is a handful of parameters (qualities, minimum studies, the kind of synthesis that must
demonstrate an effect, ...). A new guide is a new YAML file, not a new code path. The bundled
frameworks live in ``rule_sets/``; a user adds one with ``--rules FILE``.
"""

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from kinship_evidence.data.models import (
    CountryCode,
    Design,
    Quality,
    Slug,
    StrictModel,
    Text,
)
from kinship_evidence.rating.certainty.rules import CertaintyRules
from kinship_evidence.stats.methods import (
    CI_METHODS,
    ESTIMATORS,
    PREDICTION_METHODS,
    PoolingMethods,
)

RULE_SETS_DIR = Path(__file__).resolve().parent / "rule_sets"

Evidence = Literal["meta-analysis", "synthesis", "favourable-studies"]


class Eligibility(StrictModel):
    designs: Annotated[list[Design], Field(min_length=1)]
    qualities: Annotated[list[Quality], Field(min_length=1)]
    countries: Literal["high-income", "any"] | list[CountryCode] = Field(
        default="high-income",
        description="high-income (World Bank classification shipped with the toolkit), any, or a list of codes.",
    )
    require_appraisal: bool = Field(
        default=False,
        description="Only studies with a recorded risk_of_bias appraisal count (a bare quality label does not).",
    )


#: How a risk-of-bias overall judgement maps to a study's quality, per tool (the default of every
#: bundled rule set). RoB 2 and ROBINS-I as the foundations rule set states them; RoB 1's
#: "unclear" reads as RoB 2's "some concerns" (Cochrane replaced the one by the other: Sterne et
#: al. 2019), ROBINS-I's "no information" supports no quality level at all (not appraised), and an
#: external body's study rating is taken as it is.
AppraisalTool = Literal["rob2", "robins-i", "rob1", "external"]
DEFAULT_QUALITY_FROM_APPRAISAL: dict[AppraisalTool, dict[str, Quality]] = {
    "rob2": {"low": "high", "some-concerns": "moderate", "high": "low"},
    "robins-i": {"low": "high", "moderate": "moderate", "serious": "low", "critical": "low", "no-information": "not-appraised"},
    "rob1": {"low": "high", "unclear": "moderate", "high": "low"},
    "external": {"high": "high", "moderate": "moderate", "low": "low"},
}


def _default_quality_from_appraisal() -> dict[AppraisalTool, dict[str, Quality]]:
    return {tool: dict(mapping) for tool, mapping in DEFAULT_QUALITY_FROM_APPRAISAL.items()}


def _default_certainty() -> CertaintyRules:
    return CertaintyRules()


class Pooling(StrictModel):
    """The meta-analysis methods a rule set uses unless the user chooses others."""

    estimator: Literal[ESTIMATORS] = Field(default="reml", description="tau^2 estimator: reml, dl or pm.")  # type: ignore[valid-type]
    ci: Literal[CI_METHODS] = Field(default="wald", description="CI of the pooled effect: wald, hksj or hksj-adhoc.")  # type: ignore[valid-type]
    prediction: Literal[PREDICTION_METHODS] = Field(  # type: ignore[valid-type]
        default="none", description="Prediction interval: none, z, t-k1 or t-k2 (not below 3 studies)."
    )
    why: Text | None = Field(default=None, description="Why the rule set chose these methods.")

    @property
    def methods(self) -> PoolingMethods:
        return PoolingMethods(estimator=self.estimator, ci=self.ci, prediction=self.prediction)


class NarrativeRule(StrictModel):
    """When a narrative synthesis demonstrates an effect."""

    min_favourable: Annotated[int, Field(ge=1)] = 2
    favourable_majority: bool = Field(default=True, description="Favourable studies are more than half.")
    allow_unfavourable: bool = False


class Tier(StrictModel):
    rating: Slug
    criterion: Text = Field(description="The tier's rule in words, as the framework's source states it.")
    min_studies: Annotated[int, Field(ge=1)] = 1
    qualities: list[Quality] | None = Field(default=None, description="Narrower than eligibility, if given.")
    designs: list[Design] | None = Field(default=None, description="Narrower than eligibility, if given.")
    min_group_size: Annotated[int, Field(ge=1)] | None = None
    usual_care: bool = Field(default=False, description="Members must be delivered in a usual-care setting.")
    distinct_samples: Literal[True] = Field(
        default=True,
        description="Records that share a sample key always count as one study, in every framework (kept for old rule sets).",
    )
    evidence: Evidence = Field(
        description=(
            "meta-analysis: a meta-analysis of at least two members demonstrates an effect; "
            "synthesis: a meta-analysis, or a narrative synthesis only when fewer than two members can be pooled; "
            "favourable-studies: at least min_favourable members are favourable."
        )
    )
    min_favourable: Annotated[int, Field(ge=1)] = 1
    sustained_months: Annotated[float, Field(ge=0)] | None = Field(
        default=None, description="At least one favourable outcome measured this many months after treatment ends."
    )


class Framework(StrictModel):
    id: Slug
    title: Text
    version: Text
    source: Text
    scale: Annotated[list[Slug], Field(min_length=2)] = Field(
        description="Ratings from the highest down; the last one means no tier is met."
    )
    eligibility: Eligibility
    narrative: NarrativeRule = NarrativeRule()
    or_to_smd: bool = Field(default=True, description="Pool log odds ratios with SMDs by SMD = ln(OR)*sqrt(3)/pi.")
    pooling: Pooling = Pooling()
    quality_from_appraisal: dict[AppraisalTool, dict[str, Quality]] = Field(
        default_factory=_default_quality_from_appraisal,
        description="Quality from a risk-of-bias overall judgement, per tool (rob2: low -> high, ...).",
    )
    tiers: Annotated[list[Tier], Field(min_length=1)]
    certainty: CertaintyRules = Field(
        default_factory=_default_certainty, description="The rules and thresholds of the GRADE certainty of each outcome domain."
    )
    interpretation: list[Text] = Field(
        default=[], description="Choices the toolkit made where the source leaves a rule open."
    )

    @property
    def no_rating(self) -> str:
        return self.scale[-1]

    def rank(self, rating: str) -> int:
        """Higher is better; the no-rating label ranks 0."""
        return len(self.scale) - 1 - self.scale.index(rating)

    @model_validator(mode="after")
    def _tiers_follow_the_scale(self) -> Self:
        repeated = sorted({label for label in self.scale if self.scale.count(label) > 1})
        if repeated:
            raise PydanticCustomError(
                "field_check", "each rating appears once on the scale; repeated: {repeated}",
                {"field": "scale", "repeated": ", ".join(repeated)},
            )
        expected = self.scale[: len(self.tiers)]
        if [tier.rating for tier in self.tiers] != expected:
            raise PydanticCustomError(
                "field_check",
                "tiers must follow the scale from the top: expected {expected}",
                {"field": "tiers", "expected": ", ".join(expected)},
            )
        return self


def bundled_framework_ids() -> list[str]:
    """Ids of the bundled frameworks, without parsing them (file stems)."""
    return sorted(path.stem for path in RULE_SETS_DIR.glob("*.yaml"))


@cache
def bundled_frameworks() -> dict[str, Framework]:
    """Load and validate the bundled rule sets; a broken one is a bug, so it raises."""
    from kinship_evidence.data.records import validate_file

    frameworks: dict[str, Framework] = {}
    for framework_id in bundled_framework_ids():
        path = RULE_SETS_DIR / f"{framework_id}.yaml"
        framework, findings = validate_file(path, str(path), Framework)
        if framework is None:
            raise RuntimeError(f"bundled rule set {path} is invalid: {findings}")
        frameworks[framework.id] = framework
    return frameworks


def known_frameworks(extra: Iterable[Framework] = ()) -> dict[str, Framework]:
    """The bundled frameworks and ``extra`` ones (from ``--rules``), by id; an extra one wins."""
    return {**bundled_frameworks(), **{framework.id: framework for framework in extra}}

"""The ``risk_of_bias`` block: an appraisal recorded as data, on a study or on one outcome.

The model checks the shape (tool, source, and the fields each tool takes); the judgements
themselves (domain names, values, RoB 2 signalling answers, the stated overall against the
derived one) are checked by :mod:`kinship_evidence.data.risk_of_bias`, which reports every
problem at once: :meth:`RiskOfBias.problems` gives them as (field path, message) pairs, and
the record's validation turns them into located findings (rule ``risk-of-bias``).
"""

from functools import cached_property
from typing import Any, Literal

from pydantic import Field

from kinship_evidence.data.models.fields import StrictModel, Text
from kinship_evidence.data.risk_of_bias import DerivedAppraisal, appraise
from kinship_evidence.data.risk_of_bias.appraisal import OVERALL, WHOLE
from kinship_evidence.data.risk_of_bias.overall import too_favourable
from kinship_evidence.data.risk_of_bias.vocabulary import EXTERNAL, ROB2

Tool = Literal["rob2", "robins-i", "rob1", "external"]
ExternalRating = Literal["high", "moderate", "low"]


class RiskOfBias(StrictModel):
    tool: Tool = Field(description="rob2 (randomised), robins-i (non-randomised), rob1 (Cochrane's earlier tool), or external.")
    source: Text = Field(description="Where the judgements were read (URL, page), or who made them.")
    body: Text | None = Field(default=None, description="external only: the clearinghouse that rated the study.")
    rating: ExternalRating | None = Field(default=None, description="external only: the body's study rating.")
    domains: dict[Any, Any] | None = Field(
        default=None, description="Domain judgements, e.g. randomisation: low (values depend on the tool)."
    )
    answers: dict[Any, Any] | None = Field(
        default=None, description='rob2 only: signalling answers, e.g. "1.1": y (y | py | pn | n | ni | na).'
    )
    overall: str | None = Field(default=None, description="Optional; must equal the derived overall unless override_reason is given.")
    override_reason: Text | None = None

    @cached_property
    def derived(self) -> DerivedAppraisal:
        """Each domain's judgement (from answers where given), the overall, and any problems."""
        return appraise(self.model_dump(exclude_none=True))

    @property
    def overall_judgement(self) -> str | None:
        """The overall judgement that counts: a stated one with an override reason, else the derived one."""
        if self.tool == EXTERNAL:
            return self.rating
        derived = self.derived.overall.overall if self.derived.overall else None
        if self.overall is not None and too_favourable(self.tool, self.overall, self.derived.domains) is not None:
            return derived  # never better than its domains allow (an error of the record, too)
        if self.overall is not None and (self.override_reason or derived is None):
            return self.overall
        return derived if derived is not None else self.overall

    def problems(self, prefix: str = "risk_of_bias") -> list[tuple[str, str]]:
        """Every problem of the appraisal as (field path, message)."""
        found = []
        for item in self.derived.findings:
            if item.field:
                path = f"{prefix}.{item.field}"
            elif item.domain == OVERALL:
                path = f"{prefix}.overall"
            elif item.domain == WHOLE:
                path = prefix
            elif self.answers and self.tool == ROB2 and item.domain not in (self.domains or {}):
                path = f"{prefix}.answers"
            else:
                path = f"{prefix}.domains.{item.domain}"
            found.append((path, item.message))
        return found

    @property
    def is_complete(self) -> bool:
        """Whether the appraisal decides an overall judgement (an incomplete one is valid, but decides no quality)."""
        return self.overall_judgement is not None

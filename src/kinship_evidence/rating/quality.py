"""A study's quality, from its recorded appraisal by the rule set's mapping, and the basis of it.

Four bases, named in ``explain`` and the JSON:

* ``appraised``: a RoB 2, ROBINS-I or RoB 1 appraisal recorded domain by domain;
* ``external``: a clearinghouse's study rating (``tool: external``);
* ``stated``: only a ``quality`` label (valid, but nobody's appraisal is recorded: ``check`` warns);
* ``not-appraised``: ``quality: not-appraised``, or an appraisal with no information to judge.

A result (an outcome) with its own ``risk_of_bias`` has its own quality, as RoB 2 assesses
results rather than whole trials.
"""

from __future__ import annotations

from kinship_evidence.data.models import Outcome, Study
from kinship_evidence.data.models.appraisal import RiskOfBias
from kinship_evidence.data.risk_of_bias.vocabulary import TOOL_SHORT_LABELS
from kinship_evidence.frozen import frozen
from kinship_evidence.rating.frameworks import Framework

APPRAISED, EXTERNAL, STATED, NOT_APPRAISED = "appraised", "external", "stated", "not-appraised"
QUALITY_ORDER = ("high", "moderate", "low", "not-appraised")  # best first


@frozen(slots=True)
class QualityBasis:
    quality: str  # high | moderate | low | not-appraised
    kind: str  # appraised | external | stated | not-appraised
    basis: str  # in words, e.g. "RoB 2 overall some-concerns -> moderate (foundations-kinship-2024)"
    appraisal: RiskOfBias | None = None

    @property
    def is_appraised(self) -> bool:
        return self.kind in (APPRAISED, EXTERNAL)


_TOOL_NAMES = TOOL_SHORT_LABELS


def _incomplete(block: RiskOfBias) -> str:
    derived = block.derived.overall
    why = derived.basis if derived is not None else "no overall judgement"
    return f"the recorded {_TOOL_NAMES[block.tool]} appraisal is incomplete ({why})"


def _from_appraisal(block: RiskOfBias, framework: Framework) -> QualityBasis:
    if not block.is_complete:
        return QualityBasis("not-appraised", NOT_APPRAISED, f"not appraised: {_incomplete(block)}", block)
    overall = block.overall_judgement or "no-information"
    mapping = framework.quality_from_appraisal.get(block.tool, {})
    quality = mapping.get(overall, "not-appraised")
    if block.tool == "external":
        basis = f"{block.body}: study rated {block.rating} -> {quality}"
        return QualityBasis(quality, EXTERNAL, basis, block)
    tool = _TOOL_NAMES[block.tool]
    kind = NOT_APPRAISED if quality == "not-appraised" else APPRAISED
    return QualityBasis(quality, kind, f"{tool} overall {overall} -> {quality} ({framework.id})", block)


def study_quality(study: Study, framework: Framework) -> QualityBasis:
    """The study's quality under ``framework``: from its appraisal when it has one."""
    block = study.risk_of_bias
    if block is not None and (block.is_complete or study.quality is None):
        return _from_appraisal(block, framework)
    if block is not None and study.quality not in (None, "not-appraised"):
        basis = f"quality {study.quality} stated, not appraised: {_incomplete(block)}"
        return QualityBasis(study.quality, STATED, basis, block)
    if study.quality == "not-appraised":
        return QualityBasis("not-appraised", NOT_APPRAISED, "not appraised (quality: not-appraised)")
    assert study.quality is not None  # the model requires quality or risk_of_bias
    return QualityBasis(study.quality, STATED, f"quality {study.quality} stated, not appraised")


def outcome_quality(outcome: Outcome, study: Study, framework: Framework) -> QualityBasis:
    """The quality of one result: its own appraisal when it has one, else the study's."""
    if outcome.risk_of_bias is not None:
        return _from_appraisal(outcome.risk_of_bias, framework)
    return study_quality(study, framework)


def stated_quality_disagrees(study: Study, framework: Framework) -> str | None:
    """A message when the record states a quality its own appraisal does not give under ``framework``."""
    if study.quality is None or study.risk_of_bias is None or not study.risk_of_bias.is_complete:
        return None
    derived = _from_appraisal(study.risk_of_bias, framework)
    if derived.quality == study.quality:
        return None
    return (
        f"quality is stated {study.quality!r} but the risk_of_bias appraisal gives {derived.quality!r} "
        f"({derived.basis}); remove quality, or correct it"
    )


def worst(qualities: list[str]) -> str:
    return max(qualities, key=QUALITY_ORDER.index)

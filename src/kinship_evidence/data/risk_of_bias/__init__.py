"""Risk of bias: tool vocabularies (RoB 2, ROBINS-I, RoB 1, external ratings) and judgement algorithms.

Pure Python, standard library only; its one project import is the pure
:mod:`kinship_evidence.suggestions` ("did you mean"). See :mod:`.vocabulary` for the
word lists and table symbols, :mod:`.rob2_questions` and :mod:`.rob2_algorithm` for RoB 2
signalling questions and domain algorithms, :mod:`.overall` for overall judgements and
:mod:`.appraisal` for checking a whole ``risk_of_bias`` block.
"""

from kinship_evidence.data.risk_of_bias.appraisal import (
    AppraisalFinding,
    DerivedAppraisal,
    appraise,
    check_stated_overall,
    derive_appraisal,
)
from kinship_evidence.data.risk_of_bias.errors import (
    AppraisalError,
    InvalidAnswerError,
    InvalidJudgementError,
    MissingAnswerError,
    UnknownDomainError,
    UnknownQuestionError,
)
from kinship_evidence.data.risk_of_bias.overall import (
    OverallJudgement,
    overall_judgement,
    rob1_overall,
    rob2_overall,
    robins_i_overall,
)
from kinship_evidence.data.risk_of_bias.rob2_algorithm import (
    Rob2DomainAssessment,
    rob2_domain_assessment,
    rob2_domain_judgement,
)

__all__ = [
    "AppraisalError",
    "AppraisalFinding",
    "DerivedAppraisal",
    "InvalidAnswerError",
    "InvalidJudgementError",
    "MissingAnswerError",
    "OverallJudgement",
    "Rob2DomainAssessment",
    "UnknownDomainError",
    "UnknownQuestionError",
    "appraise",
    "check_stated_overall",
    "derive_appraisal",
    "overall_judgement",
    "rob1_overall",
    "rob2_domain_assessment",
    "rob2_domain_judgement",
    "rob2_overall",
    "robins_i_overall",
]

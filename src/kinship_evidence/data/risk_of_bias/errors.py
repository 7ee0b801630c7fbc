"""Errors raised when a risk-of-bias appraisal cannot be judged as given.

All are :class:`ValueError` subclasses whose messages say, in plain words, what is
wrong and which values are allowed, so a validator can show them as they are.
"""

from __future__ import annotations


class AppraisalError(ValueError):
    """A risk-of-bias appraisal that cannot be judged as given.

    ``domain`` and ``question`` name where the problem is, when known.
    """

    def __init__(self, message: str, *, domain: str | None = None, question: str | None = None) -> None:
        super().__init__(message)
        self.domain = domain
        self.question = question


class MissingAnswerError(AppraisalError):
    """A signalling question the algorithm needs has no answer (or is answered ``na`` though it applies)."""


class UnknownQuestionError(AppraisalError):
    """An answer is given to a question id that is not a question of the domain."""


class InvalidAnswerError(AppraisalError):
    """An answer value that the question does not allow."""


class UnknownDomainError(AppraisalError):
    """A domain slug that the tool does not have."""


class InvalidJudgementError(AppraisalError):
    """A judgement value that the tool does not have."""


def allowed(values: tuple[str, ...] | list[str], conjunction: str = "or") -> str:
    """``"a, b or c"``: values listed for a message (``conjunction="and"`` for ``"a, b and c"``)."""
    items = list(values)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]

"""RoB 2 domain algorithms: from signalling answers to a proposed domain judgement.

Each function follows the "Algorithm for suggested judgement of risk of bias" flowchart
of its domain in Higgins JPT, Savović J, Page MJ, Sterne JAC, *Revised Cochrane
risk-of-bias tool for randomized trials (RoB 2)*, full guidance, 22 August 2019
(riskofbias.info), summarised in Sterne et al. 2019 BMJ 366:l4898. The flowcharts were
read in their transcription at github.com/InfinityBowman/corates,
``.../ROB2Checklist/scoring/decision-diagrams/domain-{1,2-a,4,5}.md`` and the matching
domain 3 file; every branch is pinned by a test in ``tests/data/risk_of_bias``.

Handling of answers, as in the guidance:

* Y and PY lead the same way, and so do N and PN; NI has its own branch where the
  flowchart gives one, and otherwise goes where the flowchart sends it (e.g. 1.1 NI
  goes with Y/PY, 3.3 NI with Y/PY).
* Only the questions on the path through the flowchart are needed. A question that is
  asked only if an earlier answer allows it (2.3-2.5, 2.7, 3.2-3.4, 4.3-4.5) is read
  exactly when that condition holds; then it must be answered, and ``na`` counts as a
  missing answer. Answers off the path are not used (see
  :attr:`Rob2DomainAssessment.unused`).
* A question that is always asked may not be answered ``na``; 3.2 has no ``ni`` option.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from kinship_evidence.data.risk_of_bias.errors import (
    InvalidAnswerError,
    MissingAnswerError,
    UnknownDomainError,
    UnknownQuestionError,
    allowed,
)
from kinship_evidence.data.risk_of_bias.rob2_questions import (
    NO_INFORMATION,
    NO_LIKE,
    NOT_APPLICABLE,
    QUESTION_IDS,
    SIGNALLING_QUESTIONS,
    YES_LIKE,
)
from kinship_evidence.data.risk_of_bias.vocabulary import DOMAINS, ROB2, ROB2_JUDGEMENTS
from kinship_evidence.frozen import frozen

LOW, SOME_CONCERNS, HIGH = ROB2_JUDGEMENTS

# What an answer means for the flowchart: Y/PY, N/PN, or NI.
_YES, _NO, _NI = "Y/PY", "N/PN", "NI"


@frozen(slots=True)
class Rob2DomainAssessment:
    """A domain's proposed judgement and the answers that led to it.

    ``path`` holds ``(question id, answer)`` in the order the flowchart read them;
    ``unused`` the ids of answered questions (other than ``na``) that it did not read.
    """

    domain: str
    judgement: str
    path: tuple[tuple[str, str], ...]
    unused: tuple[str, ...] = ()

    @property
    def basis(self) -> str:
        """E.g. ``"1.2 py, 1.1 y, 1.3 n: low"``."""
        steps = ", ".join(f"{question} {answer}" for question, answer in self.path)
        return f"{steps}: {self.judgement}"


class _Reader:
    """Reads answers for one domain, recording the path, in the flowchart's terms."""

    def __init__(self, domain: str, answers: Mapping[str, str]) -> None:
        self.domain = domain
        self.answers = answers
        self.path: list[tuple[str, str]] = []

    def read(self, question_id: str, because: str = "") -> str:
        question = SIGNALLING_QUESTIONS[question_id]
        answer = self.answers.get(question_id)
        options = allowed([option for option in question.options if option != NOT_APPLICABLE])
        reason = f", because {because}" if because else ""
        if answer is None:
            raise MissingAnswerError(
                f"RoB 2 {self.domain}: question {question_id} ({question.text}) needs an answer{reason};"
                f" answer {options}",
                domain=self.domain,
                question=question_id,
            )
        if answer == NOT_APPLICABLE:
            raise MissingAnswerError(
                f"RoB 2 {self.domain}: question {question_id} is answered na (not applicable), but it applies"
                f"{reason}; answer {options}",
                domain=self.domain,
                question=question_id,
            )
        self.path.append((question_id, answer))
        return _YES if answer in YES_LIKE else _NO if answer in NO_LIKE else _NI

    def said(self, question_id: str) -> str:
        """``"2.3 is 'py'"``: how an earlier answer reads in a message."""
        return f"{question_id} is {self.answers[question_id]!r}"


def _randomisation(answers: _Reader) -> str:
    """D1 flowchart: 1.2 first; 1.1 only when 1.2 is Y/PY; 1.3 decides the rest."""
    concealed = answers.read("1.2")
    if concealed == _NO:
        return HIGH
    if concealed == _YES:
        if answers.read("1.1") == _NO:
            return SOME_CONCERNS
        return SOME_CONCERNS if answers.read("1.3") == _YES else LOW
    # 1.2 NI: the sequence question is not consulted.
    return HIGH if answers.read("1.3") == _YES else SOME_CONCERNS


def _deviations(answers: _Reader) -> str:
    """D2 (effect of assignment): the worse of part 1 (2.1-2.5) and part 2 (2.6-2.7).

    The flowchart's "criteria for the domain": low if low in both parts, high if high in
    either part, otherwise some concerns.
    """
    aware = answers.read("2.1")
    if aware == _NO and answers.read("2.2") == _NO:
        part_1 = LOW
    else:
        because = answers.said("2.1") if aware != _NO else answers.said("2.2")
        trial_context = answers.read("2.3", because)
        if trial_context == _NO:
            part_1 = LOW
        elif trial_context == _NI or answers.read("2.4", answers.said("2.3")) == _NO:
            part_1 = SOME_CONCERNS  # 2.3 NI, or 2.3 Y/PY and 2.4 N/PN
        else:
            balanced = answers.read("2.5", answers.said("2.4"))
            part_1 = SOME_CONCERNS if balanced == _YES else HIGH
    if answers.read("2.6") == _YES:
        part_2 = LOW
    else:
        part_2 = SOME_CONCERNS if answers.read("2.7", answers.said("2.6")) == _NO else HIGH
    return max(part_1, part_2, key=ROB2_JUDGEMENTS.index)


def _missing_data(answers: _Reader) -> str:
    """D3 flowchart: 3.1 -> 3.2 -> 3.3 -> 3.4, each asked only when the one before is not reassuring."""
    if answers.read("3.1") == _YES:
        return LOW
    if answers.read("3.2", answers.said("3.1")) == _YES:
        return LOW
    if answers.read("3.3", answers.said("3.2")) == _NO:
        return LOW
    return SOME_CONCERNS if answers.read("3.4", answers.said("3.3")) == _NO else HIGH


def _measurement(answers: _Reader) -> str:
    """D4 flowchart: 4.1 or 4.2 Y/PY is high; 4.2 NI caps the best result at some concerns."""
    if answers.read("4.1") == _YES:
        return HIGH
    differed = answers.read("4.2")
    if differed == _YES:
        return HIGH
    best = SOME_CONCERNS if differed == _NI else LOW
    because = f"{answers.said('4.1')} and {answers.said('4.2')}"
    if answers.read("4.3", because) == _NO:
        return best
    if answers.read("4.4", answers.said("4.3")) == _NO:
        return best
    return SOME_CONCERNS if answers.read("4.5", answers.said("4.4")) == _NO else HIGH


def _reporting(answers: _Reader) -> str:
    """D5 flowchart: 5.2 or 5.3 Y/PY is high; any NI there is some concerns; else 5.1 decides."""
    measurements = answers.read("5.2")
    if measurements == _YES:
        return HIGH
    analyses = answers.read("5.3")
    if analyses == _YES:
        return HIGH
    if _NI in (measurements, analyses):
        return SOME_CONCERNS
    return LOW if answers.read("5.1") == _YES else SOME_CONCERNS


_ALGORITHMS: dict[str, Callable[[_Reader], str]] = {
    "randomisation": _randomisation,
    "deviations": _deviations,
    "missing-data": _missing_data,
    "measurement": _measurement,
    "reporting": _reporting,
}


def check_rob2_answers(domain: str, answers: Mapping[str, str]) -> None:
    """Raise if ``domain`` is unknown, or an answer's id or value is not allowed for it."""
    if domain not in QUESTION_IDS:
        raise UnknownDomainError(
            f"{domain!r} is not a RoB 2 domain; use {allowed(DOMAINS[ROB2])}", domain=str(domain)
        )
    ids = QUESTION_IDS[domain]
    for question_id, answer in answers.items():
        if question_id not in ids:
            hint = "" if isinstance(question_id, str) else ' (write question ids in quotes, e.g. "1.1")'
            raise UnknownQuestionError(
                f"RoB 2 {domain}: {question_id!r} is not one of its signalling questions;"
                f" use {allowed(ids)}{hint}",
                domain=domain,
                question=str(question_id),
            )
        options = SIGNALLING_QUESTIONS[question_id].options
        if answer not in options:
            hint = ""
            if isinstance(answer, str) and answer.lower() in options:
                hint = " (in lower case)"
            elif isinstance(answer, bool):
                hint = " (unquoted yes/no in YAML reads as true/false; write y or n)"
            elif answer == NO_INFORMATION:
                hint = " (the guidance offers no 'no information' answer here)"
            elif answer == NOT_APPLICABLE:
                hint = " (this question is always asked)"
            raise InvalidAnswerError(
                f"RoB 2 {domain}: the answer to {question_id} is {answer!r}; answer {allowed(options)}{hint}",
                domain=domain,
                question=question_id,
            )


def rob2_domain_assessment(domain: str, answers: Mapping[str, str]) -> Rob2DomainAssessment:
    """The RoB 2 algorithm's judgement of ``domain`` from its signalling ``answers``.

    ``answers`` maps question ids of this domain (``"1.1"``) to ``y | py | pn | n | ni | na``.
    Raises :class:`~.errors.UnknownDomainError`, :class:`~.errors.UnknownQuestionError`,
    :class:`~.errors.InvalidAnswerError` or, when the path needs an answer that is not
    there, :class:`~.errors.MissingAnswerError` (all :class:`~.errors.AppraisalError`).
    """
    check_rob2_answers(domain, answers)
    reader = _Reader(domain, answers)
    judgement = _ALGORITHMS[domain](reader)
    read = {question for question, _ in reader.path}
    unused = tuple(
        question
        for question in QUESTION_IDS[domain]
        if question in answers and question not in read and answers[question] != NOT_APPLICABLE
    )
    return Rob2DomainAssessment(domain, judgement, tuple(reader.path), unused)


def rob2_domain_judgement(domain: str, answers: Mapping[str, str]) -> str:
    """Just the judgement (``low | some-concerns | high``) of :func:`rob2_domain_assessment`."""
    return rob2_domain_assessment(domain, answers).judgement

"""Bad input to the RoB 2 domain algorithms: clear AppraisalError subclasses naming allowed values.

Options per question are those of the signalling-question tables of the RoB 2 full guidance
(22 Aug 2019): always-asked questions Y/PY/PN/N/NI; "asked only if" questions add NA;
3.2 is NA/Y/PY/PN/N (no NI).
"""

import pytest

from kinship_evidence.data.risk_of_bias import (
    AppraisalError,
    InvalidAnswerError,
    UnknownDomainError,
    UnknownQuestionError,
    rob2_domain_judgement,
)


def test_errors_are_value_errors():
    assert issubclass(AppraisalError, ValueError)
    for error in (InvalidAnswerError, UnknownDomainError, UnknownQuestionError):
        assert issubclass(error, AppraisalError)


def test_unknown_domain_names_the_domains():
    with pytest.raises(UnknownDomainError, match="randomisation, deviations, missing-data, measurement or reporting"):
        rob2_domain_judgement("randomization", {})


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({"2.1": "y"}, "'2.1' is not one of its signalling questions; use 1.1, 1.2 or 1.3"),
        ({"1.4": "y"}, "use 1.1, 1.2 or 1.3"),
        ({1.1: "y"}, 'write question ids in quotes, e.g. "1.1"'),
    ],
)
def test_unknown_question_for_the_domain(answers, words):
    with pytest.raises(UnknownQuestionError) as raised:
        rob2_domain_judgement("randomisation", answers)
    assert words in str(raised.value)


@pytest.mark.parametrize(
    ("domain", "answers", "words"),
    [
        ("randomisation", {"1.1": "yes"}, "the answer to 1.1 is 'yes'; answer y, py, pn, n or ni"),
        ("randomisation", {"1.1": "Y"}, "(in lower case)"),
        ("randomisation", {"1.1": True}, "unquoted yes/no in YAML reads as true/false"),
        ("randomisation", {"1.1": "na"}, "(this question is always asked)"),
        ("missing-data", {"3.1": "n", "3.2": "ni"}, "answer na, y, py, pn or n (the guidance offers no"),
        ("deviations", {"2.3": "maybe"}, "answer na, y, py, pn, n or ni"),
        ("reporting", {"5.1": None}, "the answer to 5.1 is None"),
    ],
)
def test_invalid_answer_values(domain, answers, words):
    with pytest.raises(InvalidAnswerError) as raised:
        rob2_domain_judgement(domain, answers)
    assert words in str(raised.value)
    assert raised.value.domain == domain


def test_invalid_answer_is_reported_even_off_the_path():
    # 1.2 N alone gives high, but a bad 1.3 is still an error, not silently ignored.
    with pytest.raises(InvalidAnswerError):
        rob2_domain_judgement("randomisation", {"1.2": "n", "1.3": "x"})

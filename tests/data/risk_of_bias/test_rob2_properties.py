"""Properties of the RoB 2 domain algorithms over every combination of valid answers.

Valid answers per question are the response options in the RoB 2 full guidance's
signalling-question tables (22 Aug 2019), as held in ``rob2_questions.SIGNALLING_QUESTIONS``.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from kinship_evidence.data.risk_of_bias import (
    MissingAnswerError,
    rob2_domain_assessment,
)
from kinship_evidence.data.risk_of_bias.rob2_questions import (
    QUESTION_IDS,
    SIGNALLING_QUESTIONS,
)


@st.composite
def domain_answers(draw):
    """A domain and any subset of its questions, each answered with one of its own options."""
    domain = draw(st.sampled_from(list(QUESTION_IDS)))
    answers = {}
    for question_id in QUESTION_IDS[domain]:
        if draw(st.booleans()):
            answers[question_id] = draw(st.sampled_from(SIGNALLING_QUESTIONS[question_id].options))
    return domain, answers


@settings(max_examples=2000)
@given(domain_answers())
def test_valid_answers_give_a_judgement_or_a_missing_answer_error(case):
    domain, answers = case
    try:
        assessment = rob2_domain_assessment(domain, answers)
    except MissingAnswerError as error:
        assert error.domain == domain
        assert error.question in QUESTION_IDS[domain]
        assert answers.get(error.question) in (None, "na")
        return
    assert assessment.judgement in ("low", "some-concerns", "high")
    assert all(answers[question] == answer for question, answer in assessment.path)


SAME = {"y": "py", "py": "y", "n": "pn", "pn": "n"}


@given(domain_answers())
def test_yes_and_probably_yes_lead_alike_and_so_do_no_and_probably_no(case):
    domain, answers = case
    swapped = {question: SAME.get(answer, answer) for question, answer in answers.items()}
    try:
        expected = rob2_domain_assessment(domain, answers).judgement
    except MissingAnswerError as error:
        try:
            rob2_domain_assessment(domain, swapped)
        except MissingAnswerError as again:
            assert again.question == error.question
        else:
            raise AssertionError("swapping Y/PY or N/PN changed a missing answer into a judgement")
        return
    assert rob2_domain_assessment(domain, swapped).judgement == expected


@given(domain_answers())
def test_answers_off_the_path_do_not_change_the_judgement(case):
    domain, answers = case
    try:
        assessment = rob2_domain_assessment(domain, answers)
    except MissingAnswerError:
        return
    only_path = dict(assessment.path)
    assert rob2_domain_assessment(domain, only_path).judgement == assessment.judgement

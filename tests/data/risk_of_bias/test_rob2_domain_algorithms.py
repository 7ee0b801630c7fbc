"""Every branch of each RoB 2 domain algorithm.

Source: Higgins JPT, Savović J, Page MJ, Sterne JAC. Revised Cochrane risk-of-bias tool for
randomized trials (RoB 2), full guidance, 22 August 2019 (riskofbias.info): for each domain
the "Algorithm for suggested judgement of risk of bias" flowchart and its signalling-question
table ("asked only if" conditions, response options). Read in the transcription at
github.com/InfinityBowman/corates, packages/web/src/components/checklist/ROB2Checklist/
scoring/decision-diagrams/domain-1.md, domain-2-a.md, domain-4.md, domain-5.md, and the
same transcription's domain 3 page. Each case below names its flowchart branch.
"""

import pytest

from kinship_evidence.data.risk_of_bias import (
    MissingAnswerError,
    rob2_domain_assessment,
    rob2_domain_judgement,
)

LOW, SOME, HIGH = "low", "some-concerns", "high"
YES = ("y", "py")
NO = ("n", "pn")


def cases(*rows):
    """Expand rows whose answers are tuples of alternatives (e.g. Y or PY) into single cases."""
    out = []
    for answers, expected in rows:
        combos = [{}]
        for question, values in answers.items():
            values = values if isinstance(values, tuple) else (values,)
            combos = [{**combo, question: value} for combo in combos for value in values]
        out.extend((combo, expected) for combo in combos)
    return out


# --- Domain 1: randomisation process (flowchart "Algorithm for suggested judgement of risk of
# bias arising from the randomization process"; questions 1.1-1.3, all always asked).
D1 = cases(
    # 1.2 Y/PY -> 1.1 Y/PY/NI -> 1.3 N/PN/NI: low
    ({"1.2": YES, "1.1": (*YES, "ni"), "1.3": (*NO, "ni")}, LOW),
    # 1.2 Y/PY -> 1.1 Y/PY/NI -> 1.3 Y/PY: some concerns
    ({"1.2": YES, "1.1": (*YES, "ni"), "1.3": YES}, SOME),
    # 1.2 Y/PY -> 1.1 N/PN: some concerns, whatever 1.3 says
    ({"1.2": YES, "1.1": NO, "1.3": ("n", "y", "ni")}, SOME),
    ({"1.2": YES, "1.1": NO}, SOME),
    # 1.2 N/PN: high, whatever else
    ({"1.2": NO}, HIGH),
    ({"1.2": NO, "1.1": "y", "1.3": "n"}, HIGH),
    # 1.2 NI -> 1.3 N/PN/NI: some concerns (1.1 is not consulted)
    ({"1.2": "ni", "1.3": (*NO, "ni")}, SOME),
    ({"1.2": "ni", "1.1": ("y", "n"), "1.3": "n"}, SOME),
    # 1.2 NI -> 1.3 Y/PY: high
    ({"1.2": "ni", "1.3": YES}, HIGH),
)


@pytest.mark.parametrize(("answers", "expected"), D1)
def test_d1_randomisation(answers, expected):
    assert rob2_domain_judgement("randomisation", answers) == expected


# --- Domain 2: deviations from intended interventions, effect of assignment (flowchart in two
# parts: part 1 questions 2.1-2.5, part 2 questions 2.6-2.7; the domain takes the worse part).
PART_1 = {
    "low, both unaware": cases(({"2.1": NO, "2.2": NO}, LOW)),
    "low, no trial-context deviations": cases(
        ({"2.1": (*YES, "ni"), "2.3": NO}, LOW),
        ({"2.1": NO, "2.2": (*YES, "ni"), "2.3": NO}, LOW),
    ),
    "some concerns, 2.3 NI": cases(({"2.1": "y", "2.3": "ni"}, SOME), ({"2.1": "n", "2.2": "ni", "2.3": "ni"}, SOME)),
    "some concerns, 2.4 N/PN": cases(({"2.1": "py", "2.3": YES, "2.4": NO}, SOME)),
    "some concerns, 2.5 Y/PY": cases(({"2.1": "y", "2.3": YES, "2.4": (*YES, "ni"), "2.5": YES}, SOME)),
    "high, 2.5 N/PN/NI": cases(({"2.1": "y", "2.3": YES, "2.4": (*YES, "ni"), "2.5": (*NO, "ni")}, HIGH)),
}
PART_2 = {
    "low, appropriate analysis": cases(({"2.6": YES}, LOW)),
    "some concerns, 2.7 N/PN": cases(({"2.6": (*NO, "ni"), "2.7": NO}, SOME)),
    "high, 2.7 Y/PY/NI": cases(({"2.6": (*NO, "ni"), "2.7": (*YES, "ni")}, HIGH)),
}
RANK = [LOW, SOME, HIGH]


@pytest.mark.parametrize("part_1", list(PART_1))
@pytest.mark.parametrize("part_2", list(PART_2))
def test_d2_deviations_is_the_worse_of_its_two_parts(part_1, part_2):
    for answers_1, expected_1 in PART_1[part_1]:
        for answers_2, expected_2 in PART_2[part_2]:
            expected = max(expected_1, expected_2, key=RANK.index)
            assert rob2_domain_judgement("deviations", {**answers_1, **answers_2}) == expected


def test_d2_conditional_questions_answered_na_when_not_asked():
    # 2.1 and 2.2 both N/PN: 2.3-2.5 are not asked (NA); 2.6 Y: 2.7 not asked.
    answers = {"2.1": "n", "2.2": "pn", "2.3": "na", "2.4": "na", "2.5": "na", "2.6": "y", "2.7": "na"}
    assert rob2_domain_judgement("deviations", answers) == LOW


# --- Domain 3: missing outcome data (3.2 if N/PN/NI to 3.1; 3.3 if N/PN to 3.2; 3.4 if Y/PY/NI
# to 3.3; 3.2 offers no NI).
D3 = cases(
    ({"3.1": YES}, LOW),  # 3.1 Y/PY: low
    ({"3.1": (*NO, "ni"), "3.2": YES}, LOW),  # 3.2 Y/PY: low
    ({"3.1": (*NO, "ni"), "3.2": NO, "3.3": NO}, LOW),  # 3.3 N/PN: low
    ({"3.1": "n", "3.2": NO, "3.3": (*YES, "ni"), "3.4": NO}, SOME),  # 3.4 N/PN: some concerns
    ({"3.1": "n", "3.2": "n", "3.3": (*YES, "ni"), "3.4": (*YES, "ni")}, HIGH),  # 3.4 Y/PY/NI: high
    ({"3.1": "y", "3.2": "na", "3.3": "na", "3.4": "na"}, LOW),
)


@pytest.mark.parametrize(("answers", "expected"), D3)
def test_d3_missing_data(answers, expected):
    assert rob2_domain_judgement("missing-data", answers) == expected


# --- Domain 4: measurement of the outcome (4.3 if N/PN/NI to 4.1 and 4.2; 4.4 if Y/PY/NI to
# 4.3; 4.5 if Y/PY/NI to 4.4). 4.2 N/PN and 4.2 NI lead to separate copies of 4.3-4.5.
NOT_YES = (*NO, "ni")
D4 = cases(
    ({"4.1": YES}, HIGH),  # 4.1 Y/PY: high
    ({"4.1": NOT_YES, "4.2": YES}, HIGH),  # 4.2 Y/PY: high
    # 4.2 N/PN branch
    ({"4.1": NOT_YES, "4.2": NO, "4.3": NO}, LOW),
    ({"4.1": NOT_YES, "4.2": NO, "4.3": (*YES, "ni"), "4.4": NO}, LOW),
    ({"4.1": "n", "4.2": NO, "4.3": (*YES, "ni"), "4.4": (*YES, "ni"), "4.5": NO}, SOME),
    ({"4.1": "n", "4.2": NO, "4.3": "y", "4.4": (*YES, "ni"), "4.5": (*YES, "ni")}, HIGH),
    # 4.2 NI branch
    ({"4.1": NOT_YES, "4.2": "ni", "4.3": NO}, SOME),
    ({"4.1": NOT_YES, "4.2": "ni", "4.3": (*YES, "ni"), "4.4": NO}, SOME),
    ({"4.1": "pn", "4.2": "ni", "4.3": (*YES, "ni"), "4.4": (*YES, "ni"), "4.5": NO}, SOME),
    ({"4.1": "pn", "4.2": "ni", "4.3": "y", "4.4": (*YES, "ni"), "4.5": (*YES, "ni")}, HIGH),
    ({"4.1": "y", "4.2": "n", "4.3": "na", "4.4": "na", "4.5": "na"}, HIGH),
)


@pytest.mark.parametrize(("answers", "expected"), D4)
def test_d4_measurement(answers, expected):
    assert rob2_domain_judgement("measurement", answers) == expected


# --- Domain 5: selection of the reported result (5.2 and 5.3 first, then 5.1).
D5 = cases(
    ({"5.2": YES}, HIGH),  # either Y/PY: high
    ({"5.2": NOT_YES, "5.3": YES}, HIGH),
    ({"5.1": "y", "5.2": "n", "5.3": "py"}, HIGH),
    ({"5.2": NO, "5.3": NO, "5.1": YES}, LOW),  # both N/PN -> 5.1 Y/PY: low
    ({"5.2": NO, "5.3": NO, "5.1": NOT_YES}, SOME),  # both N/PN -> 5.1 N/PN/NI: some concerns
    ({"5.2": "ni", "5.3": NOT_YES}, SOME),  # at least one NI, neither Y/PY: some concerns
    ({"5.2": NO, "5.3": "ni", "5.1": "y"}, SOME),
)


@pytest.mark.parametrize(("answers", "expected"), D5)
def test_d5_reporting(answers, expected):
    assert rob2_domain_judgement("reporting", answers) == expected


def test_assessment_records_the_path_and_unused_answers():
    assessment = rob2_domain_assessment("randomisation", {"1.1": "n", "1.2": "ni", "1.3": "pn"})
    assert assessment.judgement == SOME
    assert assessment.path == (("1.2", "ni"), ("1.3", "pn"))
    assert assessment.unused == ("1.1",)
    assert assessment.basis == "1.2 ni, 1.3 pn: some-concerns"


@pytest.mark.parametrize(
    ("domain", "answers", "question", "words"),
    [
        ("randomisation", {}, "1.2", "needs an answer; answer y, py, pn, n or ni"),
        ("randomisation", {"1.2": "y"}, "1.1", "needs an answer"),
        ("deviations", {"2.1": "y", "2.6": "y"}, "2.3", "because 2.1 is 'y'"),
        ("deviations", {"2.1": "n", "2.2": "ni", "2.3": "na", "2.6": "y"}, "2.3", "answered na (not applicable)"),
        ("deviations", {"2.1": "n", "2.2": "n", "2.6": "pn"}, "2.7", "because 2.6 is 'pn'"),
        ("missing-data", {"3.1": "ni"}, "3.2", "answer y, py, pn or n"),
        ("measurement", {"4.1": "n", "4.2": "ni"}, "4.3", "because 4.1 is 'n' and 4.2 is 'ni'"),
        ("reporting", {"5.2": "n", "5.3": "pn"}, "5.1", "needs an answer"),
    ],
)
def test_missing_answers_are_named(domain, answers, question, words):
    with pytest.raises(MissingAnswerError) as raised:
        rob2_domain_judgement(domain, answers)
    assert raised.value.question == question
    assert raised.value.domain == domain
    assert words in str(raised.value)
    assert f"question {question}" in str(raised.value)

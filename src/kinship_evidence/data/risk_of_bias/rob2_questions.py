"""RoB 2 signalling questions: ids per domain, answer values, each question's options.

Questions are those of the RoB 2 tool for individually randomised, parallel-group
trials, with domain 2 in its **effect of assignment to intervention** form (the
"intention-to-treat" variant; the "effect of adhering" variant is not covered). Ids,
wording (shortened), "asked only if" conditions and response options follow the
signalling-question tables of Higgins JPT, Savović J, Page MJ, Sterne JAC, *Revised
Cochrane risk-of-bias tool for randomized trials (RoB 2)*, full guidance, 22 August 2019
(https://www.riskofbias.info/welcome/rob-2-0-tool), read in the transcription of those
tables at github.com/InfinityBowman/corates,
``packages/web/src/components/checklist/ROB2Checklist/scoring/decision-diagrams/``
(``domain-1.md`` ... ``domain-5.md``; domain 3 read by its text).

Answers are ``y`` yes, ``py`` probably yes, ``pn`` probably no, ``n`` no, ``ni`` no
information and ``na`` not applicable (only for a question that is asked only if an
earlier answer allows it). The guidance treats Y and PY alike and N and PN alike.
"""

from __future__ import annotations

from kinship_evidence.frozen import frozen

YES = "y"
PROBABLY_YES = "py"
PROBABLY_NO = "pn"
NO = "n"
NO_INFORMATION = "ni"
NOT_APPLICABLE = "na"

ANSWER_VALUES: tuple[str, ...] = (YES, PROBABLY_YES, PROBABLY_NO, NO, NO_INFORMATION, NOT_APPLICABLE)
"""Every value an answer in ``risk_of_bias.answers`` may take."""

ANSWER_LABELS: dict[str, str] = {
    YES: "Yes",
    PROBABLY_YES: "Probably yes",
    PROBABLY_NO: "Probably no",
    NO: "No",
    NO_INFORMATION: "No information",
    NOT_APPLICABLE: "Not applicable",
}

YES_LIKE: frozenset[str] = frozenset({YES, PROBABLY_YES})
NO_LIKE: frozenset[str] = frozenset({NO, PROBABLY_NO})

_ALWAYS = (YES, PROBABLY_YES, PROBABLY_NO, NO, NO_INFORMATION)
_CONDITIONAL = (NOT_APPLICABLE, *_ALWAYS)


@frozen(slots=True)
class SignallingQuestion:
    """One RoB 2 signalling question.

    ``asked_if`` is the guidance's condition in its own words ("" when always asked);
    ``options`` are the answers the guidance allows for it.
    """

    id: str
    domain: str
    text: str
    options: tuple[str, ...]
    asked_if: str = ""


_QUESTIONS: tuple[SignallingQuestion, ...] = (
    SignallingQuestion("1.1", "randomisation", "Was the allocation sequence random?", _ALWAYS),
    SignallingQuestion(
        "1.2",
        "randomisation",
        "Was the allocation sequence concealed until participants were enrolled and assigned to interventions?",
        _ALWAYS,
    ),
    SignallingQuestion(
        "1.3",
        "randomisation",
        "Did baseline differences between intervention groups suggest a problem with the randomisation process?",
        _ALWAYS,
    ),
    SignallingQuestion(
        "2.1", "deviations", "Were participants aware of their assigned intervention during the trial?", _ALWAYS
    ),
    SignallingQuestion(
        "2.2",
        "deviations",
        "Were carers and people delivering the interventions aware of participants' assigned intervention?",
        _ALWAYS,
    ),
    SignallingQuestion(
        "2.3",
        "deviations",
        "Were there deviations from the intended intervention that arose because of the trial context?",
        _CONDITIONAL,
        "Y/PY/NI to 2.1 or 2.2",
    ),
    SignallingQuestion(
        "2.4", "deviations", "Were these deviations likely to have affected the outcome?", _CONDITIONAL, "Y/PY to 2.3"
    ),
    SignallingQuestion(
        "2.5",
        "deviations",
        "Were these deviations from intended intervention balanced between groups?",
        _CONDITIONAL,
        "Y/PY/NI to 2.4",
    ),
    SignallingQuestion(
        "2.6", "deviations", "Was an appropriate analysis used to estimate the effect of assignment?", _ALWAYS
    ),
    SignallingQuestion(
        "2.7",
        "deviations",
        "Was there potential for a substantial impact (on the result) of the failure to analyse participants"
        " in the group to which they were randomised?",
        _CONDITIONAL,
        "N/PN/NI to 2.6",
    ),
    SignallingQuestion(
        "3.1",
        "missing-data",
        "Were data for this outcome available for all, or nearly all, participants randomised?",
        _ALWAYS,
    ),
    SignallingQuestion(
        "3.2",
        "missing-data",
        "Is there evidence that the result was not biased by missing outcome data?",
        (NOT_APPLICABLE, YES, PROBABLY_YES, PROBABLY_NO, NO),  # the guidance offers no NI here
        "N/PN/NI to 3.1",
    ),
    SignallingQuestion(
        "3.3", "missing-data", "Could missingness in the outcome depend on its true value?", _CONDITIONAL, "N/PN to 3.2"
    ),
    SignallingQuestion(
        "3.4",
        "missing-data",
        "Is it likely that missingness in the outcome depended on its true value?",
        _CONDITIONAL,
        "Y/PY/NI to 3.3",
    ),
    SignallingQuestion("4.1", "measurement", "Was the method of measuring the outcome inappropriate?", _ALWAYS),
    SignallingQuestion(
        "4.2",
        "measurement",
        "Could measurement or ascertainment of the outcome have differed between intervention groups?",
        _ALWAYS,
    ),
    SignallingQuestion(
        "4.3",
        "measurement",
        "Were outcome assessors aware of the intervention received by study participants?",
        _CONDITIONAL,
        "N/PN/NI to 4.1 and 4.2",
    ),
    SignallingQuestion(
        "4.4",
        "measurement",
        "Could assessment of the outcome have been influenced by knowledge of intervention received?",
        _CONDITIONAL,
        "Y/PY/NI to 4.3",
    ),
    SignallingQuestion(
        "4.5",
        "measurement",
        "Is it likely that assessment of the outcome was influenced by knowledge of intervention received?",
        _CONDITIONAL,
        "Y/PY/NI to 4.4",
    ),
    SignallingQuestion(
        "5.1",
        "reporting",
        "Were the data that produced this result analysed in accordance with a pre-specified analysis plan"
        " that was finalised before unblinded outcome data were available for analysis?",
        _ALWAYS,
    ),
    SignallingQuestion(
        "5.2",
        "reporting",
        "Is the result likely to have been selected, on the basis of the results, from multiple eligible"
        " outcome measurements within the outcome domain?",
        _ALWAYS,
    ),
    SignallingQuestion(
        "5.3",
        "reporting",
        "Is the result likely to have been selected, on the basis of the results, from multiple eligible"
        " analyses of the data?",
        _ALWAYS,
    ),
)

SIGNALLING_QUESTIONS: dict[str, SignallingQuestion] = {question.id: question for question in _QUESTIONS}
"""Every RoB 2 signalling question by id (``"1.1"`` ... ``"5.3"``)."""

QUESTION_IDS: dict[str, tuple[str, ...]] = {
    domain: tuple(question.id for question in _QUESTIONS if question.domain == domain)
    for domain in dict.fromkeys(question.domain for question in _QUESTIONS)
}
"""Signalling-question ids of each RoB 2 domain slug, in order."""


def domain_of_question(question_id: str) -> str | None:
    """The RoB 2 domain slug a question id belongs to, or ``None`` for an unknown id."""
    question = SIGNALLING_QUESTIONS.get(question_id)
    return question.domain if question else None

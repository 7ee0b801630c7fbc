"""The vocabularies: each list once, consistent across labels, headers and symbols."""

import pytest

from kinship_evidence.data.risk_of_bias import vocabulary as v
from kinship_evidence.data.risk_of_bias.rob2_questions import (
    ANSWER_VALUES,
    QUESTION_IDS,
    SIGNALLING_QUESTIONS,
)


def test_tools_and_domains_follow_the_data_format():
    assert v.TOOLS == ("rob2", "robins-i", "rob1", "external")
    assert v.DOMAINS["rob2"] == ("randomisation", "deviations", "missing-data", "measurement", "reporting")
    assert v.DOMAINS["robins-i"] == (
        "confounding", "selection", "classification", "deviations", "missing-data", "measurement", "reporting",
    )
    assert len(v.DOMAINS["rob1"]) == 7 and v.DOMAINS["rob1"][0] == "sequence-generation"
    assert v.DOMAINS["external"] == ()


def test_judgements_best_to_worst():
    assert v.JUDGEMENTS["rob2"] == ("low", "some-concerns", "high")
    assert v.JUDGEMENTS["robins-i"] == ("low", "moderate", "serious", "critical", "no-information")
    assert v.JUDGEMENTS["rob1"] == ("low", "unclear", "high")
    assert v.JUDGEMENTS["external"] == v.EXTERNAL_RATINGS == ("high", "moderate", "low")


@pytest.mark.parametrize("tool", v.TOOLS)
def test_every_value_has_a_label_and_symbol(tool):
    assert set(v.JUDGEMENT_LABELS[tool]) == set(v.JUDGEMENTS[tool])
    assert set(v.JUDGEMENT_SYMBOLS[tool]) == set(v.JUDGEMENTS[tool])
    symbols = list(v.JUDGEMENT_SYMBOLS[tool].values())
    assert len(set(symbols)) == len(symbols)  # distinct within a tool
    assert v.NOT_ASSESSED_SYMBOL not in symbols
    assert set(v.DOMAIN_LABELS[tool]) == set(v.DOMAINS[tool])
    assert list(v.DOMAIN_HEADERS[tool].values()) == [f"D{n}" for n in range(1, len(v.DOMAINS[tool]) + 1)]


def test_symbols_read_without_colour():
    assert v.judgement_symbol("rob2", "low") == "+"
    assert v.judgement_symbol("rob2", "some-concerns") == "!"
    assert v.judgement_symbol("rob2", "high") == "x"
    assert v.judgement_symbol("robins-i", "no-information") == "?"
    assert v.judgement_symbol("robins-i", "critical") == "xx"
    assert v.judgement_symbol("rob1", "unclear") == "?"
    assert v.judgement_symbol("rob2", None) == "-"
    assert v.judgement_label("rob1", None) == "Not assessed"
    assert v.symbol_legend("rob2") == (
        ("+", "Low risk of bias"), ("!", "Some concerns"), ("x", "High risk of bias"), ("-", "Not assessed"),
    )


def test_rob2_questions_per_domain():
    assert QUESTION_IDS == {
        "randomisation": ("1.1", "1.2", "1.3"),
        "deviations": ("2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"),
        "missing-data": ("3.1", "3.2", "3.3", "3.4"),
        "measurement": ("4.1", "4.2", "4.3", "4.4", "4.5"),
        "reporting": ("5.1", "5.2", "5.3"),
    }
    assert tuple(QUESTION_IDS) == v.DOMAINS["rob2"]
    assert ANSWER_VALUES == ("y", "py", "pn", "n", "ni", "na")
    for question in SIGNALLING_QUESTIONS.values():
        assert set(question.options) <= set(ANSWER_VALUES)
        assert ("na" in question.options) == bool(question.asked_if)
    assert "ni" not in SIGNALLING_QUESTIONS["3.2"].options

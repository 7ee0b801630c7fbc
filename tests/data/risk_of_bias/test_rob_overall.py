"""Overall judgements.

RoB 2: Sterne et al. 2019 BMJ 366:l4898 and the full guidance's "Overall risk of bias"
criteria (low: low in all domains; some concerns: some concerns in at least one domain, high
in none; high: high in at least one domain, or some concerns in multiple domains that
substantially lower confidence, a reviewer's call). ROBINS-I: Sterne et al. 2016 BMJ
355:i4919, Table 3. RoB 1: Cochrane Handbook 5.1.0, Table 8.7.a.
"""

import pytest

from kinship_evidence.data.risk_of_bias import (
    InvalidJudgementError,
    UnknownDomainError,
    overall_judgement,
    rob1_overall,
    rob2_overall,
    robins_i_overall,
)
from kinship_evidence.data.risk_of_bias.vocabulary import DOMAINS

ROB2, ROBINS, ROB1 = DOMAINS["rob2"], DOMAINS["robins-i"], DOMAINS["rob1"]


def all_(domains, value, **others):
    judgements = dict.fromkeys(domains, value)
    judgements.update({slug.replace("_", "-"): judgement for slug, judgement in others.items()})
    return judgements


# --- RoB 2
def test_rob2_low_when_every_domain_low():
    result = rob2_overall(all_(ROB2, "low"))
    assert (result.overall, result.notes) == ("low", ())


def test_rob2_some_concerns_when_one_has_concerns_and_none_high():
    result = rob2_overall(all_(ROB2, "low", measurement="some-concerns"))
    assert result.overall == "some-concerns"
    assert result.notes == ()
    assert "D4 measurement" in result.basis


def test_rob2_high_when_any_domain_high():
    result = rob2_overall(all_(ROB2, "low", reporting="high", randomisation="some-concerns"))
    assert result.overall == "high"
    assert "D5 reporting" in result.basis


def test_rob2_several_some_concerns_is_noted_not_applied():
    result = rob2_overall(all_(ROB2, "low", randomisation="some-concerns", missing_data="some-concerns"))
    assert result.overall == "some-concerns"
    assert len(result.notes) == 1
    assert "some concerns in 2 domains (D1 randomisation and D3 missing-data)" in result.notes[0]
    assert "override_reason" in result.notes[0]


def test_rob2_incomplete_is_high_if_any_high_else_undetermined():
    assert rob2_overall({"deviations": "high"}).overall == "high"
    undetermined = rob2_overall({"randomisation": "low", "deviations": "some-concerns", "reporting": None})
    assert undetermined.overall is None
    assert "D3 missing-data, D4 measurement and D5 reporting not judged" in undetermined.basis
    assert rob2_overall({}).overall is None


# --- ROBINS-I (Table 3, overall)
@pytest.mark.parametrize(
    ("others", "expected"),
    [
        ({}, "low"),  # low for all domains
        ({"confounding": "moderate"}, "moderate"),  # low or moderate for all domains
        ({"confounding": "moderate", "selection": "serious"}, "serious"),  # serious in one, critical in none
        ({"selection": "serious", "reporting": "critical"}, "critical"),  # critical in at least one
        ({"measurement": "no-information"}, "no-information"),  # lacking information, no serious/critical
        ({"measurement": "no-information", "confounding": "moderate"}, "no-information"),
        ({"measurement": "no-information", "confounding": "serious"}, "serious"),  # clear indication of serious
        ({"measurement": "no-information", "confounding": "critical"}, "critical"),
    ],
)
def test_robins_i_overall(others, expected):
    assert robins_i_overall({**all_(ROBINS, "low"), **others}).overall == expected


def test_robins_i_no_information_says_key_domains_are_a_judgement():
    result = robins_i_overall({**all_(ROBINS, "low"), "missing-data": "no-information"})
    assert "key domain" in result.notes[0] and "D5 missing-data" in result.notes[0]


def test_robins_i_incomplete_is_critical_if_any_critical_else_undetermined():
    assert robins_i_overall({"confounding": "critical"}).overall == "critical"
    assert robins_i_overall({"confounding": "serious"}).overall is None
    assert robins_i_overall(all_(ROBINS[:-1], "low")).overall is None


# --- RoB 1 (Table 8.7.a)
@pytest.mark.parametrize(
    ("others", "expected"),
    [
        ({}, "low"),  # low for all key domains
        ({"other-bias": "unclear"}, "unclear"),  # unclear for one or more key domains
        ({"other-bias": "unclear", "allocation-concealment": "unclear"}, "unclear"),
        ({"other-bias": "unclear", "selective-reporting": "high"}, "high"),  # high for one or more
    ],
)
def test_rob1_overall(others, expected):
    assert rob1_overall({**all_(ROB1, "low"), **others}).overall == expected


def test_rob1_key_domains():
    judgements = {**all_(ROB1, "low"), "other-bias": "high", "selective-reporting": "unclear"}
    keys = ["sequence-generation", "allocation-concealment", "incomplete-outcome-data"]
    result = rob1_overall(judgements, key_domains=keys)
    assert result.overall == "low"
    assert "not a key domain" in result.notes[0]
    assert rob1_overall({"sequence-generation": "low"}, key_domains=["sequence-generation"]).overall == "low"
    with pytest.raises(UnknownDomainError):
        rob1_overall({}, key_domains=["blinding"])
    with pytest.raises(UnknownDomainError, match="names no domain"):
        rob1_overall({}, key_domains=[])


def test_rob1_incomplete():
    assert rob1_overall({"other-bias": "high"}).overall == "high"
    result = rob1_overall({"other-bias": "low"})
    assert result.overall is None and "every key domain" in result.basis


# --- dispatch and bad input
def test_overall_judgement_dispatches_and_rejects_external():
    assert overall_judgement("rob2", all_(ROB2, "low")).overall == "low"
    assert overall_judgement("robins-i", all_(ROBINS, "moderate")).overall == "moderate"
    assert overall_judgement("rob1", all_(ROB1, "unclear")).overall == "unclear"
    with pytest.raises(UnknownDomainError, match="rob2, robins-i or rob1"):
        overall_judgement("external", {})


def test_bad_domain_judgements_raise_with_allowed_values():
    with pytest.raises(UnknownDomainError, match="use randomisation, deviations"):
        rob2_overall({"bias": "low"})
    with pytest.raises(InvalidJudgementError, match="use low, some-concerns or high"):
        rob2_overall({"randomisation": "moderate"})
    with pytest.raises(InvalidJudgementError, match="use low, moderate, serious, critical or no-information"):
        robins_i_overall({"confounding": "high"})

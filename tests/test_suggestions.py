""""Did you mean": the allowed value nearest to a mistaken one, and none when nothing is close."""

from __future__ import annotations

import pytest

from kinship_evidence.data.models.vocabulary import (
    DESIGNS,
    MEASURES,
    QUALITIES,
    REPORTED_FINDINGS,
)
from kinship_evidence.data.risk_of_bias import appraise
from kinship_evidence.suggestions import did_you_mean, suggest

ROB2_JUDGEMENTS = ("low", "some-concerns", "high")


@pytest.mark.parametrize(
    ("given", "choices", "meant"),
    [
        ("RCT", DESIGNS, "rct"),
        ("Cluster RCT", DESIGNS, "cluster-rct"),
        ("randomised", DESIGNS, "rct"),
        ("medium", QUALITIES, "moderate"),
        ("Not appraised", QUALITIES, "not-appraised"),
        ("favorable", REPORTED_FINDINGS, "favourable"),
        ("RR", MEASURES, "risk-ratio"),
        ("Some Concerns", ROB2_JUDGEMENTS, "some-concerns"),
        ("wellbeing", ("carer-wellbeing", "permanence"), "carer-wellbeing"),
        ("navigaton", ("navigation", "peer-support"), "navigation"),
    ],
)
def test_near_misses_find_the_value_meant(given, choices, meant):
    assert suggest(given, choices) == meant
    assert did_you_mean(given, choices) == f"; did you mean {meant!r}?"


@pytest.mark.parametrize("given", ["banana", "", 3.5, None, ["rct"], {"a": 1}, "x" * 10_000])
def test_nothing_close_gives_no_suggestion(given):
    assert did_you_mean(given, DESIGNS) == ""


def test_risk_of_bias_values_suggest_the_near_miss():
    block = {
        "tool": "rob2", "source": "x", "overall": "Low",
        "domains": {"randomization": "low", "missing-data": "Some Concerns"},
    }
    messages = [finding.message for finding in appraise(block).findings]
    assert any(m.endswith("did you mean 'randomisation'?") for m in messages), messages
    assert any(m.endswith("did you mean 'some-concerns'?") for m in messages), messages
    assert any(m.startswith("overall 'Low'") and m.endswith("did you mean 'low'?") for m in messages), messages
    external = [f.message for f in appraise({"tool": "external", "body": "PSC", "rating": "medium"}).findings]
    assert external == ["external rating 'medium' is not allowed; use high, moderate or low; did you mean 'moderate'?"]
    assert appraise({"tool": "ROB2"}).findings[0].message.endswith("did you mean 'rob2'?")

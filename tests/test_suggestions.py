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


# Issue 22, item 13: look-alike characters (Cyrillic a, U+2010) are shown escaped when two names
# differ only by them.
@pytest.mark.parametrize(
    ("given", "choices", "meant", "explained"),
    [
        ("perm\u0430nence", ("permanence", "carer-wellbeing"), "permanence", "U+0430 CYRILLIC SMALL LETTER A where 'a' is expected"),
        ("title-iv-e\u2010psc", ("title-iv-e-psc", "foundations-kinship-2024"), "title-iv-e-psc", "U+2010 HYPHEN where '-' is expected"),
        ("r\u0441t", DESIGNS, "rct", "U+0441 CYRILLIC SMALL LETTER ES where 'c' is expected"),
        ("c\u03bflor", ("color", "data"), "color", "U+03BF GREEK SMALL LETTER OMICRON where 'o' is expected"),
        ("peer\u2212support", ("peer-support",), "peer-support", "U+2212 MINUS SIGN where '-' is expected"),
        ("\uff27\uff22", ("GB", "US"), "GB", "U+FF27 FULLWIDTH LATIN CAPITAL LETTER G where 'G' is expected"),
        ("navi\u200bgation", ("navigation",), "navigation", "U+200B ZERO WIDTH SPACE, an invisible character, where nothing is expected"),
    ],
)
def test_a_name_differing_only_in_look_alike_characters_is_found_and_shown_escaped(given, choices, meant, explained):
    assert suggest(given, choices) == meant
    hint = did_you_mean(given, choices)
    assert hint.startswith(f"; did you mean {meant!r}? {given!a} differs from {meant!r} only in look-alike characters: ")
    assert explained in hint
    assert hint.isascii(), "the look-alike itself is never printed: it would look like the name suggested"


def test_a_near_miss_with_a_look_alike_besides_says_it_has_them():
    hint = did_you_mean("Perm\u0430nency", ("permanence",))
    assert hint == (
        "; did you mean 'permanence'? 'Perm\\u0430nency' is near 'permanence', with look-alike characters: "
        "U+0430 CYRILLIC SMALL LETTER A where 'a' is expected"
    )


def test_plain_non_ascii_text_is_quoted_as_written():
    from kinship_evidence.suggestions import look_alike_note, quoted

    assert quoted("caf\u00e9") == "'caf\u00e9'" and quoted(3) == "3"
    assert quoted("perm\u0430nence") == "'perm\\u0430nence'"
    assert look_alike_note("permanency", "permanence") == ""
    assert did_you_mean("permanency", ("permanence",)) == "; did you mean 'permanence'?"


def test_a_risk_of_bias_domain_with_a_look_alike_letter_is_shown_escaped():
    block = {"tool": "rob2", "source": "x", "overall": "low", "domains": {"r\u0430ndomisation": "low"}}
    (message,) = [f.message for f in appraise(block).findings if f.rule == "unknown-domain"]
    assert message.startswith("'r\\u0430ndomisation' is not a rob2 domain; use ")
    assert message.endswith(
        "did you mean 'randomisation'? 'r\\u0430ndomisation' differs from 'randomisation' only in look-alike characters:"
        " U+0430 CYRILLIC SMALL LETTER A where 'a' is expected"
    )

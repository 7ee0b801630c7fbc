"""Every error type a record can produce reaches a finding in plain words, echoing the bad value."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from kinship_evidence.data.checks.messages import validation_findings
from kinship_evidence.data.models import RecommendationsFile, Study

VALID = Path(__file__).parent.parent / "examples" / "valid"
STUDY = yaml.safe_load((VALID / "studies" / "effect-ci.yaml").read_text())
RECOMMENDATIONS = yaml.safe_load((VALID / "recommendations.yaml").read_text())
RAW_PHRASES = ("Input should be", "after validation", "Value error", "type=", "should have at least", "String should")


def _with(base: dict, path: str, value: object) -> dict:
    data = copy.deepcopy(base)
    *parents, last = path.split(".")
    target = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is _DELETE:
        del target[last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return data


_DELETE = object()

#: (model, field path, value, error type pydantic gives, a phrase the message must contain)
CASES = [
    (Study, "citation", _DELETE, "missing", "required field is missing"),
    (Study, "colour", "red", "extra_forbidden", "unknown field"),
    (Study, "year", "2003", "int_type", "got text '2003'; write it without quotes: 2003"),
    (Study, "year", 2003.5, "int_type", "got the number 2003.5"),
    (Study, "citation", 12, "string_type", "must be text, got the number 12"),
    (Study, "usual_care", "yes", "bool_type", "must be true or false, got text 'yes'"),
    (Study, "recommendations", "peer-support", "list_type", "write a list: [peer-support]"),
    (Study, "recommendations", [], "too_short", "give at least one recommendation"),
    (Study, "recommendations", [3], "string_type", "got the number 3; write the recommendation's id, not its number"),
    (Study, "design", "RCT", "literal_error", "'RCT' is not a design; use rct, cluster-rct, qed"),
    (Study, "quality", "medium", "literal_error", "did you mean 'moderate'?"),
    (Study, "design", "randomised", "literal_error", "did you mean 'rct'?"),
    (Study, "outcomes.0.favourable", "up", "literal_error", "'up' is not a direction; use higher or lower"),
    (Study, "outcomes.0.measure", "RR", "literal_error", "did you mean 'risk-ratio'?"),
    (Study, "sample_size", 0, "greater_than_equal", "must be at least 1, got 0"),
    (Study, "outcomes.0.effect.se", 0, "greater_than", "must be above 0, got 0"),
    (Study, "outcomes.0.follow_up_months", 5000, "less_than_equal", "must be at most 1200, got 5000"),
    (Study, "outcomes.0.follow_up_months", float("nan"), "finite_number", "must be a finite number, got nan"),
    (Study, "outcomes.0.effect.ci", [0.1, 0.2, 0.3], "too_long", "ci takes two numbers [low, high], got a list of 3"),
    (Study, "outcomes.0.effect.ci", [0.1], "too_short", "ci takes two numbers"),
    (Study, "outcomes.0.description", "", "string_too_short", "text is empty"),
    (Study, "outcomes.0.description", "x" * 10_001, "string_too_long", "text is too long: 10,001 characters"),
    (Study, "id", "Peer_Support", "string_pattern_mismatch", "got 'Peer_Support'; write it as 'peer-support'"),
    (Study, "country", "usa", "string_pattern_mismatch", "got 'usa'; did you mean 'US'?"),
    (Study, "source", "somewhere", "string_pattern_mismatch", "must be a URL (http or https) or a DOI, got 'somewhere'"),
    (Study, "outcomes", {"a": 1}, "list_type", "must be a list, e.g. [a, b], got a mapping"),
    (Study, "outcomes.0.effect", [1], "model_type", "must be a mapping of fields"),
    (Study, "outcomes.0", "x", "model_type", "got text 'x'"),
    (Study, "risk_of_bias", {"tool": "rob2", "source": "x", "domains": []}, "dict_type", "must be a mapping of fields"),
    (Study, "citation", None, "string_type", "value is empty; fill it in"),
    (RecommendationsFile, "recommendations", [], "too_short", "give at least one recommendation"),
    (RecommendationsFile, "recommendations.0.number", "1", "int_type", "write it without quotes: 1"),
    (RecommendationsFile, "recommendations.0.published_rating", "Good", "literal_error", "did you mean 'good'?"),
    (RecommendationsFile, "guide.published", "14 October 2024", "string_pattern_mismatch", "YYYY-MM-DD"),
]


@pytest.mark.parametrize(("model", "path", "value", "kind", "phrase"), CASES, ids=lambda v: v if isinstance(v, str) else "")
def test_every_error_type_reads_in_plain_words(model, path, value, kind, phrase):
    base = STUDY if model is Study else RECOMMENDATIONS
    with pytest.raises(ValidationError) as caught:
        model.model_validate(_with(base, path, value))
    assert kind in {item["type"] for item in caught.value.errors()}, "the case no longer produces its error type"
    messages = [finding.message for finding in validation_findings(caught.value, "x.yaml")]
    assert any(phrase in message for message in messages), messages
    assert not [message for message in messages if any(raw in message for raw in RAW_PHRASES)]


def test_the_table_walks_every_type_a_record_can_raise():
    kinds = {case[3] for case in CASES}
    assert kinds >= {
        "missing", "extra_forbidden", "int_type", "string_type", "bool_type", "list_type", "dict_type", "model_type",
        "literal_error", "too_short", "too_long", "string_too_short", "string_too_long", "greater_than",
        "greater_than_equal", "less_than_equal", "finite_number", "string_pattern_mismatch",
    }


@pytest.mark.parametrize(("path", "value"), [("year", "1" * 100), ("recommendations", "a b\nc" * 50)])
def test_a_hint_never_repeats_a_long_or_odd_value_whole(path, value):
    with pytest.raises(ValidationError) as caught:
        Study.model_validate(_with(STUDY, path, value))
    (message,) = [finding.message for finding in validation_findings(caught.value, "x.yaml")]
    assert "write" not in message and len(message) < 150, message


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("outcomes.0.domain", "perm\u0430nence",
         "must be a slug: lowercase letters, digits and hyphens, got 'perm\\u0430nence'; write it as 'permanence'; "
         "'perm\\u0430nence' differs from 'permanence' only in look-alike characters: "
         "U+0430 CYRILLIC SMALL LETTER A where 'a' is expected"),
        ("recommendations.0", "peer\u2010support",
         "must be a slug: lowercase letters, digits and hyphens, got 'peer\\u2010support'; write it as 'peer-support'; "
         "'peer\\u2010support' differs from 'peer-support' only in look-alike characters: U+2010 HYPHEN where '-' is expected"),
        ("design", "r\u0441t",
         "'r\\u0441t' is not a design; use rct, cluster-rct, qed, cohort, pre-post, qualitative or other; did you mean 'rct'? "
         "'r\\u0441t' differs from 'rct' only in look-alike characters: U+0441 CYRILLIC SMALL LETTER ES where 'c' is expected"),
    ],
)
def test_a_value_with_look_alike_characters_is_shown_escaped_beside_the_name_it_looks_like(path, value, expected):
    """Issue 22, item 13: a slug hint once dropped the Cyrillic a ('permnence'); a suggestion looked like the value."""
    with pytest.raises(ValidationError) as caught:
        Study.model_validate(_with(STUDY, path, value))
    (message,) = [finding.message for finding in validation_findings(caught.value, "x.yaml")]
    assert message == expected


def test_a_key_with_a_look_alike_character_is_an_unknown_field_that_names_the_key_meant():
    data = copy.deepcopy(STUDY)
    data["c\u043euntry"] = data.pop("country")
    with pytest.raises(ValidationError) as caught:
        Study.model_validate(data)
    messages = {finding.field: finding.message for finding in validation_findings(caught.value, "x.yaml")}
    assert messages["c\u043euntry"] == (
        "unknown field (check its spelling against the format); write it as 'country'; 'c\\u043euntry' differs from"
        " 'country' only in look-alike characters: U+043E CYRILLIC SMALL LETTER O where 'o' is expected"
    )
    assert messages["country"].startswith("required field is missing")

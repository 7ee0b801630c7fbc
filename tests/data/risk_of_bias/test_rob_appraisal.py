"""A whole risk_of_bias block: derived domains, disagreements and the stated overall, as findings."""

import textwrap

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kinship_evidence.data.risk_of_bias import (
    appraise,
    check_stated_overall,
    derive_appraisal,
    rob2_overall,
)
from kinship_evidence.data.risk_of_bias.rob2_questions import (
    ANSWER_VALUES,
    SIGNALLING_QUESTIONS,
)
from kinship_evidence.data.risk_of_bias.vocabulary import DOMAINS, JUDGEMENTS, TOOLS

LOW5 = dict.fromkeys(["randomisation", "deviations", "missing-data", "measurement", "reporting"], "low")


def block(text):
    return yaml.safe_load(textwrap.dedent(text))["risk_of_bias"]


def rules(result):
    return [(finding.domain, finding.rule) for finding in result.findings]


def test_the_data_format_example():
    result = appraise(
        block(
            """
            risk_of_bias:
              tool: rob2
              source: https://example.org/review
              domains:
                randomisation: low
                deviations: low
                missing-data: some-concerns
                measurement: low
                reporting: low
              answers:
                "1.1": y
                "1.2": py
                "1.3": n
              overall: some-concerns
            """
        )
    )
    assert result.findings == ()
    assert result.from_answers == ("randomisation",)
    assert result.domains["randomisation"] == "low"
    assert result.overall.overall == "some-concerns"


def test_answers_disagreeing_with_a_stated_judgement():
    # 1.2 PY, 1.1 N -> some concerns (D1 flowchart), but low is stated.
    result = derive_appraisal("rob2", LOW5, {"1.1": "n", "1.2": "py", "1.3": "n"})
    assert rules(result) == [("randomisation", "domain-disagrees")]
    message = result.findings[0].message
    assert "stated 'low' but its answers give 'some-concerns' (1.2 py, 1.1 n: some-concerns)" in message
    assert result.domains["randomisation"] == "some-concerns"
    assert result.overall.overall == "some-concerns"


def test_domain_judged_from_answers_alone():
    answers = {"5.1": "y", "5.2": "n", "5.3": "pn"}
    result = derive_appraisal("rob2", {slug: v for slug, v in LOW5.items() if slug != "reporting"}, answers)
    assert result.findings == ()
    assert result.domains["reporting"] == "low"
    assert result.overall.overall == "low"


def test_all_problems_at_once():
    result = derive_appraisal(
        "rob2",
        {"randomisation": "moderate", "bias": "low", "deviations": "low"},
        {"1.1": "yes", 2.1: "y", "9.9": "n", "3.1": "n", "4.1": "n", "4.2": "n", "4.3": "n", "4.4": "y"},
    )
    assert rules(result) == [
        ("randomisation", "invalid-judgement"),
        ("bias", "unknown-domain"),
        ("randomisation", "invalid-answer"),
        ("", "unknown-question"),
        ("", "unknown-question"),
        ("missing-data", "missing-answer"),
        ("measurement", "unused-answer"),
    ]
    assert "is asked only if Y/PY/NI to 4.3" in result.findings[-1].message
    assert "use 1.1-1.3, 2.1-2.7, 3.1-3.4, 4.1-4.5 or 5.1-5.3" in result.findings[4].message
    assert result.domains["measurement"] == "low"
    assert result.domains["missing-data"] is None
    assert result.overall.overall is None


def test_failed_answers_fall_back_to_the_stated_judgement():
    result = derive_appraisal("rob2", {"missing-data": "high"}, {"3.1": "n"})
    assert rules(result) == [("missing-data", "missing-answer")]
    assert result.domains["missing-data"] == "high"
    assert result.from_answers == ()
    assert result.overall.overall == "high"


def test_answers_only_for_rob2_and_mappings_only():
    assert rules(derive_appraisal("robins-i", {}, {"1.1": "y"})) == [("", "answers-need-rob2")]
    assert rules(derive_appraisal("rob2", ["low"], ["y"])) == [("", "domains-not-mapping"), ("", "answers-not-mapping")]
    assert rules(derive_appraisal("rob3")) == [("", "unknown-tool")]


# --- the stated overall
def test_stated_overall_must_equal_the_derived_one_unless_overridden():
    derived = rob2_overall({**LOW5, "deviations": "some-concerns", "measurement": "some-concerns"})
    assert check_stated_overall("rob2", derived, "some-concerns") == ()
    (finding,) = check_stated_overall("rob2", derived, "low")
    assert finding.rule == "overall-disagrees" and finding.domain == "overall"
    assert "stated 'low' but the domain judgements give 'some-concerns'" in finding.message
    # Several domains with some concerns judged high, as RoB 2 allows, with a reason.
    assert check_stated_overall("rob2", derived, "high", "concerns in two domains lower confidence") == ()
    assert check_stated_overall("rob2", derived, "high", "   ")[0].rule == "overall-disagrees"


def test_stated_overall_other_cases():
    derived = rob2_overall(LOW5)
    assert check_stated_overall("rob2", derived, None) == ()
    assert check_stated_overall("rob2", derived, None, "why")[0].rule == "override-unneeded"
    assert check_stated_overall("rob2", derived, "low", "why")[0].rule == "override-unneeded"
    invalid = check_stated_overall("rob2", derived, "serious")[0]
    assert invalid.rule == "invalid-judgement" and "use low, some-concerns or high" in invalid.message
    # Undetermined overall: a stated overall cannot be checked, so it stands.
    assert check_stated_overall("rob2", rob2_overall({"randomisation": "low"}), "low") == ()
    assert check_stated_overall("rob2", None, "low") == ()


def test_appraise_checks_the_overall():
    result = appraise({"tool": "robins-i", "domains": dict.fromkeys(
        ["confounding", "selection", "classification", "deviations", "missing-data", "measurement", "reporting"],
        "low",
    ), "overall": "moderate"})
    assert rules(result) == [("overall", "overall-disagrees")]


def test_appraise_external_and_unknown_tool():
    clearinghouse = {"tool": "external", "body": "Title IV-E Prevention Services Clearinghouse", "rating": "high"}
    assert appraise(clearinghouse).findings == ()
    result = appraise({"tool": "external", "rating": "strong", "domains": {"x": "low"}})
    assert rules(result) == [("", "invalid-rating"), ("", "missing-body"), ("", "external-has-no-domains")]
    assert "use high, moderate or low" in result.findings[0].message
    assert rules(appraise({"tool": None})) == [("", "unknown-tool")]


# --- anything YAML can hold gives findings, never an exception
WORDS = sorted(
    {*TOOLS, *ANSWER_VALUES, *SIGNALLING_QUESTIONS, "1.9", "Y", "yes", "", *(s for d in DOMAINS.values() for s in d)}
    | {value for values in JUDGEMENTS.values() for value in values}
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.sampled_from(WORDS))
YAML_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(SCALARS, inner, max_size=4)),
    max_leaves=12,
)
KEYS = ("tool", "source", "domains", "answers", "overall", "override_reason", "body", "rating")


@settings(max_examples=500)
@given(st.dictionaries(st.sampled_from(KEYS), YAML_VALUES), st.sampled_from(TOOLS))
def test_appraise_never_raises(block, tool):
    for candidate in (block, {**block, "tool": tool}):
        result = appraise(candidate)
        assert all(isinstance(finding.message, str) and finding.rule for finding in result.findings)


# --- issue 22, item 2: an overall better than its domains, and fields of another tool ---------------

CONTRADICTED = {
    "robins-i, one serious domain, overall low": {"tool": "robins-i", "domains": {"confounding": "serious"}, "overall": "low"},
    "rob2, one some-concerns domain, overall low": {"tool": "rob2", "domains": {"deviations": "some-concerns"}, "overall": "low"},
    "rob2, complete, overridden to low": {
        "tool": "rob2", "domains": {**LOW5, "deviations": "some-concerns"}, "overall": "low", "override_reason": "because",
    },
    "rob1, one unclear key domain, overall low": {
        "tool": "rob1", "domains": {"sequence-generation": "unclear"}, "overall": "low",
    },
    "robins-i, moderate stated over a critical domain": {
        "tool": "robins-i", "domains": {"measurement": "critical"}, "overall": "moderate", "override_reason": "why",
    },
}


def test_a_stated_overall_better_than_a_judged_domain_being_accepted_is_fixed():
    from kinship_evidence.data.models import Study
    from kinship_evidence.rating.frameworks import bundled_frameworks
    from kinship_evidence.rating.quality import study_quality

    frameworks = bundled_frameworks().values()
    for name, stated in CONTRADICTED.items():
        result = appraise({**stated, "source": "a reviewer"})
        assert ("overall", "overall-too-favourable") in rules(result), name
        (finding,) = [f for f in result.findings if f.rule == "overall-too-favourable"]
        assert repr(stated["overall"]) in finding.message and "worst domain" in finding.message
        study = Study.model_validate({
            "id": "s", "citation": "S (2020).", "year": 2020, "source": "https://example.org/s", "country": "US",
            "design": "rct", "recommendations": ["rec"], "risk_of_bias": {**stated, "source": "a reviewer"},
            "outcomes": [{"domain": "d", "description": "d", "favourable": "higher", "finding": "favourable"}],
        })
        assert study.problems(), name  # a located error of the record
        for framework in frameworks:  # and never rated high quality, whatever reads the model
            assert study_quality(study, framework).quality != "high", (name, framework.id)
    assert ("overall", "overall-too-favourable") not in rules(appraise({  # an override may make it worse
        "tool": "rob2", "source": "r", "domains": {**LOW5, "deviations": "some-concerns", "measurement": "some-concerns"},
        "overall": "high", "override_reason": "two domains of concerns lower confidence",
    }))


def test_fields_of_another_tool_being_silently_ignored_is_fixed():
    result = appraise({"tool": "rob2", "source": "r", "domains": LOW5, "rating": "low", "body": "a clearinghouse"})
    found = [(f.rule, f.field) for f in result.findings]
    assert ("field-of-another-tool", "rating") in found and ("field-of-another-tool", "body") in found
    (rating,) = [f for f in result.findings if f.field == "rating"]
    assert "rating belongs to tool external" in rating.message
    robins = appraise({"tool": "robins-i", "source": "r", "domains": {"confounding": "low"}, "rating": "high"})
    assert ("field-of-another-tool", "rating") in [(f.rule, f.field) for f in robins.findings]


def test_findings_pointing_at_the_block_not_the_answer_is_fixed():
    answers = {"1.1": "yes-ish", "9.9": "y"}
    result = appraise({"tool": "rob2", "source": "r", "answers": answers, "domains": {"missing-data": "lowish"}})
    assert {f.field for f in result.findings} >= {'answers."1.1"', 'answers."9.9"', "domains.missing-data"}

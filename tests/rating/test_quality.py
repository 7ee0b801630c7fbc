"""A study's quality and its basis in words (rating.quality), as ``explain`` and the JSON show them.
Added for the mutation run of issue 21."""

from __future__ import annotations

from kinship_evidence.rating.frameworks import bundled_frameworks
from kinship_evidence.rating.quality import outcome_quality, stated_quality_disagrees, study_quality, worst

KINSHIP = bundled_frameworks()["foundations-kinship-2024"]
ROB2_DOMAINS = ("randomisation", "deviations", "missing-data", "measurement", "reporting")


def _rob2(missing="low"):
    domains = dict.fromkeys(ROB2_DOMAINS, "low") | {"missing-data": missing}
    return {"tool": "rob2", "source": "A made-up appraisal.", "domains": domains}


INCOMPLETE_ROB1 = {"tool": "rob1", "source": "A review table, two rows read.", "domains": {"sequence-generation": "unclear", "incomplete-outcome-data": "low"}}
ROB1_GAP = (
    "undetermined: D2 allocation-concealment, D3 blinding-participants, D4 blinding-outcome-assessment, "
    "D6 selective-reporting and D7 other-bias not judged; the overall needs every key domain"
)


def _quality(rating_kit, **fields):
    study = rating_kit.study("s", rating_kit.finding("favourable"), **fields)
    return study, study_quality(study, KINSHIP)


def test_a_complete_appraisal_maps_through_the_framework(rating_kit) -> None:
    study, basis = _quality(rating_kit, quality=None, risk_of_bias=_rob2("high"))
    assert (basis.quality, basis.kind, basis.basis) == ("low", "appraised", "RoB 2 overall high -> low (foundations-kinship-2024)")
    assert basis.appraisal is study.risk_of_bias
    assert basis.is_appraised


def test_an_incomplete_appraisal_without_a_quality_is_not_appraised_and_says_what_is_missing(rating_kit) -> None:
    study, basis = _quality(rating_kit, quality=None, risk_of_bias=INCOMPLETE_ROB1)
    assert (basis.quality, basis.kind) == ("not-appraised", "not-appraised")
    assert basis.basis == f"not appraised: the recorded RoB 1 appraisal is incomplete ({ROB1_GAP})"
    assert basis.appraisal is study.risk_of_bias
    assert not basis.is_appraised


def test_an_incomplete_appraisal_beside_a_stated_quality_keeps_the_stated_quality(rating_kit) -> None:
    study, basis = _quality(rating_kit, quality="moderate", risk_of_bias=INCOMPLETE_ROB1)
    assert (basis.quality, basis.kind) == ("moderate", "stated")
    assert basis.basis == f"quality moderate stated, not appraised: the recorded RoB 1 appraisal is incomplete ({ROB1_GAP})"
    assert basis.appraisal is study.risk_of_bias


def test_an_incomplete_appraisal_beside_not_appraised_is_not_appraised(rating_kit) -> None:
    _, basis = _quality(rating_kit, quality="not-appraised", risk_of_bias=INCOMPLETE_ROB1)
    assert (basis.quality, basis.kind) == ("not-appraised", "not-appraised")
    assert basis.basis == "not appraised (quality: not-appraised)"


def test_an_external_rating_without_a_rating_has_no_overall_judgement(rating_kit) -> None:
    block = {"tool": "external", "source": "https://example.org/c", "body": "A clearinghouse"}
    _, basis = _quality(rating_kit, quality=None, risk_of_bias=block)
    assert basis.basis == "not appraised: the recorded external rating appraisal is incomplete (no overall judgement)"


def test_an_external_rating_is_its_own_kind_of_basis(rating_kit) -> None:
    block = {"tool": "external", "source": "https://example.org/c", "body": "A clearinghouse", "rating": "moderate"}
    study, basis = _quality(rating_kit, quality=None, risk_of_bias=block)
    assert (basis.quality, basis.kind, basis.basis) == ("moderate", "external", "A clearinghouse: study rated moderate -> moderate")
    assert basis.appraisal is study.risk_of_bias
    assert basis.is_appraised


def test_an_overall_the_framework_does_not_map_is_not_appraised(rating_kit) -> None:
    """ROBINS-I 'no-information' maps to not-appraised: the kind says so too."""
    domains = dict.fromkeys(
        ("confounding", "selection", "classification", "deviations", "missing-data", "measurement", "reporting"), "no-information"
    )
    block = {"tool": "robins-i", "source": "A made-up appraisal.", "domains": domains, "overall": "no-information"}
    framework = KINSHIP.model_copy(update={"quality_from_appraisal": {**KINSHIP.quality_from_appraisal, "robins-i": {"low": "high"}}})
    study = rating_kit.study("s", rating_kit.finding("favourable"), design="qed", quality=None, risk_of_bias=block)
    basis = study_quality(study, framework)
    overall = study.risk_of_bias.overall_judgement
    assert overall is not None and overall != "low"
    assert (basis.quality, basis.kind) == ("not-appraised", "not-appraised")
    assert basis.basis == f"ROBINS-I overall {overall} -> not-appraised (foundations-kinship-2024)"


def test_a_tool_the_framework_does_not_map_gives_not_appraised(rating_kit) -> None:
    framework = KINSHIP.model_copy(update={"quality_from_appraisal": {}})
    study = rating_kit.study("s", rating_kit.finding("favourable"), quality=None, risk_of_bias=_rob2())
    basis = study_quality(study, framework)
    assert (basis.quality, basis.kind) == ("not-appraised", "not-appraised")


def test_a_stated_quality_alone_is_stated(rating_kit) -> None:
    _, basis = _quality(rating_kit, quality="moderate")
    assert (basis.quality, basis.kind, basis.basis, basis.appraisal) == ("moderate", "stated", "quality moderate stated, not appraised", None)
    _, basis = _quality(rating_kit, quality="not-appraised")
    assert (basis.quality, basis.kind, basis.basis) == ("not-appraised", "not-appraised", "not appraised (quality: not-appraised)")


def test_an_outcome_without_its_own_appraisal_takes_the_study_quality(rating_kit) -> None:
    study = rating_kit.study("s", rating_kit.finding("favourable"), quality=None, risk_of_bias=_rob2("high"))
    assert outcome_quality(study.outcomes[0], study, KINSHIP) == study_quality(study, KINSHIP)
    own = rating_kit.study("t", {**rating_kit.finding("favourable"), "risk_of_bias": _rob2()}, quality=None, risk_of_bias=_rob2("high"))
    assert outcome_quality(own.outcomes[0], own, KINSHIP).quality == "high"


def test_a_stated_quality_the_appraisal_contradicts_is_named(rating_kit) -> None:
    study = rating_kit.study("s", rating_kit.finding("favourable"), quality="moderate", risk_of_bias=_rob2())
    assert stated_quality_disagrees(study, KINSHIP) == (
        "quality is stated 'moderate' but the risk_of_bias appraisal gives 'high' "
        "(RoB 2 overall low -> high (foundations-kinship-2024)); remove quality, or correct it"
    )
    agreeing = rating_kit.study("s", rating_kit.finding("favourable"), quality="high", risk_of_bias=_rob2())
    assert stated_quality_disagrees(agreeing, KINSHIP) is None


def test_worst_quality_is_the_lowest_in_the_order() -> None:
    assert worst(["high", "low", "moderate"]) == "low"
    assert worst(["moderate", "high"]) == "moderate"
    assert worst(["high", "not-appraised", "low"]) == "not-appraised"

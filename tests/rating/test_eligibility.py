"""Which studies a framework lets count: an explicit country list admits exactly its countries."""

from __future__ import annotations

from kinship_evidence.data.models import Study
from kinship_evidence.rating.eligibility import exclusion_reason
from kinship_evidence.rating.frameworks import bundled_frameworks


def _study(country: str) -> Study:
    return Study.model_validate({
        "id": "s", "citation": "S et al.", "year": 2010, "source": "https://example.org/s", "country": country,
        "design": "rct", "quality": "high", "recommendations": ["rec"],
        "outcomes": [{"domain": "permanence", "description": "d", "favourable": "higher", "finding": "favourable"}],
    })


def _framework_with_countries(countries):
    framework = bundled_frameworks()["foundations-kinship-2024"]
    eligibility = framework.eligibility.model_copy(update={"countries": countries})
    return framework.model_copy(update={"eligibility": eligibility})


def test_an_explicit_country_list_admits_its_countries_and_no_other():
    framework = _framework_with_countries(["GB", "IE"])
    assert exclusion_reason(_study("GB"), framework) is None
    assert exclusion_reason(_study("IE"), framework) is None
    assert exclusion_reason(_study("US"), framework) == "country US is not an eligible country"


def test_any_country_and_high_income_differ():
    assert exclusion_reason(_study("IN"), _framework_with_countries("any")) is None
    assert exclusion_reason(_study("IN"), _framework_with_countries("high-income")) == "country IN is not a high-income country"
    assert exclusion_reason(_study("US"), _framework_with_countries("high-income")) is None


def test_a_framework_requiring_an_appraisal_excludes_a_stated_quality_saying_so():
    framework = bundled_frameworks()["foundations-kinship-2024"]
    framework = framework.model_copy(update={"eligibility": framework.eligibility.model_copy(update={"require_appraisal": True})})
    assert exclusion_reason(_study("US"), framework) == (
        "quality stated, not appraised: this framework requires a recorded risk_of_bias appraisal"
    )

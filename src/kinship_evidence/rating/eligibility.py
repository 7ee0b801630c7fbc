"""Which studies a framework lets count: design, country and quality."""

from __future__ import annotations

from kinship_evidence.data.models import Study
from kinship_evidence.rating.countries import high_income_countries
from kinship_evidence.rating.frameworks import Framework
from kinship_evidence.rating.quality import QualityBasis, study_quality


def country_allowed(country: str, framework: Framework) -> bool:
    """Whether the framework's eligibility covers ``country``."""
    allowed = framework.eligibility.countries
    if allowed == "any":
        return True
    if allowed == "high-income":
        return country in high_income_countries()
    return country in allowed


def exclusion_reason(study: Study, framework: Framework) -> str | None:
    """Why the study cannot count under ``framework`` whatever it measured (design, country, appraisal)."""
    rules = framework.eligibility
    if study.design not in rules.designs:
        return f"design {study.design} is not experimental here ({', '.join(rules.designs)})"
    if not country_allowed(study.country, framework):
        where = "a high-income country" if rules.countries == "high-income" else "an eligible country"
        return f"country {study.country} is not {where}"
    if rules.require_appraisal and not study_quality(study, framework).is_appraised:
        return "quality stated, not appraised: this framework requires a recorded risk_of_bias appraisal"
    return None


def quality_reason(quality: QualityBasis, framework: Framework) -> str | None:
    """Why evidence of this quality cannot count (None when it can)."""
    allowed = framework.eligibility.qualities
    if quality.quality in allowed:
        return None
    if quality.quality == "not-appraised":
        return f"{quality.basis}: excluded until it is appraised"
    return f"quality {quality.quality} is below {' or '.join(allowed)} ({quality.basis})"

"""Which studies a framework lets count: design, country and quality."""

from __future__ import annotations

from kinship_evidence.data.models import Study
from kinship_evidence.rating.countries import high_income_countries
from kinship_evidence.rating.frameworks import Framework


def _country_allowed(country: str, framework: Framework) -> bool:
    allowed = framework.eligibility.countries
    if allowed == "any":
        return True
    if allowed == "high-income":
        return country in high_income_countries()
    return country in allowed


def exclusion_reason(study: Study, framework: Framework) -> str | None:
    rules = framework.eligibility
    if study.design not in rules.designs:
        return f"design {study.design} is not experimental here ({', '.join(rules.designs)})"
    if not _country_allowed(study.country, framework):
        where = "a high-income country" if rules.countries == "high-income" else "an eligible country"
        return f"country {study.country} is not {where}"
    if study.quality not in rules.qualities:
        return f"quality {study.quality} is below {' or '.join(rules.qualities)}"
    return None

"""``frameworks`` as text: each rule set with its GRADE rules in words, from its own parameters."""

from __future__ import annotations

from kinship_evidence.rating.certainty.rules import InconsistencyRule
from kinship_evidence.rating.frameworks import bundled_frameworks
from kinship_evidence.reports.frameworks import format_text

DOMAIN_KEYS = ("start", "risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias", "large_effect")


def _certainty_block(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("  certainty (GRADE):")
    return [line for line in lines[start + 1:] if line.startswith("    ")]


def test_each_rule_set_lists_its_certainty_rules_by_domain():
    kinship = bundled_frameworks()["foundations-kinship-2024"]
    block = _certainty_block(format_text([kinship]))
    assert [line.split(":")[0].strip() for line in block] == list(DOMAIN_KEYS)
    assert block == [f"    {key}: {words}" for key, words in kinship.certainty.describe().items()]


def test_a_rule_sets_own_thresholds_show():
    kinship = bundled_frameworks()["foundations-kinship-2024"]
    stricter = kinship.model_copy(
        update={"certainty": kinship.certainty.model_copy(update={"inconsistency": InconsistencyRule(serious_i2=0.4, min_studies=4)})}
    )
    inconsistency = next(line for line in _certainty_block(format_text([stricter])) if "inconsistency:" in line)
    assert "not assessable below 4 studies; -1 when I^2 >= 40%" in inconsistency
    assert "I^2 >= 50%" in next(line for line in _certainty_block(format_text([kinship])) if "inconsistency:" in line)

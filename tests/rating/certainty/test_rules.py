"""CertaintyRules.describe: each rule in words, from its own parameters (non-default values, so that a
word taken from anywhere but the parameter would show)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from kinship_evidence.rating.certainty.rules import (
    CertaintyRules,
    ImprecisionRule,
    InconsistencyRule,
    IndirectnessRule,
    LargeEffectRule,
    PublicationBiasRule,
    RiskOfBiasRule,
)

RULES = CertaintyRules(
    randomised=["rct", "qed"],
    risk_of_bias=RiskOfBiasRule(unappraised_score=1.5, down_one_at=0.75, down_two_at=1.25),
    inconsistency=InconsistencyRule(min_studies=4, serious_i2=0.4, very_serious_i2=0.8, prediction="z"),
    indirectness=IndirectnessRule(down_one_share=0.3),
    imprecision=ImprecisionRule(continuous_ois=300, relative_risk_reduction=0.2, alpha=0.01, power=0.9),
    publication_bias=PublicationBiasRule(min_studies=8, p_below=0.05),
    large_effect=LargeEffectRule(up_one_ratio=2.5, up_two_ratio=6),
)


def test_each_rule_in_words_from_its_parameters() -> None:
    assert RULES.describe() == {
        "start": "high when studies of randomised designs (rct, qed) carry most of the information, else low",
        "risk_of_bias": (
            "each study scored low 0, some concerns 1, high 2 (not appraised: 1.5), averaged with its share of the "
            "pooled weight (of participants when not pooled); -1 from 0.75, -2 from 1.25"
        ),
        "inconsistency": (
            "not assessable below 4 studies; -1 when I^2 >= 40% and the prediction interval (z) crosses no effect, "
            "-2 when I^2 >= 80%; a narrative synthesis: -1 when studies point both ways"
        ),
        "indirectness": (
            "-1 when studies outside the rule set's countries carry more than 30% of the information; "
            "otherwise not assessed: reviewer judgement"
        ),
        "imprecision": (
            "one level for a 95% CI that includes no effect (with a MID: each of -MID and +MID inside the CI), "
            "one for information below the OIS (continuous: 300 participants; binary: the events of a two-arm trial "
            "powered 90% at alpha 0.01 for a 20% relative risk reduction from the comparator risk); at most -2"
        ),
        "publication_bias": "Egger's regression test with at least 8 pooled studies, -1 when p < 0.05; otherwise not assessable",
        "large_effect": (
            "+1 for a pooled OR or RR beyond 2.5 (or below 1/2.5) with its CI clear of 1, +2 beyond 6, only for "
            "evidence that starts low and is rated down in no domain"
        ),
    }


def test_the_robins_i_start_and_a_disabled_upgrade_in_words() -> None:
    words = CertaintyRules(robins_i_starts_high=True, large_effect=LargeEffectRule(enabled=False)).describe()
    assert words["start"] == ("high when studies of randomised designs (rct, cluster-rct) carry most of the "
                              "information, else low; ROBINS-I-appraised studies count as starting high")
    assert words["large_effect"] == "not used"


@pytest.mark.parametrize("method", ["z", "t-k1", "t-k2"])
def test_inconsistency_judges_a_prediction_interval(method: str) -> None:
    assert InconsistencyRule(prediction=method).prediction == method


def test_inconsistency_cannot_judge_no_prediction_interval() -> None:
    # "none" used to validate, and a body of three pooled studies then stopped on an assertion in inconsistency()
    with pytest.raises(ValidationError, match="prediction"):
        InconsistencyRule(prediction="none")


def test_a_rule_set_file_choosing_no_prediction_interval_is_a_finding_at_its_line(tmp_path: Path) -> None:
    from kinship_evidence.data.records import validate_file
    from kinship_evidence.rating.frameworks import RULE_SETS_DIR, Framework

    data = yaml.safe_load((RULE_SETS_DIR / "foundations-kinship-2024.yaml").read_text())
    data.setdefault("certainty", {}).setdefault("inconsistency", {})["prediction"] = "none"
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data))
    framework, findings = validate_file(path, str(path), Framework)
    assert framework is None
    assert [(f.field, f.message) for f in findings] == [
        ("certainty.inconsistency.prediction", "'none' is not an allowed value; use z, t-k1 or t-k2")]

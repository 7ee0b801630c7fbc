"""PoolingMethods and MethodOverrides: strings parsed into the method choices, refused with every allowed
value named, described for humans, and a user's choices laid over a rule set's."""

from __future__ import annotations

import pytest

from kinship_evidence.stats.errors import PoolingError
from kinship_evidence.stats.methods import (
    CIMethod,
    Estimator,
    I2Method,
    MethodOverrides,
    PoolingMethods,
    PredictionMethod,
)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("estimator", "unknown estimator 'x'; expected one of 'reml', 'dl', 'pm'"),
        ("ci", "unknown confidence-interval method 'x'; expected one of 'wald', 'hksj', 'hksj-adhoc'"),
        ("prediction", "unknown prediction-interval method 'x'; expected one of 'none', 'z', 't-k1', 't-k2'"),
        ("i2", "unknown I^2 definition 'x'; expected one of 'tau2', 'q'"),
    ],
)
def test_an_unknown_choice_names_every_allowed_value(field: str, message: str) -> None:
    with pytest.raises(PoolingError) as raised:
        PoolingMethods(**{field: "x"})  # type: ignore[arg-type]
    assert str(raised.value) == message


def test_strings_are_parsed_into_the_choices() -> None:
    methods = PoolingMethods("dl", "hksj", "t-k2", "q")  # type: ignore[arg-type]
    assert (methods.estimator, methods.ci, methods.prediction, methods.i2) == (
        Estimator.DL, CIMethod.HKSJ, PredictionMethod.T_K2, I2Method.Q)
    assert methods.describe() == ("DerSimonian-Laird, Hartung-Knapp-Sidik-Jonkman t CI, "
                                  "t(k-2) prediction interval (Higgins-Thompson-Spiegelhalter, model-based se), Q-based I^2")
    assert PoolingMethods().describe() == "REML, Wald z CI"


def test_overrides_are_parsed_and_laid_over_the_rule_sets_methods() -> None:
    overrides = MethodOverrides(estimator="pm", prediction="z")  # type: ignore[arg-type]
    assert (overrides.estimator, overrides.ci, overrides.prediction) == (Estimator.PM, None, PredictionMethod.Z)
    assert isinstance(overrides.estimator, Estimator)
    rule_set = PoolingMethods(Estimator.DL, CIMethod.HKSJ_ADHOC, PredictionMethod.T_K1, I2Method.Q)
    assert overrides.applied_to(rule_set) == PoolingMethods(Estimator.PM, CIMethod.HKSJ_ADHOC, PredictionMethod.Z,
                                                            I2Method.Q)
    assert MethodOverrides(ci="hksj").applied_to(rule_set) == PoolingMethods(  # type: ignore[arg-type]
        Estimator.DL, CIMethod.HKSJ, PredictionMethod.T_K1, I2Method.Q)
    assert MethodOverrides().applied_to(rule_set) == rule_set
    with pytest.raises(PoolingError, match="unknown estimator 'x'"):
        MethodOverrides(estimator="x")  # type: ignore[arg-type]

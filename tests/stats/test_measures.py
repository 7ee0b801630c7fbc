"""An effect size's own checks (stats.measures): every invalid one is refused, saying why.
Added for the mutation run of issue 21."""

from __future__ import annotations

import math

import pytest

from kinship_evidence.stats.errors import EffectError
from kinship_evidence.stats.measures import EffectSize


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (("xx", 0.1, 0.1), "unknown effect scale 'xx'; expected one of ('log-odds-ratio', 'log-risk-ratio', 'risk-difference', 'smd', 'mean-difference')"),
        (("smd", math.inf, 0.1), "effect estimate must be finite, got inf"),
        (("smd", 0.1, 0.0), "sampling variance is 0: the standard error is too small for floating point (its square underflows) or zero; it must be > 0"),
        (("smd", 0.1, math.inf), "sampling variance must be finite and > 0, got inf"),
        (("smd", 0.1, math.nan), "sampling variance must be finite and > 0, got nan"),
        (("smd", 0.1, -1.0), "sampling variance must be finite and > 0, got -1.0"),
    ],
)
def test_an_invalid_effect_size_is_refused_saying_why(fields, message) -> None:
    with pytest.raises(EffectError) as caught:
        EffectSize(*fields)
    assert str(caught.value) == message

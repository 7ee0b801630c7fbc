"""Egger's regression test against metafor (reference/egger_reference.json, from egger_reference.R).

Every set: ``regtest(rma(yi, vi, method="FE"), model="lm", predictor="sei")`` in metafor 3.8-1,
``res$zval``, ``res$dfs``, ``res$pval`` and ``res$est``, compared to 1e-6.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from kinship_evidence.stats.errors import PoolingError
from kinship_evidence.stats.publication_bias import egger_test

REFERENCE = json.loads((Path(__file__).parent / "reference" / "egger_reference.json").read_text())


def test_reference_is_metafor_regtest() -> None:
    assert REFERENCE["metafor"].startswith("3.8")
    assert 'model = \\"lm\\"' in json.dumps(REFERENCE["call"]) and "sei" in REFERENCE["call"]
    assert len(REFERENCE["sets"]) >= 15


@pytest.mark.parametrize("case", REFERENCE["sets"], ids=lambda case: case["name"])
def test_egger_equals_metafor(case: dict) -> None:
    result = egger_test(case["yi"], case["vi"])
    assert result.df == case["df"]
    assert result.t == pytest.approx(case["t"], rel=1e-6, abs=1e-6)
    assert result.p == pytest.approx(case["p"], rel=1e-6, abs=1e-9)
    assert result.limit == pytest.approx(case["limit"], rel=1e-6, abs=1e-6 * max(1.0, abs(case["limit"])))


def test_bcg_published_value() -> None:
    """metafor's documentation of regtest on dat.bcg (log RR): t = -1.4013, df = 11, p = 0.1887."""
    bcg = REFERENCE["sets"][0]
    result = egger_test(bcg["yi"], bcg["vi"])
    assert (round(result.t, 4), result.df, round(result.p, 4)) == (-1.4013, 11, 0.1887)


def test_symmetric_funnel_has_no_asymmetry() -> None:
    ses = [0.1, 0.2, 0.3, 0.1, 0.2, 0.3]
    ys = [0.3 + 0.1, 0.3 + 0.2, 0.3 + 0.3, 0.3 - 0.1, 0.3 - 0.2, 0.3 - 0.3]
    result = egger_test(ys, [s * s for s in ses])
    assert math.isclose(result.t, 0.0, abs_tol=1e-9) and result.p == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("ys", "vs", "message"),
    [
        ([0.1, 0.2], [0.01, 0.02], "at least 3"),
        ([0.1, 0.2, 0.3], [0.01, 0.02], "variances"),
        ([0.1, 0.2, 0.3], [0.01, 0.0, 0.02], "positive"),
        ([0.1, 0.2, 0.3], [0.01, 0.01, 0.01], "differ"),
        ([0.1, 0.2, float("nan")], [0.01, 0.02, 0.03], "finite"),
    ],
)
def test_invalid_input_is_a_pooling_error(ys: list[float], vs: list[float], message: str) -> None:
    with pytest.raises(PoolingError, match=message):
        egger_test(ys, vs)


def test_non_finite_input_message_in_full() -> None:
    with pytest.raises(PoolingError) as raised:
        egger_test([0.1, 0.2, 0.3], [0.01, float("inf"), 0.03])
    assert str(raised.value) == "Egger's test needs finite estimates and positive finite variances"


def test_effects_exactly_on_a_line_leave_the_test_undefined() -> None:
    # every effect 0: slope 0 with no residual, so se(b1) = 0 and t would be 0 / 0
    with pytest.raises(PoolingError) as raised:
        egger_test([0.0, 0.0, 0.0, 0.0], [0.01, 0.04, 0.09, 0.16])
    assert str(raised.value) == "Egger's test is undefined: the effects lie exactly on a line in their standard errors"

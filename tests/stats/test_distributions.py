"""Pure-Python distribution functions against R (reference/distributions.json, from metafor_reference.R)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from kinship_evidence.stats.distributions import pchisq, pt, qchisq, qnorm, qt
from kinship_evidence.stats.effects import Z95

REFERENCE = json.loads((Path(__file__).parent / "reference" / "distributions.json").read_text())
REL = 1e-12


@pytest.fixture(autouse=True)
def _computed_not_cached() -> Iterator[None]:
    """Each test computes its quantiles: qnorm, qt and qchisq keep their results across calls, and a
    result cached by an earlier test (or by the process a mutation run forks from) would hide the solver."""
    for function in (qnorm, qt, qchisq):
        function.cache_clear()
    yield


def _close(ours: float, ref: float, rel: float = REL) -> bool:
    return abs(ours - ref) <= rel * abs(ref) + 1e-300


@pytest.mark.parametrize("row", REFERENCE["qt"], ids=lambda row: f"df={row['df']}")
def test_qt(row) -> None:
    for p, value in zip(row["p"], row["value"]):
        assert _close(qt(p, row["df"]), value), (p, row["df"], qt(p, row["df"]), value)


@pytest.mark.parametrize("row", REFERENCE["qchisq"], ids=lambda row: f"df={row['df']}")
def test_qchisq(row) -> None:
    for p, value in zip(row["p"], row["value"]):
        assert _close(qchisq(p, row["df"]), value), (p, row["df"], qchisq(p, row["df"]), value)


@pytest.mark.parametrize("row", REFERENCE["pchisq"], ids=lambda row: f"df={row['df']}")
def test_pchisq(row) -> None:
    for x, lower, upper in zip(row["x"], row["lower"], row["upper"]):
        assert _close(pchisq(x, row["df"]), lower, 1e-12), (x, row["df"])
        assert _close(pchisq(x, row["df"], lower_tail=False), upper, 1e-12), (x, row["df"])


@pytest.mark.parametrize("row", REFERENCE["pt"], ids=lambda row: f"df={row['df']}")
def test_pt(row) -> None:
    for x, upper in zip(row["x"], row["upper"]):
        assert _close(pt(x, row["df"], lower_tail=False), upper, 1e-12), (x, row["df"])
        assert _close(pt(-x, row["df"]), upper, 1e-12), (x, row["df"])


def test_qnorm() -> None:
    assert qnorm(0.975) == pytest.approx(Z95, rel=1e-15)
    assert qnorm(0.025) == pytest.approx(-Z95, rel=1e-15)
    assert qnorm(0.5) == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize("function", [qt, qchisq])
@pytest.mark.parametrize("p", [0.0, 1.0, -0.1, float("nan")])
def test_quantiles_reject_probabilities_outside_0_1(function, p) -> None:
    with pytest.raises(ValueError):
        function(p, 3)


@pytest.mark.parametrize("df", [1, 3, 7.5, 40])
def test_distribution_functions_at_their_ends(df: float) -> None:
    assert (pchisq(0.0, df), pchisq(0.0, df, lower_tail=False)) == (0.0, 1.0)
    assert (pchisq(-1.0, df), pchisq(math.inf, df), pchisq(math.inf, df, lower_tail=False)) == (0.0, 1.0, 0.0)
    assert pt(0.0, df) == 0.5 and pt(0.0, df, lower_tail=False) == 0.5
    assert (pt(math.inf, df), pt(-math.inf, df), pt(math.inf, df, lower_tail=False)) == (1.0, 0.0, 0.0)


@pytest.mark.parametrize("row", REFERENCE["pt"], ids=lambda row: f"df={row['df']}")
def test_pt_lower_tail_of_a_positive_t(row) -> None:
    for x, upper in zip(row["x"], row["upper"]):
        if x > 0:
            assert pt(x, row["df"]) == pytest.approx(1.0 - upper, rel=1e-12), (x, row["df"])

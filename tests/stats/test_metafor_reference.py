"""Every estimator x CI x prediction-interval combination against R metafor 3.8.

The fixture ``reference/metafor_reference.json`` is written by
``reference/metafor_reference.R`` (committed; CI has no R), which records the
metafor version and, per fit, the exact call used. Fields are compared to
``1e-6 * max(1, |ref|)`` as they are, and again after dividing by the set's unit (its ``scale`` for
location fields, ``scale^2`` for tau^2 and its CI; 1 for Q, p, I^2, H^2,
weights and the log-likelihood), so a set multiplied by 1e-7 is held to the
same relative standard as one at unit scale. Prediction intervals are metafor's ``predict()``
(``pi.type="t"``/``"riley"`` for t(k-1)/t(k-2) after ``test="z"``); only ``z`` after the HKSJ
tests is by hand in the R script.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from kinship_evidence.stats.meta_analysis import pool
from kinship_evidence.stats.methods import (
    CI_METHODS,
    ESTIMATORS,
    PREDICTION_METHODS,
    PoolingMethods,
)

REFERENCE = json.loads((Path(__file__).parent / "reference" / "metafor_reference.json").read_text())
#: the hard sets of issue 20 are compared with the 40-digit reference (test_hard_reference.py),
#: and with metafor where metafor agrees with it; every other set with metafor here
SETS = [s for s in REFERENCE["sets"] if not s["kind"].startswith("hard")]
TOL = 1e-6


def _close(name: str, ours, ref, unit: float, where: str) -> None:
    if ref is None:
        assert ours is None, f"{where}: {name} should be None, got {ours!r}"
        return
    assert ours is not None, f"{where}: {name} is None, metafor gives {ref!r}"
    # the brief's tolerance, 1e-6 * max(1, |ref|), on the values as they are ...
    assert abs(ours - ref) <= TOL * max(1.0, abs(ref)), f"{where}: {name} {ours!r} vs metafor {ref!r}"
    # ... and, in units of the set's scale, the same relative standard at every scale
    a, b = ours / unit, ref / unit
    assert abs(a - b) <= TOL * max(1.0, abs(b)), f"{where}: {name} {ours!r} vs metafor {ref!r} (in units of {unit})"


def test_fixture_is_from_metafor() -> None:
    assert REFERENCE["metafor_version"].startswith("3.8")
    assert len(SETS) >= 200
    kinds = {s["kind"] for s in SETS}
    assert {"published", "bimodal", "boundary", "huge-scale", "bimodal rescaled"} <= kinds
    assert sum(s["reml_local_maxima"] > 1 for s in SETS) >= 20  # bimodal restricted likelihoods
    assert sum(s["fits"]["reml"]["tau2"] == 0 for s in SETS) >= 20  # boundary solutions
    assert {s["k"] for s in SETS} >= set(range(2, 31))
    assert set(SETS[0]["fits"]) == set(ESTIMATORS)
    assert set(SETS[0]["fits"]["reml"]["tests"]) == set(CI_METHODS)


@pytest.mark.parametrize("index", range(len(SETS)), ids=[s["name"] for s in SETS])
def test_matches_metafor(index: int) -> None:
    data = SETS[index]
    unit = data["scale"]
    for estimator, fit in data["fits"].items():
        for ci, test in fit["tests"].items():
            for prediction in PREDICTION_METHODS:
                result = pool(data["yi"], data["vi"], PoolingMethods(estimator, ci, prediction))
                where = f"{data['name']} {estimator}/{ci}/{prediction}"
                _close("tau2", result.tau2, fit["tau2"], unit**2, where)
                _close("tau2_ci_low", result.tau2_ci_low, fit["tau2_ci"][0], unit**2, where)
                _close("tau2_ci_high", result.tau2_ci_high, fit["tau2_ci"][1], unit**2, where)
                _close("q", result.q, fit["q"], 1.0, where)
                _close("q_p", result.q_p, fit["q_p"], 1.0, where)
                _close("i2", result.i2, fit["i2"], 1.0, where)
                _close("h2", result.h2, fit["h2"], 1.0, where)
                _close("loglik", result.loglik, fit["loglik"], 1.0, where)
                assert len(result.weights) == data["k"]
                for ours, ref in zip(result.weights, fit["weights"]):
                    _close("weight", ours, ref, 1.0, where)
                _close("estimate", result.estimate, test["estimate"], unit, where)
                _close("se", result.se, test["se"], unit, where)
                _close("ci_low", result.ci_low, test["ci"][0], unit, where)
                _close("ci_high", result.ci_high, test["ci"][1], unit, where)
                if prediction == "none":
                    assert result.pi_low is result.pi_high is None
                else:
                    interval = test["pi"].get(prediction)
                    _close("pi_low", result.pi_low, None if interval is None else interval[0], unit, where)
                    _close("pi_high", result.pi_high, None if interval is None else interval[1], unit, where)
                assert math.isclose(math.fsum(result.weights), 1.0, abs_tol=1e-12)


def test_bimodal_example_reaches_the_global_maximum() -> None:
    # 0.2, 0.2, -5 with SE 0.0316, 0.0316, 1: the restricted likelihood has a local
    # maximum at tau^2 = 0 (logLik -11.69) and the global one at 7.99 (-5.00);
    # metafor (best of several starts, see the R script): CI [-4.659, 1.859]
    result = pool([0.2, 0.2, -5], [0.0316**2, 0.0316**2, 1.0])
    assert result.tau2 == pytest.approx(7.98556436168242, rel=1e-6)
    assert (result.ci_low, result.ci_high) == pytest.approx((-4.65879098079375, 1.85895890322359), abs=1e-6)
    assert result.loglik == pytest.approx(-4.99738024606432, abs=1e-6)
    assert len(result.notes) == 1 and "2 local maxima" in result.notes[0]
    assert "tau^2=0 (logLik -11.69)" in result.notes[0] and "tau^2=7.99 (logLik -5.00)" in result.notes[0]
    assert "took the global one, tau^2=7.99" in result.notes[0]
    assert [round(t, 6) for t, _ in result.likelihood_maxima] == [0.0, 7.985564]


def test_currency_mean_difference_converges() -> None:
    # previously ConvergenceError (absolute tolerance at a scale of 1e6); metafor: 2984.8 [1080.8, 4888.8]
    ses = [1343, 1004, 698]
    result = pool([4378, 3822, 1413], [se * se for se in ses])
    assert (result.estimate, result.ci_low, result.ci_high) == pytest.approx(
        (2984.78228777434, 1080.77315463112, 4888.79142091755), rel=1e-8)
    assert result.notes == ()

"""Fuzzing the rating path: random schema-valid study records, extreme magnitudes included,
through ``rate --format json`` and ``check`` never give an internal error."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from kinship_evidence.cli import app
from kinship_evidence.data.models import Study
from kinship_evidence.data.models.fields import MAX_MAGNITUDE, MAX_PARTICIPANTS, MIN_PRECISION
from kinship_evidence.data.models.vocabulary import DESIGNS, QUALITIES, REPORTED_FINDINGS

RECOMMENDATIONS = """\
guide: {id: fuzz, title: Fuzz guide, publisher: Fuzz, published: "2024-10-14", framework: foundations-kinship-2024}
recommendations:
  - {id: rec-a, number: 1, text: First., published_rating: none}
  - {id: rec-b, number: 2, text: Second., outcomes: [carer-wellbeing], published_rating: good}
"""

EXTREMES = [0.0, -0.0, MIN_PRECISION, -MIN_PRECISION, MAX_MAGNITUDE, -MAX_MAGNITUDE, 1e-300, 1.0, -1.0, 5e-324]


def numbers(low: float = -MAX_MAGNITUDE, high: float = MAX_MAGNITUDE) -> st.SearchStrategy[float]:
    edges = [value for value in EXTREMES if low <= value <= high] + [low, high]
    return st.one_of(st.sampled_from(edges), st.floats(low, high, allow_nan=False, allow_infinity=False))


participants = st.one_of(st.sampled_from([1, 2, MAX_PARTICIPANTS]), st.integers(1, MAX_PARTICIPANTS))


@st.composite
def counts_arm(draw):
    n = draw(participants)
    return {"events": draw(st.one_of(st.sampled_from([0, n]), st.integers(0, n))), "n": n}


@st.composite
def groups_arm(draw):
    n = draw(st.one_of(st.sampled_from([2, MAX_PARTICIPANTS]), st.integers(2, MAX_PARTICIPANTS)))
    return {"mean": draw(numbers()), "sd": draw(numbers(0.0, MAX_MAGNITUDE)), "n": n}


@st.composite
def effect(draw, measure: str):
    ratio = measure in ("odds-ratio", "risk-ratio")
    low_bound = MIN_PRECISION if ratio else (-1.0 if measure == "risk-difference" else -MAX_MAGNITUDE)
    high_bound = 1.0 if measure == "risk-difference" else MAX_MAGNITUDE
    if draw(st.booleans()):
        return {"estimate": draw(numbers(low_bound, high_bound)), "se": draw(numbers(MIN_PRECISION, MAX_MAGNITUDE))}
    low, estimate, high = sorted(draw(st.lists(numbers(low_bound, high_bound), min_size=3, max_size=3)))
    return {"estimate": estimate, "ci": [low, high]}


@st.composite
def outcome(draw):
    base = {
        "domain": draw(st.sampled_from(["carer-wellbeing", "permanence"])),
        "description": "A fuzzed outcome",
        "favourable": draw(st.sampled_from(["higher", "lower"])),
    }
    form = draw(st.sampled_from(["counts", "groups", "effect", "finding"]))
    if form == "finding":
        return {**base, "finding": draw(st.sampled_from(REPORTED_FINDINGS))}
    if form == "counts":
        measure = draw(st.sampled_from(["odds-ratio", "risk-ratio", "risk-difference"]))
        return {**base, "measure": measure, "counts": {"intervention": draw(counts_arm()), "control": draw(counts_arm())}}
    if form == "groups":
        measure = draw(st.sampled_from(["smd", "mean-difference"]))
        return {**base, "measure": measure, "groups": {"intervention": draw(groups_arm()), "control": draw(groups_arm())}}
    measure = draw(st.sampled_from(["odds-ratio", "risk-ratio", "risk-difference", "smd", "mean-difference"]))
    return {**base, "measure": measure, "effect": draw(effect(measure))}


@st.composite
def study(draw, number: int):
    record = {
        "id": f"study-{number}",
        "citation": "Fuzz (2020). A study.",
        "year": draw(st.integers(1990, 2024)),
        "source": f"https://example.org/{number}",
        "country": draw(st.sampled_from(["US", "GB", "NO", "IN"])),
        "design": draw(st.sampled_from(DESIGNS)),
        "quality": draw(st.sampled_from(QUALITIES)),
        "recommendations": draw(st.lists(st.sampled_from(["rec-a", "rec-b"]), min_size=1, max_size=2, unique=True)),
        "outcomes": draw(st.lists(outcome(), min_size=1, max_size=3)),
    }
    if draw(st.booleans()):
        record["sample"] = draw(st.sampled_from(["shared", f"own-{number}"]))
    try:
        Study.model_validate(record)
    except ValidationError:
        assume(False)  # only schema-valid records: the point is the rating path
    return record


datasets = st.integers(1, 5).flatmap(lambda k: st.tuples(*(study(number) for number in range(k))))
RUNNER = CliRunner(env={"COLUMNS": "200", "GITHUB_ACTIONS": ""})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(records=datasets, estimator=st.sampled_from(["reml", "dl"]))
def test_random_valid_records_never_give_an_internal_error(records, estimator):
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        (data / "studies").mkdir()
        (data / "recommendations.yaml").write_text(RECOMMENDATIONS, encoding="utf-8")
        for record in records:  # JSON is YAML; the strict loader reads it back exactly
            (data / "studies" / f"{record['id']}.yaml").write_text(json.dumps(record), encoding="utf-8")
        rated = RUNNER.invoke(app, ["rate", "--data", str(data), "--format", "json", "--estimator", estimator])
        assert "internal error" not in rated.stderr, (rated.stderr, records)
        assert rated.exit_code == 0, (rated.output, records)
        assert len(json.loads(rated.stdout)["recommendations"]) == 2
        checked = RUNNER.invoke(app, ["check", "--data", str(data), "--format", "json", "--framework", "all"])
        assert "internal error" not in checked.stderr, (checked.stderr, records)
        assert checked.exit_code in (0, 1), (checked.output, records)
        explained = RUNNER.invoke(app, ["explain", "rec-b", "--data", str(data), "--format", "json"])
        assert explained.exit_code == 0 and "internal error" not in explained.stderr, (explained.output, records)


def test_found_by_fuzzing_weights_far_apart_are_no_internal_error(rating_kit):
    """An RD of 0/1 against 0/1 (variance 0.1875) with an RD reported with se 1e-12: the
    DerSimonian-Laird denominator s1 - s2/s1 cancels to 0.0 (stats/meta_analysis.py, _tau2_dl).
    The rating reports that the meta-analysis cannot be computed instead of crashing."""
    studies = [
        rating_kit.study("a", rating_kit.counts("risk-difference", 0, 1, 0, 1)),
        rating_kit.study("b", rating_kit.effect("risk-difference", 0.0, 1e-12)),
    ]
    rating = rating_kit.rate(studies)
    assert rating.rating in ("none", "promising")


def test_the_statistics_pool_weights_far_apart():
    """Variances 1e23 apart cancel in the DL denominator: the statistics say so with a StatsError
    (which the rating reports as a failed pool), never ZeroDivisionError."""
    import math

    from kinship_evidence.stats.errors import StatsError
    from kinship_evidence.stats.meta_analysis import pool
    from kinship_evidence.stats.methods import PoolingMethods

    try:
        result = pool([0.0, 0.0], [0.1875, 1e-24], PoolingMethods("reml"))
    except StatsError as error:
        assert "floating point" in str(error)
    else:
        assert math.isfinite(result.estimate) and math.isfinite(result.tau2)

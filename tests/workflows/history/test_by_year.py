"""``history --by year`` against metafor's ``cumul()`` and a hand check of its rating changes.

The fixture and the hand check: ``fixtures/README.md``. The R script
``reference/cumul_reference.R`` (metafor 3.8-1, ``cumul(rma.uni(yi, vi, method, test))`` with the
studies ordered by year, then id) wrote ``reference/cumul_reference.json``. ``cumul()`` adds one
study at a time; the toolkit's tie rule is that a year's studies enter together, so each year is
compared with the cumul row of the year's last study (``year_end``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from kinship_evidence.stats.methods import CIMethod, Estimator, MethodOverrides
from kinship_evidence.workflows.evaluate import evaluate
from kinship_evidence.workflows.history.by_year import history_by_year, up_to

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "cumulative-2004-2024"
REFERENCE = json.loads((HERE / "reference" / "cumul_reference.json").read_text())
TOL = 1e-6
MODELS = {
    "reml-wald": MethodOverrides(Estimator.REML, CIMethod.WALD),
    "dl-wald": MethodOverrides(Estimator.DL, CIMethod.WALD),
    "reml-hksj": MethodOverrides(Estimator.REML, CIMethod.HKSJ),
}


def _history(methods: MethodOverrides | None = None):  # type: ignore[no-untyped-def]
    evaluation = evaluate(FIXTURE, methods=methods or MethodOverrides())
    assert not evaluation.has_errors
    (found,) = history_by_year(evaluation.reports[0], [record.study for record in evaluation.records])
    return found


def test_the_fixture_holds_the_numbers_r_read() -> None:
    evaluation = evaluate(FIXTURE)
    by_id = {record.study.id: record.study for record in evaluation.records}
    for item in REFERENCE["inputs"]:
        (outcome,) = by_id[item["id"]].outcomes
        assert by_id[item["id"]].year == item["year"]
        assert outcome.effect.estimate == item["yi"] and math.isclose(outcome.effect.se ** 2, item["vi"], rel_tol=1e-12)


@pytest.mark.parametrize("model", sorted(MODELS))
def test_each_years_pool_equals_cumul_at_the_years_last_study(model: str) -> None:
    rows = {row["year"]: row for row in REFERENCE["models"][model]["steps"] if row["year_end"]}
    found = _history(MODELS[model])
    assert [point.year for point in found.points] == sorted(rows)  # one point per year, none inside one
    compared = 0
    for point in found.points:
        (domain,) = point.domains
        row = rows[point.year]
        assert domain.k == row["k"]
        if row["k"] < 2:
            assert domain.estimate is None  # a single study is not a meta-analysis
            continue
        for name in ("estimate", "ci_low", "ci_high", "tau2"):
            ours, theirs = getattr(domain, name), row[name]
            assert abs(ours - theirs) <= TOL * max(1.0, abs(theirs)), f"{model} {point.year} {name}: {ours} vs {theirs}"
        compared += 1
    assert compared == 7


def test_the_rating_changes_in_the_hand_checked_years() -> None:
    found = _history()
    assert [(p.year, p.rating) for p in found.points] == [
        (2004, "promising"), (2007, "promising"), (2010, "good"), (2013, "strong"),
        (2016, "strong"), (2019, "promising"), (2021, "promising"), (2024, "promising"),
    ]
    assert [p.year for p in found.changes] == [2004, 2010, 2013, 2019]


def test_a_years_studies_enter_together_and_are_named() -> None:
    found = _history()
    by_year = {point.year: point for point in found.points}
    assert by_year[2016].added == ("echo-2016", "foxtrot-2016")
    assert by_year[2019].added == ("golf-2019", "hotel-2019")
    # cumul's intermediate step (golf without hotel) is no point of the history
    inside = next(r for r in REFERENCE["models"]["reml-wald"]["steps"] if r["study"] == "golf-2019")
    assert not inside["year_end"]
    (domain,) = by_year[2019].domains
    assert abs(domain.estimate - inside["estimate"]) > 0.05


def test_up_to_keeps_the_dataset_order() -> None:
    evaluation = evaluate(FIXTURE)
    studies = [record.study for record in evaluation.records]
    assert [s.id for s in up_to(studies, 2016)] == [s.id for s in studies if s.year <= 2016]

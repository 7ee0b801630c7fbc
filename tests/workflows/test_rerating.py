"""The incremental re-rating of ``robustness`` gives the output of re-rating everything.

The reference, ``workflows.rerating.in_full``, is the re-rating ``robustness`` did before the
incremental one (commit f8df334): every single change re-rates the whole recommendation with
``rate_recommendation``, passed to ``assess_recommendation`` in place of the incremental one. Both run on every fixture
dataset of the test suite, on the bundled data, under every framework and under other methods,
and on datasets made by the benchmark's generator (``bench/generate.py``, a few seeds); the
whole result of each recommendation (flips, domain flips, not-applicable changes, notes,
changes tried) must be equal.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kinship_evidence.stats.methods import CIMethod, Estimator, MethodOverrides
from kinship_evidence.workflows.evaluate import evaluate
from kinship_evidence.workflows.rerating import in_full
from kinship_evidence.workflows.robustness import assess, assess_recommendation

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"


def assert_same_as_full(root: Path, framework: str | None = None, methods: MethodOverrides | None = None) -> int:
    evaluation = evaluate(root, framework, methods or MethodOverrides())
    assert not evaluation.has_errors, evaluation.findings[:3]
    studies = [record.study for record in evaluation.records]
    compared = 0
    for rated in assess(evaluation).frameworks:
        for item in rated.recommendations:
            framework_used, methods_used = rated.report.framework, rated.report.methods
            naming = [study for study in studies if item.rating.recommendation.id in study.recommendations]
            full = in_full(item.rating, naming, framework_used, methods_used)
            expected = assess_recommendation(item.rating, studies, framework_used, methods_used, rerating=full)
            assert item == expected, f"{root.name}: {item.rating.recommendation.id} under {rated.report.framework.id}"
            compared += 1
    return compared


def _datasets() -> list[Path]:
    found = {path.parent for path in TESTS.rglob("recommendations.yaml") if (path.parent / "studies").is_dir()}
    found.add(ROOT / "data")
    return sorted(found)


def _valid(root: Path) -> bool:
    evaluation = evaluate(root)
    return not evaluation.has_errors


@pytest.mark.parametrize("root", [p for p in _datasets() if "invalid" not in p.parts], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_fixture_dataset_gives_the_full_rerating(root: Path) -> None:
    try:
        if not _valid(root):
            pytest.skip("an invalid dataset: nothing is rated")
    except Exception as error:  # a fixture of a usage error (e.g. an unknown framework)
        pytest.skip(f"not rated: {error}")
    assert assert_same_as_full(root, "all") >= 1


@pytest.mark.parametrize(
    "methods",
    [MethodOverrides(Estimator.DL, CIMethod.HKSJ), MethodOverrides(Estimator.PM, CIMethod.HKSJ_ADHOC)],
    ids=["dl-hksj", "pm-hksj-adhoc"],
)
def test_the_bundled_data_under_other_methods(methods: MethodOverrides) -> None:
    assert assert_same_as_full(ROOT / "data", "all", methods) >= 6


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", [20241014, 7, 99])
def test_generated_datasets_give_the_full_rerating(tmp_path: Path, seed: int) -> None:
    """The benchmark's generator (at 120 records: about 30 studies a recommendation)."""
    root = _generator().generate(120, tmp_path / "generated", seed=seed)
    assert assert_same_as_full(root, "all") == 18  # 6 recommendations under 3 frameworks

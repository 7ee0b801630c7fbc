"""`export metafor`: the CSVs hold the toolkit's own yi and vi, the R script is stable (a golden
file), and, where R is installed, the script run in R gives the toolkit's pooled numbers.

The R comparison runs metafor's ``rma(yi, vi, method=M, test=T)`` (the script's own call) and
``escalc(measure, ai, bi, ci, di)`` / ``escalc(measure, m1i, sd1i, n1i, m2i, sd2i, n2i)`` on the
raw columns, and compares estimate, CI and tau^2 (and yi, vi) to 1e-6. CI has no R: those tests
skip, saying so.
"""

from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest

from kinship_evidence.stats.methods import MethodOverrides
from kinship_evidence.workflows.evaluate import evaluate

TESTS = Path(__file__).resolve().parents[2]
BCG = TESTS / "workflows" / "fixtures" / "bcg-vaccine-trials"
TWIN = TESTS / "workflows" / "interchange" / "fixtures" / "twenty-row-sheet" / "twin"
GOLDEN = Path(__file__).parent / "golden" / "bcg-metafor.R"
TOL = 1e-6
RSCRIPT = shutil.which("Rscript")
needs_r = pytest.mark.skipif(RSCRIPT is None, reason="Rscript is not installed: the run in R is skipped (CI needs no R)")


def _export(rating_cli, root: Path, out: Path, *options: str) -> None:
    result = rating_cli("export", "metafor", out, "--data", root, *options)
    assert result.exit_code == 0, result.stdout + result.stderr


def _pools(root: Path, methods: MethodOverrides | None = None) -> dict[str, object]:
    report = evaluate(root, methods=methods or MethodOverrides()).reports[0]
    return {
        f"{rating.recommendation.id}_{domain.domain}.csv": domain.synthesis.meta
        for rating in report.ratings
        for domain in rating.domains
        if domain.synthesis.meta is not None and domain.synthesis.meta.result is not None
    }


def test_the_script_is_the_golden_one(rating_cli, tmp_path):
    _export(rating_cli, BCG, tmp_path)
    assert (tmp_path / "metafor.R").read_text() == GOLDEN.read_text()


@pytest.mark.parametrize("root", [BCG, TWIN], ids=["bcg", "twin"])
def test_yi_and_vi_are_the_toolkits_own(rating_cli, tmp_path, root):
    _export(rating_cli, root, tmp_path)
    pools = _pools(root)
    assert sorted(pools) == sorted(path.name for path in tmp_path.glob("*.csv"))
    for name, meta in pools.items():
        rows = list(csv.DictReader((tmp_path / name).open()))
        assert [row["study"] for row in rows] == [study.study_id for study in meta.studies]
        for row, study in zip(rows, meta.studies, strict=True):
            assert float(row["yi"]) == study.effect.estimate  # exactly: repr reads back as the same double
            assert float(row["vi"]) == study.effect.variance


def test_a_study_negated_to_the_pooled_direction_has_its_arms_swapped(rating_cli, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(BCG, root)
    record = root / "studies" / "aronson-1948.yaml"  # favourable: higher, its counts swapped back in the CSV
    record.write_text(record.read_text().replace("favourable: lower", "favourable: higher"))
    out = tmp_path / "out"
    _export(rating_cli, root, out)
    rows = {row["study"]: row for row in csv.DictReader((out / "bcg-vaccination_tuberculosis.csv").open())}
    aronson = rows["aronson-1948"]
    assert (aronson["ai"], aronson["bi"], aronson["ci"], aronson["di"]) == ("11", "128", "4", "119")
    assert aronson["note"] == "arms swapped: higher is favourable for this outcome"
    assert float(aronson["yi"]) > 0 and rows["ferguson-simes-1949"]["note"] == ""


R_CHECK = Path(__file__).parent / "check_metafor.R"


def _run_in_r(folder: Path) -> dict[str, dict]:
    assert RSCRIPT is not None
    result = subprocess.run([RSCRIPT, str(R_CHECK), str(folder)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _close(ours: float, theirs: float, what: str) -> None:
    assert math.isclose(ours, theirs, rel_tol=TOL, abs_tol=TOL), f"{what}: kinship-evidence {ours!r}, metafor {theirs!r}"


@needs_r
@pytest.mark.parametrize(
    ("root", "options", "method", "test"),
    [
        (BCG, (), "REML", "z"),
        (TWIN, (), "REML", "z"),
        (BCG, ("--estimator", "dl", "--ci", "hksj"), "DL", "knha"),
        (TWIN, ("--estimator", "pm", "--ci", "hksj-adhoc"), "PM", "adhoc"),
    ],
    ids=["bcg-reml-wald", "twin-reml-wald", "bcg-dl-hksj", "twin-pm-adhoc"],
)
def test_the_script_run_in_r_gives_the_toolkits_pooled_numbers(rating_cli, tmp_path, root, options, method, test):
    _export(rating_cli, root, tmp_path, *options)
    r = _run_in_r(tmp_path)
    pools = _pools(root, MethodOverrides(estimator=options[1] if options else None, ci=options[3] if options else None))
    assert sorted(r) == sorted(pools)
    for name, meta in pools.items():
        fit, result = r[name], meta.result
        assert (fit["method"], fit["test"], fit["k"]) == (method, test, len(meta.studies))
        for field in ("estimate", "ci_low", "ci_high", "tau2"):
            _close(getattr(result, field), fit[field], f"{name} {field}")
        for study, yi, vi in zip(meta.studies, fit["yi"], fit["vi"], strict=True):  # escalc of the raw columns
            _close(study.effect.estimate, yi, f"{name} {study.study_id} yi")
            _close(study.effect.variance, vi, f"{name} {study.study_id} vi")

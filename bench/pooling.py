"""Benchmark of kinship_evidence.stats.meta_analysis.pool(): median time per meta-analysis.

    .venv/bin/python bench/pooling.py                    # k = 3, 30, 3000; every estimator
    .venv/bin/python bench/pooling.py --old HEAD~3       # also the pool() of that git revision

For each k it draws ``--sets`` random data sets (fixed seed; sampling variances spread over a
factor of about 20, true tau^2 0.1), and times ``pool()`` on each, ``--repeats`` times, with
``time.perf_counter``; it prints the median time per meta-analysis in microseconds (the lowest
median of 3 rounds, as other load only adds time). ``--old REV`` extracts ``src/`` at that git
revision (``git archive``) into a temporary folder, imports its ``pool`` beside this tree's, and
times the two *interleaved*, call by call on the same data, so that load from other processes
falls on both alike; it prints both and their ratio (a data set a version fails on is counted,
not timed). A second table times the default methods with HKSJ and a t(k-2) prediction
interval. Exits 0: it measures, it does not test.
"""

from __future__ import annotations

import argparse
import importlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kinship_evidence.stats.meta_analysis import pool  # noqa: E402 - this checkout first on the path
from kinship_evidence.stats.methods import ESTIMATORS, PoolingMethods  # noqa: E402


def make_sets(k: int, count: int, seed: int) -> list[tuple[list[float], list[float]]]:
    rng = random.Random(seed * 100_003 + k)
    sets = []
    for _ in range(count):
        vs = [rng.uniform(0.01, 0.2) for _ in range(k)]
        mu = rng.gauss(0, 0.5)
        ys = [rng.gauss(mu, (v + 0.1) ** 0.5) for v in vs]
        sets.append((ys, vs))
    return sets


ROUNDS = 3
Pool = Callable[[list[float], list[float]], object]


def time_calls(functions: list[Pool], sets: list[tuple[list[float], list[float]]], repeats: int) -> list[tuple[float | None, int]]:
    """For each function, the median seconds per call over every (set, repeat), the lowest of
    ROUNDS rounds, and how many sets raised; the functions are called in turn, call by call."""
    best: list[float | None] = [None] * len(functions)
    failures = [0] * len(functions)
    for round_ in range(ROUNDS):
        times: list[list[float]] = [[] for _ in functions]
        for ys, vs in sets:
            for _ in range(repeats):
                for index, function in enumerate(functions):
                    start = time.perf_counter()
                    try:
                        function(ys, vs)
                    except ValueError:
                        failures[index] += round_ == 0
                        continue
                    times[index].append(time.perf_counter() - start)
        for index, values in enumerate(times):
            if values:
                median = statistics.median(values)
                current = best[index]
                best[index] = median if current is None else min(current, median)
    return list(zip(best, failures))


def load_old(revision: str, folder: str) -> tuple[Callable[..., object], type]:
    """``pool`` and ``PoolingMethods`` of ``src/`` at ``revision``, imported beside this tree's."""
    archive = subprocess.run(["git", "archive", revision, "src"], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
    mine = {name: module for name, module in sys.modules.items() if name.startswith("kinship_evidence")}
    for name in mine:
        del sys.modules[name]
    sys.path.insert(0, str(Path(folder) / "src"))
    try:
        old = importlib.import_module("kinship_evidence.stats.meta_analysis")
        methods = importlib.import_module("kinship_evidence.stats.methods")
        return old.pool, methods.PoolingMethods
    finally:
        sys.path.pop(0)
        for name in [name for name in sys.modules if name.startswith("kinship_evidence")]:
            del sys.modules[name]
        sys.modules.update(mine)


def fmt(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e6:,.0f}"


def table(args: argparse.Namespace, old: tuple[Callable[..., object], type] | None, ci: str, prediction: str) -> None:
    header = f"{'k':>6} {'estimator':>9} {'new':>10} {'failed':>6}"
    if old:
        header += f" {'old ' + args.old:>14} {'failed':>6} {'new/old':>7}"
    print(header)
    for k in args.ks:
        count = args.sets or {3: 200, 30: 40}.get(k, 5)
        sets = make_sets(k, count, args.seed)
        for estimator in ESTIMATORS:
            methods = PoolingMethods(estimator, ci, prediction)
            functions: list[Pool] = [lambda ys, vs, m=methods: pool(ys, vs, m)]
            if old:
                old_pool, old_methods = old
                old_choice = old_methods(estimator, ci, prediction)
                functions.append(lambda ys, vs, f=old_pool, m=old_choice: f(ys, vs, m))
            results = time_calls(functions, sets, args.repeats)
            line = f"{k:>6} {estimator:>9} {fmt(results[0][0]):>10} {results[0][1]:>6}"
            if old:
                (new, _), (before, failed) = results
                ratio = f"{new / before:.2f}" if new and before else "-"
                line += f" {fmt(before):>14} {failed:>6} {ratio:>7}"
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ks", type=int, nargs="+", default=[3, 30, 3000])
    parser.add_argument("--sets", type=int, default=None, help="data sets per k (default 200, 40, 5)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--old", metavar="REV", help="also time pool() at this git revision, interleaved")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        old = load_old(args.old, folder) if args.old else None
        print(f"median time per meta-analysis, microseconds (python {sys.version.split()[0]})")
        table(args, old, "wald", "none")
        print()
        print("with HKSJ CI and t(k-2) prediction interval")
        table(args, old, "hksj", "t-k2")


if __name__ == "__main__":
    main()

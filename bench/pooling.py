"""Benchmark of kinship_evidence.stats.meta_analysis.pool(): median time per meta-analysis.

    PYTHONPATH=src python bench/pooling.py                 # k = 3, 30, 3000; every estimator
    PYTHONPATH=src python bench/pooling.py --old HEAD~3    # also the pool() of that git revision

For each k it draws ``--sets`` random data sets (fixed seed; sampling variances spread over a
factor of about 20, true tau^2 0.1, so the REML grid search is on), and times ``pool()`` on
each, ``--repeats`` times, with ``time.perf_counter``; it prints the median time per
meta-analysis in microseconds (the lowest median of 3 rounds, as other load only adds time). ``--old REV`` loads ``src/kinship_evidence/stats/
meta_analysis.py`` at that git revision (``git show REV:...``) into a temporary module and
times its ``pool(ys, vs, method)`` on the same data, for before/after figures (the old code
has only 'reml' and 'dl'; a data set it fails on is counted, not timed). A second table
times the default methods with HKSJ and a t(k-2) prediction interval, which adds the t
quantiles (cached) and nothing else. Exits 0: it measures, it does not test.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kinship_evidence.stats.meta_analysis import pool  # noqa: E402
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


def _median_once(function, sets, repeats: int) -> tuple[float | None, int]:
    times = []
    failures = 0
    for ys, vs in sets:
        for _ in range(repeats):
            start = time.perf_counter()
            try:
                function(ys, vs)
            except ValueError:
                failures += 1
                break
            times.append(time.perf_counter() - start)
    return (statistics.median(times) if times else None), failures


ROUNDS = 3


def time_calls(function, sets, repeats: int) -> tuple[float | None, int]:
    """Median seconds per call over every (set, repeat), the lowest of ROUNDS rounds (other load
    on the machine only ever adds time); and how many sets raised."""
    results = [_median_once(function, sets, repeats) for _ in range(ROUNDS)]
    medians = [median for median, _ in results if median is not None]
    return (min(medians) if medians else None), results[0][1]


def load_old(revision: str):
    source = subprocess.run(
        ["git", "show", f"{revision}:src/kinship_evidence/stats/meta_analysis.py"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "old_meta_analysis.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("old_meta_analysis", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up
    spec.loader.exec_module(module)
    return module


def fmt(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e6:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ks", type=int, nargs="+", default=[3, 30, 3000])
    parser.add_argument("--sets", type=int, default=None, help="data sets per k (default 200, 40, 5)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--old", metavar="REV", help="also time pool() at this git revision")
    args = parser.parse_args()
    old = load_old(args.old) if args.old else None

    print(f"median time per meta-analysis, microseconds (python {sys.version.split()[0]})")
    header = f"{'k':>6} {'estimator':>9} {'new':>10}"
    if old:
        header += f" {'old ' + args.old:>14} {'old failed':>10}"
    print(header)
    for k in args.ks:
        count = args.sets or {3: 200, 30: 40}.get(k, 5)
        sets = make_sets(k, count, args.seed)
        for estimator in ESTIMATORS:
            methods = PoolingMethods(estimator)
            new, _ = time_calls(lambda ys, vs: pool(ys, vs, methods), sets, args.repeats)
            line = f"{k:>6} {estimator:>9} {fmt(new):>10}"
            if old:
                if estimator in old.METHODS:
                    before, failed = time_calls(lambda ys, vs: old.pool(ys, vs, estimator), sets, args.repeats)
                    line += f" {fmt(before):>14} {failed:>10}"
                else:
                    line += f" {'n/a':>14} {'':>10}"
            print(line)
    print()
    print("with HKSJ CI and t(k-2) prediction interval")
    for k in args.ks:
        count = args.sets or {3: 200, 30: 40}.get(k, 5)
        sets = make_sets(k, count, args.seed)
        for estimator in ESTIMATORS:
            methods = PoolingMethods(estimator, "hksj", "t-k2")
            new, _ = time_calls(lambda ys, vs: pool(ys, vs, methods), sets, args.repeats)
            print(f"{k:>6} {estimator:>9} {fmt(new):>10}")


if __name__ == "__main__":
    main()

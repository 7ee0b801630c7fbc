"""Search for data sets where pool()'s REML estimate is below the global maximum of the restricted likelihood.

    .venv/bin/python bench/pooling_bimodal_search.py                # 10,000 bimodal candidates
    .venv/bin/python bench/pooling_bimodal_search.py --bimodal 500 --seed 7

Draws random sets (fixed seed) of three kinds known to give a restricted likelihood with more
than one local maximum: precise studies that agree plus imprecise ones far off; log-uniform
variances over four decades with heavy-tailed effects; one very precise study among moderate
ones and an imprecise outlier (the narrow-maximum example of issue 20). A candidate counts as
*bimodal* when an independent check finds two or more local maxima: the restricted
log-likelihood (written out here, with ``math.fsum``; nothing from kinship_evidence) on 0 and
400 log-spaced tau^2 from 1e-6 min(v) to 10 (sum (y - ybar)^2 + k max v), every grid local
maximum refined by golden-section search. Candidates are drawn until ``--bimodal`` bimodal
ones are found. For each, ``pool(ys, vs, PoolingMethods("reml"))`` must reach the best of the
check's maxima: a *miss* is a set where its logLik is more than 1e-9 below it. Prints the
counts (candidates drawn, bimodal, misses, pool() reporting >1 maximum) and every miss; exits 1
when there is a miss. It measures; it is not a test (it takes about a minute).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from kinship_evidence.stats.meta_analysis import pool
from kinship_evidence.stats.methods import PoolingMethods

REML = PoolingMethods("reml")
GOLDEN = (math.sqrt(5) - 1) / 2


def loglik(ys: list[float], vs: list[float], tau2: float) -> float:
    weights = [1 / (v + tau2) for v in vs]
    total = math.fsum(weights)
    mu = math.fsum(w * y for w, y in zip(weights, ys)) / total
    q = math.fsum(w * (y - mu) ** 2 for w, y in zip(weights, ys))
    k = len(ys)
    return (-(k - 1) / 2 * math.log(2 * math.pi) + math.log(k) / 2
            - math.fsum(math.log(v + tau2) for v in vs) / 2 - math.log(total) / 2 - q / 2)


def golden(ys: list[float], vs: list[float], lo: float, hi: float) -> tuple[float, float]:
    a, b = lo, hi
    c, d = b - GOLDEN * (b - a), a + GOLDEN * (b - a)
    fc, fd = loglik(ys, vs, c), loglik(ys, vs, d)
    for _ in range(80):
        if fc >= fd:
            b, d, fd = d, c, fc
            c = b - GOLDEN * (b - a)
            fc = loglik(ys, vs, c)
        else:
            a, c, fc = c, d, fd
            d = a + GOLDEN * (b - a)
            fd = loglik(ys, vs, d)
    best = (c, fc) if fc >= fd else (d, fd)
    return max([best, (lo, loglik(ys, vs, lo)), (hi, loglik(ys, vs, hi))], key=lambda item: item[1])


def grid_maxima(ys: list[float], vs: list[float], points: int = 400) -> list[tuple[float, float]]:
    k = len(ys)
    mean = math.fsum(ys) / k
    top = 10 * (math.fsum((y - mean) ** 2 for y in ys) + k * max(vs))
    low = min(vs) * 1e-6
    grid = [0.0] + [low * (top / low) ** (i / (points - 1)) for i in range(points)]
    ll = [loglik(ys, vs, t) for t in grid]
    found = []
    if ll[0] >= ll[1]:
        found.append((0.0, ll[0]))
    for i in range(1, len(grid) - 1):
        if ll[i] >= ll[i - 1] and ll[i] > ll[i + 1]:
            found.append(golden(ys, vs, grid[i - 1], grid[i + 1]))
    return found


def candidate(rng: random.Random) -> tuple[list[float], list[float]]:
    kind = rng.randrange(3)
    if kind == 0:  # precise studies that agree, imprecise ones far off
        m, o = rng.randint(1, 6), rng.randint(1, 4)
        vs = [10 ** rng.uniform(-4, -1) for _ in range(m)] + [10 ** rng.uniform(-1, 2) for _ in range(o)]
        spread = rng.uniform(1, 4)
        ys = [rng.gauss(0, 0.05) for _ in range(m)] + [rng.gauss(0, 1) * math.sqrt(v) * spread for v in vs[m:]]
    elif kind == 1:  # log-uniform variances, heavy-tailed effects
        k = rng.randint(3, 10)
        vs = [10 ** rng.uniform(-3, 1) for _ in range(k)]
        ys = [rng.gauss(0, 1) / max(0.05, abs(rng.gauss(0, 1))) ** 0.5 for _ in range(k)]
    else:  # one very precise study, moderate ones, an imprecise outlier
        k = rng.randint(3, 8)
        vs = [10 ** rng.uniform(-3, -2)] + [rng.uniform(0.1, 0.3) for _ in range(k - 2)] + [rng.uniform(1, 10)]
        centre = rng.uniform(0.5, 1.5)
        ys = [centre + rng.gauss(0, 0.1)] + [centre + rng.gauss(0, 0.4) for _ in range(k - 2)]
        ys.append(centre - rng.uniform(2, 6))
    return ys, vs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bimodal", type=int, default=10_000, help="bimodal candidates to check")
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    drawn = bimodal = misses = reported = 0
    while bimodal < args.bimodal:
        ys, vs = candidate(rng)
        drawn += 1
        maxima = grid_maxima(ys, vs)
        if len(maxima) < 2:
            continue
        bimodal += 1
        best = max(maxima, key=lambda item: item[1])
        result = pool(ys, vs, REML)
        reported += len(result.likelihood_maxima) > 1
        if loglik(ys, vs, result.tau2) < best[1] - 1e-9:
            misses += 1
            print(f"MISS ys={ys!r} vs={vs!r}: pool tau2={result.tau2!r} logLik={result.loglik!r}; "
                  f"check tau2={best[0]!r} logLik={best[1]!r}")
    print(f"candidates drawn {drawn:,}; bimodal by the independent check {bimodal:,}; "
          f"pool() reported more than one maximum on {reported:,}; below the global maximum: {misses}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())

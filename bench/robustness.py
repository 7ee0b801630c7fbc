"""Benchmark of the slow analyses: ``robustness``, ``report`` and ``rate`` on generated datasets.

    .venv/bin/python bench/robustness.py                          # 1k and 3k: robustness and rate
    .venv/bin/python bench/robustness.py --old f8df334            # also that revision, interleaved
    .venv/bin/python bench/robustness.py --sizes 10000 --commands report rate --repeats 1
    .venv/bin/python bench/robustness.py --in-process                # incremental against in full

For each size it generates (or reuses) the dataset of ``bench/generate.py`` under
``bench/out/nSIZE`` and runs each command as a child process, round robin (this tree, then the
old revision when ``--old`` is given, command after command, repeat after repeat), so that load
from other processes falls on both alike. It prints the median wall time (``time.perf_counter``
around spawn and wait) and the median user CPU time of each (``os.wait4``; less sensitive to a
busy second core), their new/old ratios, and whether the two revisions wrote the same bytes
(``robustness --format json`` and ``rate --format json`` must be identical; the report page is
compared too, but a page may differ where the report changed on purpose).

``--in-process`` times, inside this process, the robustness analysis of each dataset twice with
this tree's rating rules: with the incremental re-rating ``robustness`` uses
(``workflows.rerating.incremental``) and with the reference that re-rates every change from
scratch (``workflows.rerating.in_full``, what ``robustness`` did before issue 25), and checks that
the two results are equal. That is the like-for-like before/after: an old revision also rates
by older rules, so its output differs for reasons of its own.

``--old REV`` extracts ``src/`` at that git revision (``git archive``) into a temporary folder and
runs it with ``PYTHONPATH`` pointing there, with this environment's packages. Exits 0: it
measures, it does not test.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
from generate import DEFAULT_SEED, generate  # noqa: E402 - bench/ on the path first

COMMANDS = {
    "robustness": ["robustness", "--format", "json"],
    "rate": ["rate", "--format", "json"],
    "report": ["report", "--force", "--output"],  # the output folder is appended
}


def dataset(size: int, workdir: Path) -> Path:
    folder = workdir / f"n{size}"
    generate(size, folder, seed=DEFAULT_SEED)  # reuses a complete dataset of the same generator version
    return folder


def run(src: Path, command: str, data: Path, scratch: Path) -> tuple[float, float, str, int]:
    """Wall seconds, user CPU seconds, a digest of what it wrote, exit code."""
    argv = [sys.executable, "-m", "kinship_evidence", *COMMANDS[command]]
    out = scratch / f"out-{command}"
    if command == "report":
        argv.append(str(out))
    argv += ["--data", str(data)]
    env = {**os.environ, "PYTHONPATH": str(src), "NO_COLOR": "1", "COLUMNS": "80"}
    with open(scratch / "stdout", "wb") as stdout:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL, env=env, cwd=scratch)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
    written = (out / "index.html") if command == "report" else scratch / "stdout"
    digest = hashlib.sha256(written.read_bytes()).hexdigest()[:12] if written.exists() else "-"
    return wall, usage.ru_utime, digest, child.returncode


def extract(revision: str, folder: Path) -> Path:
    archive = subprocess.run(["git", "archive", revision, "src"], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def in_process(sizes: list[int], workdir: Path, repeats: int) -> None:
    from kinship_evidence.workflows.evaluate import evaluate
    from kinship_evidence.workflows.rerating import in_full, incremental
    from kinship_evidence.workflows.robustness import assess_recommendation

    print(f"in process: robustness of every rating, median of {repeats}; wall and CPU seconds")
    for size in sizes:
        evaluation = evaluate(dataset(size, workdir))
        studies = [record.study for record in evaluation.records]
        jobs = [
            (rating, [s for s in studies if rating.recommendation.id in s.recommendations], report)
            for report in evaluation.reports for rating in report.ratings
        ]
        timings: dict[str, list[tuple[float, float]]] = {"incremental": [], "in full": []}
        results: dict[str, list[object]] = {}
        for _ in range(repeats):
            for name, make in (("incremental", incremental), ("in full", in_full)):
                start, cpu = time.perf_counter(), time.process_time()
                results[name] = [
                    assess_recommendation(rating, studies, report.framework, report.methods,
                                          rerating=make(rating, naming, report.framework, report.methods))
                    for rating, naming, report in jobs
                ]
                timings[name].append((time.perf_counter() - start, time.process_time() - cpu))
        walls = {name: statistics.median(t[0] for t in found) for name, found in timings.items()}
        cpus = {name: statistics.median(t[1] for t in found) for name, found in timings.items()}
        same = "equal results" if results["incremental"] == results["in full"] else "RESULTS DIFFER"
        print(
            f"{size:>6} records, {len(jobs)} ratings: incremental {walls['incremental']:.2f} s ({cpus['incremental']:.2f} CPU)"
            f" | in full {walls['in full']:.2f} s ({cpus['in full']:.2f} CPU)"
            f" | {walls['in full'] / walls['incremental']:.1f}x faster, {same}", flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--commands", nargs="+", choices=sorted(COMMANDS), default=["robustness", "rate"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--old", metavar="REV", help="also run src/ at this git revision, interleaved")
    parser.add_argument("--workdir", type=Path, default=BENCH / "out")
    parser.add_argument("--in-process", action="store_true", help="time the incremental re-rating against in full")
    args = parser.parse_args()
    if args.in_process:
        sys.path.insert(0, str(ROOT / "src"))
        in_process(args.sizes, args.workdir, args.repeats)
        return
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        trees = [("new", ROOT / "src")]
        if args.old:
            old = folder / "old"
            old.mkdir()
            trees.append((f"old {args.old}", extract(args.old, old)))
        print(f"python {sys.version.split()[0]}; median of {args.repeats}; wall and user CPU seconds")
        for size in args.sizes:
            data = dataset(size, args.workdir)
            for command in args.commands:
                results: dict[str, list[tuple[float, float, str, int]]] = {name: [] for name, _ in trees}
                for _ in range(args.repeats):
                    for name, src in trees:
                        scratch = folder / name.replace(" ", "-")
                        scratch.mkdir(exist_ok=True)
                        results[name].append(run(src, command, data, scratch))
                line = f"{size:>6} {command:<10}"
                for name, _ in trees:
                    found = results[name]
                    wall = statistics.median(r[0] for r in found)
                    user = statistics.median(r[1] for r in found)
                    codes = sorted({r[3] for r in found})
                    line += f" | {name}: {wall:7.2f} s wall {user:7.2f} s user exit {codes} out {found[-1][2]}"
                if len(trees) == 2:
                    new, old_ = results[trees[0][0]], results[trees[1][0]]
                    ratio = statistics.median(r[0] for r in old_) / statistics.median(r[0] for r in new)
                    same = "same output" if new[-1][2] == old_[-1][2] else "OUTPUT DIFFERS"
                    line += f" | old/new {ratio:.1f}x ({same})"
                print(line, flush=True)


if __name__ == "__main__":
    main()

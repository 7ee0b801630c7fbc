"""Peak memory of `kinship-evidence validate` when a dataset gives about a million findings.

Not a test: it prints figures. It generates (once, under --workdir) a dataset of FILES study
records with ERRORS unknown fields each (every one a finding; each file stays far below the
1 MiB cap), runs `validate --format text|json|github` on it as child processes with stdout to
/dev/null, and prints each child's peak RSS (``ru_maxrss`` from ``os.wait4``) and wall time.

    python bench/findings_memory.py                      # 4,000 files x 250 = 1,000,000 findings
    python bench/findings_memory.py --files 400          # a tenth, for a quick look
    python bench/findings_memory.py --src /path/to/src   # measure another checkout's code

The JSON figure is checked against a budget (default 600 MB) and printed as PASS or FAIL; the
script always exits 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RECOMMENDATIONS = """\
guide:
  id: bench-guide
  title: Benchmark guide
  publisher: Benchmark
  published: "2024-10-14"
  framework: foundations-kinship-2024
recommendations:
  - id: navigation
    number: 1
    text: A recommendation.
    published_rating: none
"""
RECORD = """\
id: {id}
citation: Example (2020). A study record with many unknown fields.
year: 2020
source: https://example.org/{id}
country: US
design: rct
quality: high
recommendations: [navigation]
outcomes:
  - domain: carer-wellbeing
    description: Wellbeing score
    favourable: higher
    finding: favourable
"""


def generate(folder: Path, files: int, errors: int) -> Path:
    """The dataset (made once per size): ``files`` records with ``errors`` unknown fields each."""
    marker = folder / f".complete-{files}x{errors}"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "studies").mkdir(parents=True)
    (folder / "recommendations.yaml").write_text(RECOMMENDATIONS, encoding="utf-8")
    unknown = "".join(f"unknown_field_{index:04d}: {index}\n" for index in range(errors))
    for number in range(files):
        study_id = f"study-{number:05d}"
        (folder / "studies" / f"{study_id}.yaml").write_text(RECORD.format(id=study_id) + unknown, encoding="utf-8")
    marker.touch()
    return folder


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(peak RSS in MB, seconds, exit code) of one child process."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink, open(os.devnull, "wb") as errors:
        pid = os.posix_spawn(command[0], command, env, file_actions=[
            (os.POSIX_SPAWN_DUP2, sink.fileno(), 1), (os.POSIX_SPAWN_DUP2, errors.fileno(), 2),
        ])
        _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    return usage.ru_maxrss / 1024, elapsed, os.waitstatus_to_exitcode(status)  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=4000)
    parser.add_argument("--errors", type=int, default=250, help="findings per file")
    parser.add_argument("--formats", default="text,json,github")
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    parser.add_argument("--src", type=Path, default=HERE.parent / "src", help="the source folder to measure")
    parser.add_argument("--budget-mb", type=float, default=600.0, help="the JSON format's peak RSS budget")
    args = parser.parse_args()

    dataset = generate(args.workdir / "findings-memory", args.files, args.errors)
    env = {**os.environ, "PYTHONPATH": str(args.src.resolve()), "GITHUB_ACTIONS": ""}
    print(f"{args.files:,} files x {args.errors} findings = {args.files * args.errors:,} findings; code: {args.src}")
    for name in args.formats.split(","):
        command = [sys.executable, "-m", "kinship_evidence", "validate", "--data", str(dataset), "--format", name]
        peak, seconds, code = measure(command, env)
        verdict = ""
        if name == "json":
            verdict = f"  {'PASS' if peak < args.budget_mb else 'FAIL'} (budget {args.budget_mb:.0f} MB)"
        print(f"  {name:7s} peak RSS {peak:8.1f} MB  {seconds:6.1f} s  exit {code}{verdict}")


if __name__ == "__main__":
    main()

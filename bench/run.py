"""Benchmark of kinship-evidence: wall time and peak memory against a bare-parse floor.

    python bench/run.py                      # 1k, 10k and 100k records, everything
    python bench/run.py --skip-100k          # about two minutes
    python bench/run.py --sizes 1000 --repeats 5 --profile

For each size it generates (or reuses) a synthetic dataset of valid records and a variant
with 1% invalid records (bench/generate.py), then measures, each as its own subprocess:

- ``floor``: ``python -c`` that imports PyYAML and parses every file of the dataset with
  ``yaml.load(f, Loader=yaml.CSafeLoader)`` (sorted studies/*.yaml plus recommendations.yaml);
- ``validate``: ``kinship-evidence validate --data DIR``;
- ``rate``: ``kinship-evidence rate --data DIR --format json`` (exit 0 or 1 both normal);
- ``validate-invalid``: ``validate`` on the 1%-invalid variant (must exit 1);
- ``check-jsonschema``: with the schema exported by ``kinship-evidence schema study``, on the
  10,000 set only (its studies/*.yaml).

plus start-up figures (``--help`` and ``rate`` on the bundled dataset against
``python -c "import typer, pydantic, yaml"``, with two floors beside them: the same imports
plus ``from pydantic import BaseModel, ...``, which every validating command needs and
``import pydantic`` does not load, and plus Rich's table, which the ``rate`` table needs) and whether ``--format json`` imports Rich.
Wall time is ``time.perf_counter`` around spawn and wait; peak memory is the ``ru_maxrss`` of
that one child, from ``os.wait4``. Figures are medians of ``--repeats`` runs. The script
always exits 0: it measures, it does not test; failed targets are printed as FAIL.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import DEFAULT_SEED, generate

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_WORKDIR = BENCH / "out"
BIN = Path(sys.executable).parent
SIZE_10K = 10_000
SIZE_100K = 100_000

FLOOR_CODE = """\
import os, sys, yaml
root = sys.argv[1]
studies = os.path.join(root, "studies")
with os.scandir(studies) as entries:
    paths = sorted((e.path for e in entries if e.name.endswith(".yaml")), key=os.path.basename)
paths.append(os.path.join(root, "recommendations.yaml"))
for path in paths:
    with open(path, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""
IMPORT_BASELINE = "import typer, pydantic, yaml"
# What any command that validates with Pydantic models, and any Rich table, imports beyond the
# baseline (``import pydantic`` loads BaseModel lazily): floors for the start-up ratios.
IMPORT_MODELS = IMPORT_BASELINE + "; from pydantic import BaseModel, Field, TypeAdapter"
IMPORT_MODELS_RICH = IMPORT_MODELS + "; import rich.console, rich.table"
REFERENCE_APP = Path(__file__).resolve().parent / "reference_app.py"  # a minimal Typer + Pydantic CLI

# Targets of the issue, as ratios measured in the same run.
TARGET_10K_VS_FLOOR = 1.3
TARGET_100K_VS_10K = 11.0
TARGET_100K_PEAK_MB = 1024.0
TARGET_STARTUP_VS_IMPORTS = 2.0


@dataclass
class Measurement:
    name: str
    size: int | None
    walls: list[float] = field(default_factory=list)
    peaks_kb: list[int] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    note: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def peak_mb(self) -> float:
        return max(self.peaks_kb) / 1024

    @property
    def code(self) -> int:
        return self.codes[-1]


def ke_command() -> list[str]:
    """The console script next to this interpreter, as a user runs it (else ``-m``)."""
    script = BIN / "kinship-evidence"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kinship_evidence"]


def clean_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)  # keep the default text format
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    # Measure with byte-code cached, as an installed package runs: with this set, a source tree
    # without __pycache__ (an editable install) is compiled again on every run (about 40 ms).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(argv: list[str], cwd: Path, log_dir: Path, label: str) -> tuple[float, int, int]:
    """(wall seconds, peak RSS kB, exit code) of one child; stdout and stderr go to files."""
    log_dir.mkdir(parents=True, exist_ok=True)
    out, err = log_dir / f"{label}.stdout", log_dir / f"{label}.stderr"
    executable = argv[0] if os.sep in argv[0] else (shutil.which(argv[0]) or argv[0])
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(out), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        (os.POSIX_SPAWN_OPEN, 2, str(err), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
    ]
    here = os.getcwd()
    os.chdir(cwd)  # posix_spawn has no cwd; this process is single-threaded
    try:
        start = time.perf_counter()
        pid = os.posix_spawn(executable, argv, clean_env(), file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    finally:
        os.chdir(here)
    return wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def _finish(result: Measurement, log_dir: Path, label: str, ok_codes: tuple[int, ...]) -> Measurement:
    if result.code not in ok_codes:
        stderr_tail = (log_dir / f"{label}.stderr").read_text(errors="replace").strip().splitlines()[-3:]
        result.note = f"unexpected exit {result.code}: " + " | ".join(stderr_tail)
    print(f"  {label:<28} {result.wall:8.3f} s  {result.peak_mb:8.1f} MB  exit {result.code}"
          + (f"  ({result.note})" if result.note else ""), flush=True)
    return result


def measure_round_robin(commands: list[tuple[str, int | None, list[str], Path, tuple[int, ...]]], repeats: int,
                        log_dir: Path) -> list[Measurement]:
    """Run each command ``repeats`` times, taking turns, so a slow spell of the machine (another
    process) is spread over all of them rather than falling on one; median per command."""
    results = [Measurement(name, size) for name, size, *_ in commands]
    labels = [f"{name}-{size}" if size else name for name, size, *_ in commands]
    for _ in range(repeats):
        for (_name, _size, argv, cwd, _ok_codes), result, label in zip(commands, results, labels):
            wall, peak, code = run_once(argv, cwd, log_dir, label)
            result.walls.append(wall)
            result.peaks_kb.append(peak)
            result.codes.append(code)
    for (_name, _size, _argv, _cwd, ok_codes), result, label in zip(commands, results, labels):
        _finish(result, log_dir, label, ok_codes)
    return results


def measure(name: str, size: int | None, argv: list[str], repeats: int, cwd: Path, log_dir: Path,
            ok_codes: tuple[int, ...] = (0,)) -> Measurement:
    return measure_round_robin([(name, size, argv, cwd, ok_codes)], repeats, log_dir)[0]


def has_command(name: str, probe: list[str]) -> bool:
    done = subprocess.run(probe, capture_output=True, text=True, env=clean_env())
    return done.returncode == 0


def rich_imported(argv: list[str], cwd: Path) -> bool | None:
    """Whether ``-X importtime`` lists a ``rich`` module; None if the command failed to run."""
    done = subprocess.run(argv, capture_output=True, text=True, cwd=cwd, env=clean_env())
    if done.returncode not in (0, 1):
        return None
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            module = line.rsplit("|", 1)[1].strip()
            if module == "rich" or module.startswith("rich."):
                return True
    return False


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    import pydantic
    import yaml

    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyyaml": f"{yaml.__version__} ({'with' if yaml.__with_libyaml__ else 'without'} libyaml)",
        "pydantic": pydantic.VERSION,
    }


def profile_validate(root: Path, top: int) -> None:
    """cProfile of the in-process ``validate_dataset`` (what the CLI's time goes into)."""
    import cProfile
    import pstats

    from kinship_evidence.data.checks.validation import validate_dataset

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    report = validate_dataset(root)
    profiler.disable()
    print(f"\nProfile of validate_dataset({root}) in process: {time.perf_counter() - start:.2f} s "
          f"under cProfile, {len(report.findings)} findings; top {top} by own time:")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)
    print(f"Top {top} by cumulative time:")
    stats.sort_stats("cumulative").print_stats(top)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                        default=[1_000, SIZE_10K, SIZE_100K], help="comma-separated (default 1000,10000,100000)")
    parser.add_argument("--skip-100k", action="store_true", help="leave out the 100,000 set")
    parser.add_argument("--repeats", type=int, default=5, help="runs per command below 100k (default 5)")
    parser.add_argument("--cjs-repeats", type=int, default=1, help="runs of check-jsonschema (default 1; ~25 s each)")
    parser.add_argument("--repeats-100k", type=int, default=1, help="runs per command at 100k (default 1)")
    parser.add_argument("--startup-repeats", type=int, default=11, help="runs of the start-up commands")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="dataset cache (default bench/out)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-invalid", action="store_true", help="skip the 1%%-invalid variants")
    parser.add_argument("--no-check-jsonschema", action="store_true")
    parser.add_argument("--profile", action="store_true", help="also cProfile validate_dataset on the 10k set")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    sizes = sorted(set(args.sizes))
    if args.skip_100k:
        sizes = [size for size in sizes if size != SIZE_100K]
    workdir = args.workdir.resolve()
    log_dir = workdir / "logs"
    scratch = Path(tempfile.mkdtemp(prefix="ke-bench-"))  # cwd of the children: no ./data there
    ke = ke_command()
    bundled = REPO / "data"

    print("kinship-evidence benchmark")
    info = machine()
    for key, value in info.items():
        print(f"  {key:<9} {value}")
    print(f"  command   {' '.join(ke)}")

    rate_available = has_command("rate", [*ke, "rate", "--help"])
    if not rate_available:
        print("  rate: not available (the command does not exist yet); rate figures are left out")
    cjs = BIN / "check-jsonschema"
    cjs_available = (cjs.exists() or shutil.which("check-jsonschema") is not None) and not args.no_check_jsonschema
    cjs_cmd = str(cjs) if cjs.exists() else "check-jsonschema"

    results: list[Measurement] = []
    by_key: dict[tuple[str, int | None], Measurement] = {}

    def record(item: Measurement) -> Measurement:
        results.append(item)
        by_key[(item.name, item.size)] = item
        return item

    # --- datasets
    print("\nDatasets (generated once, then reused from the cache):")
    datasets: dict[tuple[int, bool], Path] = {}
    for size in sizes:
        for invalid in (False, True):
            if invalid and args.no_invalid:
                continue
            start = time.perf_counter()
            path = generate(size, workdir / f"n{size}{'-invalid' if invalid else ''}", invalid, args.seed)
            datasets[(size, invalid)] = path
            print(f"  {path}  ({time.perf_counter() - start:.1f} s)", flush=True)

    # --- start-up
    print("\nStart-up (bundled dataset):", flush=True)
    startup = args.startup_repeats
    for warm in ([sys.executable, "-c", IMPORT_BASELINE], [*ke, "--help"], [*ke, "rate", "--data", str(bundled)]):
        run_once(warm, scratch, log_dir, "warm-up")  # compiled bytecode and page cache in place
    startup_commands = [
        ("imports", None, [sys.executable, "-c", IMPORT_BASELINE], scratch, (0,)),
        ("help", None, [*ke, "--help"], scratch, (0,)),
        ("typer-app", None, [sys.executable, str(REFERENCE_APP), "rate", "--format", "json"], scratch, (0,)),
        ("typer-app-table", None, [sys.executable, str(REFERENCE_APP), "rate", "--format", "table"], scratch, (0,)),
        ("imports+basemodel", None, [sys.executable, "-c", IMPORT_MODELS], scratch, (0,)),
        ("imports+basemodel+rich", None, [sys.executable, "-c", IMPORT_MODELS_RICH], scratch, (0,)),
    ]
    if rate_available:
        startup_commands += [
            ("rate-bundled", None, [*ke, "rate", "--data", str(bundled)], scratch, (0, 1)),
            ("rate-json-bundled", None, [*ke, "rate", "--data", str(bundled), "--format", "json"], scratch, (0, 1)),
        ]
    startup_commands.append(("validate-bundled", None, [*ke, "validate", "--data", str(bundled)], scratch, (0,)))
    for item in measure_round_robin(startup_commands, startup, log_dir):
        record(item)

    rich_checks: dict[str, bool | None] = {}
    importtime = [sys.executable, "-X", "importtime", "-m", "kinship_evidence"]
    if rate_available:
        rich_checks["rate --format json"] = rich_imported([*importtime, "rate", "--format", "json", "--data", str(bundled)], scratch)
    rich_checks["validate --format json"] = rich_imported([*importtime, "validate", "--format", "json", "--data", str(bundled)], scratch)
    rich_checks["rate (table)"] = rich_imported([*importtime, "rate", "--data", str(bundled)], scratch) if rate_available else None

    # --- sizes
    schema_file = workdir / "study.schema.json"
    if cjs_available and SIZE_10K in sizes:
        exported = subprocess.run([*ke, "schema", "study"], capture_output=True, text=True, env=clean_env())
        if exported.returncode == 0:
            schema_file.write_text(exported.stdout)
        else:
            cjs_available = False
            print(f"  check-jsonschema skipped: `schema study` failed: {exported.stderr.strip()}")
    for size in sizes:
        repeats = args.repeats_100k if size >= SIZE_100K else args.repeats
        root = datasets[(size, False)]
        print(f"\n{size:,} records ({repeats} run{'s' if repeats > 1 else ''} each, median):", flush=True)
        commands = [
            ("floor", size, [sys.executable, "-c", FLOOR_CODE, str(root)], scratch, (0,)),
            ("validate", size, [*ke, "validate", "--data", str(root)], scratch, (0,)),
        ]
        if rate_available:
            commands.append(("rate", size, [*ke, "rate", "--data", str(root), "--format", "json"], scratch, (0, 1)))
        if (size, True) in datasets:
            commands.append(("validate-invalid", size, [*ke, "validate", "--data", str(datasets[(size, True)])],
                             scratch, (1,)))
        for item in measure_round_robin(commands, repeats, log_dir):
            record(item)
        bad = by_key.get(("validate-invalid", size))
        if bad is not None:
            errors = (log_dir / f"validate-invalid-{size}.stdout").read_text(errors="replace").count("\n")
            bad.note = (bad.note + "; " if bad.note else "") + f"{errors} findings listed"
        if size == SIZE_10K and cjs_available:
            studies = root / "studies"
            files = sorted(name for name in os.listdir(studies) if name.endswith(".yaml"))
            record(measure("check-jsonschema", size, [cjs_cmd, "--schemafile", str(schema_file), *files],
                           args.cjs_repeats, studies, log_dir))

    # --- report
    print("\n" + "=" * 78)
    print(f"{'command':<22}{'records':>9}{'median s':>11}{'peak MB':>10}{'exit':>6}{'runs':>6}  note")
    for item in results:
        size = f"{item.size:,}" if item.size else "bundled"
        print(f"{item.name:<22}{size:>9}{item.wall:>11.3f}{item.peak_mb:>10.1f}{item.code:>6}{len(item.walls):>6}  {item.note}")

    checks: list[tuple[str, str, bool | None]] = []  # (description, figure, ok)

    def ratio(a: tuple[str, int | None], b: tuple[str, int | None]) -> float | None:
        if a in by_key and b in by_key:
            return by_key[a].wall / by_key[b].wall
        return None

    floor10 = ("floor", SIZE_10K)
    if floor10 in by_key:
        v, r = ratio(("validate", SIZE_10K), floor10), ratio(("rate", SIZE_10K), floor10)
        if v is not None and r is not None:
            checks.append((f"10k: (validate + rate) / floor <= {TARGET_10K_VS_FLOOR}", f"{v + r:.2f}x",
                           v + r <= TARGET_10K_VS_FLOOR))
        if v is not None:
            checks.append((f"10k: validate / floor <= {TARGET_10K_VS_FLOOR}", f"{v:.2f}x", v <= TARGET_10K_VS_FLOOR))
        checks.append((f"10k: rate --format json / floor <= {TARGET_10K_VS_FLOOR}",
                       f"{r:.2f}x" if r is not None else "rate: not available", None if r is None else r <= TARGET_10K_VS_FLOOR))
        c = ratio(("check-jsonschema", SIZE_10K), floor10)
        if c is not None:
            checks.append(("10k: check-jsonschema / floor (for comparison)", f"{c:.2f}x", None))
            cv = ratio(("check-jsonschema", SIZE_10K), ("validate", SIZE_10K))
            checks.append(("10k: check-jsonschema / validate (for comparison)", f"{cv:.2f}x", None))
        bad = by_key.get(("validate-invalid", SIZE_10K))
        if bad is not None:
            checks.append(("10k 1%-invalid: validate exits 1", f"exit {bad.code}", bad.code == 1))
    for name in ("validate", "rate"):
        scale = ratio((name, SIZE_100K), (name, SIZE_10K))
        if scale is not None:
            checks.append((f"100k/10k: {name} time ratio <= {TARGET_100K_VS_10K:g}", f"{scale:.2f}x", scale <= TARGET_100K_VS_10K))
        if (name, SIZE_100K) in by_key:
            peak = by_key[(name, SIZE_100K)].peak_mb
            checks.append((f"100k: {name} peak memory < {TARGET_100K_PEAK_MB:g} MB", f"{peak:.0f} MB", peak < TARGET_100K_PEAK_MB))
    floor_ratio = ratio(("floor", SIZE_100K), floor10)
    if floor_ratio is not None:
        checks.append(("100k/10k: floor time ratio (for comparison)", f"{floor_ratio:.2f}x", None))
    for name, label in (("help", "--help"), ("rate-bundled", "rate (bundled)"), ("rate-json-bundled", "rate --format json (bundled)")):
        s = ratio((name, None), ("imports", None))
        if s is not None:
            checks.append((f"start-up: {label} / imports <= {TARGET_STARTUP_VS_IMPORTS:g}", f"{s:.2f}x",
                           s <= TARGET_STARTUP_VS_IMPORTS))
    for name, label in (("imports+basemodel", "imports + `from pydantic import BaseModel`"),
                        ("imports+basemodel+rich", "imports + BaseModel + rich.table")):
        s = ratio((name, None), ("imports", None))
        if s is not None:
            checks.append((f"start-up floor: {label} / imports (for comparison)", f"{s:.2f}x", None))
    for name, label in (("typer-app", "minimal Typer + Pydantic app (JSON)"),
                        ("typer-app-table", "minimal Typer + Pydantic app printing a one-row Rich table")):
        reference = ratio((name, None), ("imports", None))
        if reference is not None:
            checks.append((f"start-up floor: {label} / imports (for comparison)", f"{reference:.2f}x", None))
    for name, label, floor in (("rate-json-bundled", "rate --format json", "typer-app"),
                               ("rate-bundled", "rate (table)", "typer-app-table")):
        s = ratio((name, None), (floor, None))
        if s is not None:
            checks.append((f"start-up: {label} / the same minimal app (for comparison)", f"{s:.2f}x", None))
    if not rate_available:
        checks.append(("start-up: rate (bundled) / imports", "rate: not available", None))
    for label, imported in rich_checks.items():
        expect_absent = "json" in label
        figure = "unknown (command failed)" if imported is None else ("yes" if imported else "no")
        ok = None if imported is None or not expect_absent else not imported
        checks.append((f"{label} imports Rich", figure, ok))

    print("\nChecks (ratios of medians in this run):")
    failures = 0
    for description, figure, ok in checks:
        mark = "    " if ok is None else verdict(ok)
        failures += ok is False
        print(f"  {mark}  {description:<58} {figure}")
    unexpected = [item for item in results if item.note.startswith("unexpected")]
    for item in unexpected:
        print(f"  FAIL  {item.name} ({item.size or 'bundled'}): {item.note}")
    failures += len(unexpected)
    total = time.perf_counter() - began
    print(f"\n{failures} target(s) failed." if failures else "\nAll targets met.")
    print(f"Total benchmark time: {total:.0f} s")

    if args.profile:
        target = datasets.get((SIZE_10K, False)) or datasets[(sizes[-1], False)]
        profile_validate(target, 25)

    if args.json:
        args.json.write_text(json.dumps({
            "machine": info,
            "results": [{**asdict(item), "median_wall": item.wall, "peak_mb": item.peak_mb} for item in results],
            "checks": [{"check": d, "figure": f, "ok": ok} for d, f, ok in checks],
            "total_seconds": total,
        }, indent=2))
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

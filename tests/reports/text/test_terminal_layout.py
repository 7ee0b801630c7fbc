"""`rate` and `explain` at 80 columns: no line wider, every id whole, the same in a file, in ASCII.

Run as the user runs them (a subprocess, output not a terminal): COLUMNS=80, then COLUMNS unset
with output redirected to a file (80 columns), then PYTHONIOENCODING=ascii.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ROB2 = FIXTURES / "rob2-appraisals"
ODDS = FIXTURES / "odds-ratio-pool"
TOKEN = re.compile(r"[a-z0-9][a-z0-9-]*")

RUNS = {
    "rate-bundled": ("rate", "--data", DATA),
    "rate-all-frameworks": ("rate", "--data", DATA, "--framework", "all"),
    "rate-long-ids": ("rate", "--data", ODDS),
    "rate-rob2": ("rate", "--data", ROB2),
    "rate-what-if": ("rate", "--data", DATA, "--without", "kin-tech", "--framework", "all"),
    "explain-navigation": ("explain", "1", "--data", DATA),
    "explain-allowances": ("explain", "6", "--data", DATA, "--framework", "all"),
    "explain-rob2-pi": ("explain", "1", "--data", ROB2, "--prediction", "t-k1"),
    "explain-long-ids": ("explain", "1", "--data", ODDS, "--prediction", "t-k1"),
}


def run(*args: object, columns: str | None = "80", encoding: str = "utf-8", stdout=subprocess.PIPE) -> str:
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "GITHUB_ACTIONS", "NO_COLOR")}
    env["PYTHONIOENCODING"] = encoding
    if columns is not None:
        env["COLUMNS"] = columns
    result = subprocess.run(
        [sys.executable, "-m", "kinship_evidence", *map(str, args)], stdout=stdout, stderr=subprocess.PIPE,
        env=env, timeout=60, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr.decode()
    return "" if result.stdout is None else result.stdout.decode(encoding)


def dataset_ids(root: Path) -> tuple[set[str], set[str]]:
    recs = {rec["id"] for rec in yaml.safe_load((root / "recommendations.yaml").read_text())["recommendations"]}
    return recs, {path.stem for path in (root / "studies").glob("*.yaml")}


def cut_ids(out: str, ids: set[str]) -> list[str]:
    """Pieces of ids: a token ending or starting with a hyphen that is part of an id, or a line's
    last token that, joined to the next line's first, makes (the start of) an id. A bare signed
    number (GRADE's "-1", "-2") is a number, not a piece of an id."""
    found = {
        token for token in set(re.findall(r"-?[a-z0-9][a-z0-9-]*", out)) - ids
        if not re.fullmatch(r"-\d+", token)
        and (token.endswith("-") or token.startswith("-")) and any(token.strip("-") in full and token.strip("-") != full for full in ids)
    }
    lines = out.splitlines()
    for line, following in itertools.pairwise(lines):
        last, first = TOKEN.findall(line)[-1:], TOKEN.findall(following)[:1]
        if last and first and last[0] not in ids:
            joined = last[0] + first[0]
            if any(full.startswith(joined) for full in ids):
                found.add(last[0])
    return sorted(found)


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    return {name: run(*args) for name, args in RUNS.items()}


@pytest.mark.parametrize("name", RUNS)
def test_no_line_wider_than_80_and_every_id_whole(outputs, name) -> None:
    out = outputs[name]
    assert max(len(line) for line in out.splitlines()) <= 80, [line for line in out.splitlines() if len(line) > 80]
    root = Path(RUNS[name][RUNS[name].index("--data") + 1])
    recs, studies = dataset_ids(root)
    assert cut_ids(out, recs | studies) == []
    shown = recs if name.startswith("rate") else {rec for rec in recs if f"({rec})" in out}
    for item in shown:
        assert re.search(rf"(?<![a-z0-9-]){re.escape(item)}(?![a-z0-9-])", out), item


def test_cut_ids_finds_a_broken_id() -> None:
    ids = {"illinois-subsidized-guardianship"}
    assert cut_ids("x illinois-subsidized-\nguardianship", ids) == ["illinois-subsidized-"]
    assert cut_ids("x illinois-subsidized-gu\nardianship", ids) == ["illinois-subsidized-gu"]
    assert cut_ids("x illinois-subsidized-guardianship y\nsupport", ids) == []


@pytest.mark.parametrize("name", ["rate-bundled", "rate-all-frameworks", "explain-rob2-pi", "explain-long-ids"])
def test_redirected_to_a_file_is_80_columns(outputs, tmp_path, name) -> None:
    target = tmp_path / "out.txt"
    with target.open("wb") as handle:
        run(*RUNS[name], columns=None, stdout=handle)
    text = target.read_text(encoding="utf-8")
    assert text == outputs[name]  # COLUMNS unset and not a terminal: what an 80-column terminal shows
    if name == "rate-bundled":
        assert max(len(line) for line in text.splitlines()) == 80


def test_ascii_fallback() -> None:
    rate = run("rate", "--data", ROB2, encoding="ascii")
    explain = run("explain", "1", "--data", ROB2, "--prediction", "t-k1", encoding="ascii")
    for out in (rate, explain):
        out.encode("ascii")
        assert max(len(line) for line in out.splitlines()) <= 80
    assert "| 1 | rec" in rate and "NO MATCH" not in rate and "match" in rate
    assert "  strong           x [fail]" in explain and "  good             + [PASS]" in explain
    assert "      + [pass] studies: 3 studies" in explain
    rows = [line for line in explain.splitlines() if line.startswith(("  trial-", "  RE model"))]
    assert all("#" in row for row in rows[:3]) and "*" in rows[3]


def test_wide_terminal_uses_the_width() -> None:
    out = run("explain", "1", "--data", ROB2, columns="120")
    assert max(len(line) for line in out.splitlines()) > 80
    assert max(len(line) for line in out.splitlines()) <= 120


def test_columns_is_clamped_so_explain_memory_does_not_grow_with_it(tmp_path):
    """Cause (issue 22, item 12): the text forest plot was laid out to any COLUMNS; 10^8 took 3.7 GB, then MemoryError."""
    import resource

    limit = 1 << 30  # 1 GiB of address space: ample for explain, far below what 10^8 columns took

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    env.update(COLUMNS="100000000", PYTHONPATH=str(Path(__file__).resolve().parents[3] / "src"))
    result = subprocess.run(
        [sys.executable, "-m", "kinship_evidence", "explain", "rec", "--data", str(FIXTURES / "forest-four-trials")],
        capture_output=True, text=True, env=env,
        cwd=tmp_path, timeout=120, preexec_fn=cap,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert max(len(line) for line in result.stdout.splitlines()) <= 1000


def test_output_width_is_clamped_to_a_readable_range(monkeypatch):
    from kinship_evidence.reports.text.terminal import MAX_WIDTH, MIN_WIDTH, output_width

    for columns, expected in (("100000000", MAX_WIDTH), ("3", MIN_WIDTH), ("120", 120)):
        monkeypatch.setenv("COLUMNS", columns)
        assert output_width() == expected

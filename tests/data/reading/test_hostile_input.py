"""The hostile-input corpus (tests/hostile/manifest.yaml) against the loader and the real CLI.

Each case drops one bad input into a copy of a valid dataset. Every case: findings, never a
traceback; exit code 1; the expected findings at their positions; loading in under a second
(measured in-process, so interpreter start-up does not count: a behaviour bound, not a
benchmark); and the dataset folder left exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from kinship_evidence.data.checks.validation import validate_dataset
from kinship_evidence.data.reading import text_files
from kinship_evidence.findings import Finding, Severity

HOSTILE = Path(__file__).parent.parent / "hostile"
CASES = yaml.safe_load((HOSTILE / "manifest.yaml").read_text(encoding="utf-8"))["cases"]
PWNED = Path("/tmp/kinship-evidence-pwned")  # what the python/object tags would create
LOAD_SECONDS = 1.0


class Hung(BaseException):
    """Not an OSError (as TimeoutError is), so no ``except OSError`` in the loader can swallow it."""


@contextmanager
def _deadline(seconds: float):
    """Turn a hang (say, a blocking open of a named pipe) into a failure instead of a stuck suite."""

    def expire(signum, frame):
        raise Hung(f"validation still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _fifty_megabytes(target: Path) -> None:
    with open(target, "wb") as handle:
        handle.write(b"citation: padding to fifty megabytes\n" * (50 * 1024 * 1024 // 37 + 1))


def _just_over_the_cap(target: Path) -> None:
    line = b"# " + b"x" * 97 + b"\n"
    target.write_bytes(line * (text_files.MAX_FILE_BYTES // len(line) + 1))


def _long_line(target: Path) -> None:
    target.write_text("citation: " + "a" * 900_000 + "\n")


MILLION = "k" * 1_000_000
VALID_RECORD = HOSTILE.parent / "examples" / "valid" / "studies" / "finding-only.yaml"


def _with_line(target: Path, line: int, text: str) -> None:
    """The valid record with ``text`` put in as line ``line`` (1-based)."""
    lines = VALID_RECORD.read_text(encoding="utf-8").split("\n")
    target.write_text("\n".join([*lines[: line - 1], text, *lines[line - 1 :]]), encoding="utf-8")


def _symlink_loop(target: Path) -> None:
    partner = target.with_name(target.stem + "-partner.yaml")
    os.symlink(partner.name, target)
    os.symlink(target.name, partner)


def _unreadable(target: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root reading (see test_permission_error_is_a_finding)")
    shutil.copy(HOSTILE.parent / "examples" / "valid" / "studies" / "effect-se.yaml", target)
    target.chmod(0)


def _replace_with_file(target: Path) -> None:
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    target.write_text("not a folder\n")


def _replace_with_self_link(target: Path) -> None:
    shutil.rmtree(target)
    os.symlink(target.name, target)


def _replace_with_directory(target: Path) -> None:
    target.unlink()
    target.mkdir()


MAKERS = {
    "fifty-megabytes": _fifty_megabytes,
    "just-over-the-cap": _just_over_the_cap,
    "long-line": _long_line,
    # an implicit key has at most 1024 characters; an explicit one ("? KEY") has no limit
    "million-character-key": lambda target: _with_line(target, 2, f"? {MILLION}\n: 1"),
    "million-character-nested-key": lambda target: _with_line(target, 16, f"    ? {MILLION}\n    : 1"),
    "million-character-value": lambda target: target.write_text(
        VALID_RECORD.read_text(encoding="utf-8").replace("source: https://", f"source: {MILLION}", 1), encoding="utf-8"
    ),
    "million-character-duplicate-key": lambda target: _with_line(
        target, 2, f"? {MILLION[:500_000]}\n: 1\n? {MILLION[:500_000]}\n: 2"
    ),
    "symlink-loop": _symlink_loop,
    "dangling-symlink": lambda target: os.symlink("no-such-record.yaml", target),
    "directory-named-like-a-record": lambda target: target.mkdir(),
    "symlink-to-a-directory": lambda target: os.symlink("..", target),
    "named-pipe": lambda target: os.mkfifo(target),
    "symlink-to-a-device": lambda target: os.symlink("/dev/zero", target),
    "unreadable-file": _unreadable,
    "studies-is-a-file": _replace_with_file,
    "studies-is-a-symlink-loop": _replace_with_self_link,
    "recommendations-is-a-directory": _replace_with_directory,
}


def _case_id(case: dict) -> str:
    name = case.get("file") or case["make"]
    return f"{name}->{case['target']}" if "target" in case else name


def _target(case: dict) -> str:
    if "target" in case:
        return case["target"]
    return f"studies/{case['file']}" if "file" in case else f"studies/{case['make']}.yaml"


def _plant(case: dict, dataset: Path) -> str:
    """Put the case's input into ``dataset``; its path relative to the dataset."""
    target = _target(case)
    if "file" in case:
        if (dataset / target).exists():
            (dataset / target).unlink()
        shutil.copyfile(HOSTILE / "cases" / case["file"], dataset / target)
    else:
        MAKERS[case["make"]](dataset / target)
    return target


def _check_findings(findings, dataset: Path, target: str, case: dict, validation_kit) -> None:
    got = validation_kit.canonical_set(findings, root=dataset)
    expected = {f"{target} {item}" for item in case["expect"]}
    assert expected <= got, f"missing {sorted(expected - got)}; got {sorted(got)[:12]}"
    originals = {str(path.relative_to(HOSTILE.parent / "examples" / "valid")) for path in (HOSTILE.parent / "examples" / "valid").rglob("*")}
    stray = {os.path.relpath(f.path, dataset) for f in findings if f.is_error} & (originals - {target})
    assert not stray, f"errors reported in untouched files: {stray}"
    assert all(finding.message for finding in findings)
    # a long field name or value is cut short wherever a finding echoes it
    assert all(len(finding.message) < 300 and len(finding.field) < 200 for finding in findings), [
        (len(f.message), len(f.field)) for f in findings
    ]


def test_the_corpus_is_complete():
    committed = {path.name for path in (HOSTILE / "cases").iterdir()}
    named = {case["file"] for case in CASES if "file" in case}
    assert committed == named, "every committed hostile input has a manifest entry, and the reverse"
    assert {case["make"] for case in CASES if "make" in case} == set(MAKERS)
    assert len(CASES) >= 40 and all(case["expect"] for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_hostile_input_in_process(case, valid_dataset, validation_kit):
    target = _plant(case, valid_dataset)
    before = validation_kit.snapshot(valid_dataset)
    started = time.perf_counter()
    with _deadline(10):
        report = validate_dataset(valid_dataset)
    elapsed = time.perf_counter() - started
    assert report.errors >= 1
    _check_findings(report.findings, valid_dataset, target, case, validation_kit)
    assert elapsed < LOAD_SECONDS, f"loading took {elapsed:.2f} s"
    assert validation_kit.snapshot(valid_dataset) == before, "validation modified the dataset folder"
    assert not PWNED.exists()


@pytest.mark.parametrize("case", [case for case in CASES if case.get("cli")], ids=_case_id)
def test_hostile_input_through_the_cli(case, valid_dataset, validation_kit):
    target = _plant(case, valid_dataset)
    before = validation_kit.snapshot(valid_dataset)
    result = validation_kit.run_cli("validate", "--data", valid_dataset, "--format", "json", timeout=30)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    findings = [Finding(**{**item, "severity": Severity(item["severity"])}) for item in json.loads(result.stdout)]
    _check_findings(findings, valid_dataset, target, case, validation_kit)
    assert validation_kit.snapshot(valid_dataset) == before
    assert not PWNED.exists()


def test_permission_error_is_a_finding(valid_dataset, monkeypatch, validation_kit):
    """An unreadable record (simulated: chmod 000 does not stop root) is a finding, not a crash."""
    denied = str(valid_dataset / "studies" / "effect-se.yaml")

    def guarded(real_open):
        def guarded_open(path, *args, **kwargs):
            if isinstance(path, str | os.PathLike) and os.fspath(path) == denied:
                raise PermissionError(13, "Permission denied", denied)
            return real_open(path, *args, **kwargs)

        return guarded_open

    monkeypatch.setattr(os, "open", guarded(os.open))
    monkeypatch.setattr("builtins.open", guarded(open))
    report = validate_dataset(valid_dataset)
    assert validation_kit.canonical_set(report.findings, root=valid_dataset) >= {
        "studies/effect-se.yaml 1:1 - rule=file-unreadable"
    }
    assert "Permission denied" in next(f.message for f in report.findings if f.rule == "file-unreadable")


def _deny_search(monkeypatch, folder: Path, itself: bool = False) -> None:
    """Simulate ``chmod 000 folder`` (root ignores chmod): listing ``folder`` and every OS call
    on a path below it (and, with ``itself``, on ``folder`` too) fails with PermissionError."""
    denied = os.fspath(folder)

    def blocked(path, listing: bool) -> bool:
        if not isinstance(path, str | os.PathLike):
            return False
        name = os.path.abspath(os.fspath(path))
        return name.startswith(denied + os.sep) or ((itself or listing) and name == denied)

    def guard(real, listing=False):
        def guarded(path, *args, **kwargs):
            if blocked(path, listing):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real(path, *args, **kwargs)

        return guarded

    for name in ("stat", "lstat", "open", "scandir", "listdir"):
        monkeypatch.setattr(os, name, guard(getattr(os, name), listing=name in ("scandir", "listdir")))
    monkeypatch.setattr("builtins.open", guard(open))


@pytest.mark.parametrize(
    "denied, expect",
    [
        ("", {"recommendations.yaml 1:1 - rule=file-unreadable", "studies 0:0 - rule=dataset-layout"}),
        ("studies", {"studies 0:0 - rule=dataset-layout"}),
    ],
    ids=["dataset-folder", "studies-folder"],
)
def test_a_folder_without_search_permission_is_a_finding(denied, expect, valid_dataset, monkeypatch, validation_kit):
    """chmod 000 on the dataset folder or on studies/: findings naming the reason, no crash."""
    _deny_search(monkeypatch, valid_dataset / denied if denied else valid_dataset)
    report = validate_dataset(valid_dataset)
    assert expect <= validation_kit.canonical_set(report.findings, root=valid_dataset)
    assert any("Permission denied" in f.message for f in report.findings if f.rule == "dataset-layout")


def test_a_folder_without_search_permission_through_the_cli(valid_dataset, monkeypatch, rating_cli):
    _deny_search(monkeypatch, valid_dataset)
    for command in ("validate", "check", "rate"):
        result = rating_cli(command, "--data", valid_dataset)
        assert result.exit_code == 1, result.output
        assert "cannot read studies/: Permission denied [dataset-layout]" in result.stdout + result.stderr
        assert "internal error" not in result.stderr


def test_a_dataset_folder_that_cannot_be_looked_at_is_a_usage_error(valid_dataset, monkeypatch, rating_cli):
    """The folder above the dataset has no search permission: the dataset itself cannot be found."""
    _deny_search(monkeypatch, valid_dataset, itself=True)
    for command in ("validate", "check", "rate"):
        result = rating_cli(command, "--data", valid_dataset)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"error: cannot open dataset folder {valid_dataset}: Permission denied")


def test_diff_of_folders_without_search_permission_is_no_internal_error(valid_dataset, monkeypatch, rating_cli, tmp_path):
    other = Path(shutil.copytree(valid_dataset, tmp_path / "other"))
    _deny_search(monkeypatch, other)
    result = rating_cli("diff", valid_dataset, other)
    assert result.exit_code == 1, result.output
    assert "cannot read studies/: Permission denied" in result.stderr and "internal error" not in result.stderr
    _deny_search(monkeypatch, other, itself=True)
    result = rating_cli("diff", valid_dataset, other)
    assert result.exit_code == 2 and result.stderr.startswith("error: cannot look into")


EDITOR_FILES = {
    ".#effect-se.yaml": "dangling",  # an Emacs lock: a link to user@host.pid
    ".hidden.yaml": "year: soon\n",
    "#effect-se.yaml#": "year: soon\n",  # an Emacs auto-save
    "#autosave.yaml": "year: soon\n",
    "effect-se.yaml~": "year: soon\n",  # a backup
    ".effect-se.yaml.swp": b"b0VIM 8.2\x00\xff\xfe",  # a Vim swap file
    ".effect-se.yaml.swx": b"b0VIM 8.2\x00",
    "effect-se.yaml.tmp": "year: soon\n",
    ".effect-se.yaml.1234.tmp": "year: soon\n",  # what `new` writes before linking
    ".old.yml": "year: soon\n",
    "draft.yml~": "year: soon\n",
}


@pytest.mark.parametrize("name", sorted(EDITOR_FILES))
def test_hidden_and_editor_files_in_studies_are_skipped(name, valid_dataset):
    target = valid_dataset / "studies" / name
    content = EDITOR_FILES[name]
    if content == "dangling":
        os.symlink("root@host.12345:1700000000", target)
    elif isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    report = validate_dataset(valid_dataset)
    assert report.findings == () and report.errors == 0, report.findings
    assert report.dataset.files_read == len(list((valid_dataset / "studies").glob("[!.#]*.yaml"))) + 1


def _break(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("\nyear: ", "\nyear: soon\nlater: "), encoding="utf-8")


def test_an_invalid_study_does_not_leave_its_recommendations_without_studies(valid_dataset):
    """An invalid record still names its recommendations: no false 'no study names' warning."""
    for path in (valid_dataset / "studies").glob("*.yaml"):
        _break(path)
    report = validate_dataset(valid_dataset)
    assert report.errors >= 7
    assert not [f for f in report.findings if f.rule == "recommendation-without-studies"]


@pytest.mark.parametrize(
    "replacement",
    ["recommendations: peer-support\n", "recommendations: [{a: 1}, 3]\n", "- a list\n", "year: [unclosed\n"],
    ids=["not-a-list", "not-strings", "not-a-mapping", "not-yaml"],
)
def test_an_unusable_study_names_no_recommendation(replacement, valid_dataset):
    """Best effort only: what cannot be read as a list of ids names nothing, and the warning stays."""
    studies = valid_dataset / "studies"
    namers = [p for p in studies.glob("*.yaml") if "peer-support" in p.read_text(encoding="utf-8")]
    for path in namers:
        path.write_text(replacement, encoding="utf-8")
    report = validate_dataset(valid_dataset)
    warned = [f for f in report.findings if f.rule == "recommendation-without-studies"]
    assert [f.message for f in warned] == ["no study names recommendation 'peer-support'"]

"""Loading a dataset folder into validated models, with every problem as a located finding.

A dataset is ``recommendations.yaml`` plus ``studies/*.yaml``. Loading never stops at the
first problem: every file is read, every schema error of every file is reported, and the
files that are valid are still returned so that the rest of the dataset can be checked.
"""

from __future__ import annotations

import errno
import gc
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from kinship_evidence.data.checks.references import number_hint
from kinship_evidence.data.models.recommendations import Recommendation, RecommendationsFile
from kinship_evidence.data.models.study import Study
from kinship_evidence.data.reading.locating import locate
from kinship_evidence.data.records import (
    load_file,
    read_for_locating,
    validate_file,
    validate_files,
)
from kinship_evidence.errors import DatasetNotFound
from kinship_evidence.findings import Finding, Severity
from kinship_evidence.frozen import frozen

RECOMMENDATIONS_FILE = "recommendations.yaml"
STUDIES_DIR = "studies"
RECORD_SUFFIX = ".yaml"

ProgressCallback = Callable[[int, int], None]  # (files done, files in all)


@frozen(slots=True)
class StudyRecord:
    """A valid study and the file it came from."""

    path: str
    study: Study


@frozen
class Dataset:
    root: Path
    recommendations_path: str
    recommendations_file: RecommendationsFile | None
    records: tuple[StudyRecord, ...]
    files_read: int = 0
    # Recommendation ids that invalid (but parsed) study files name, read best effort from
    # their YAML: such a recommendation is not "without studies", its study is broken.
    named_by_invalid: frozenset[str] = frozenset()

    @property
    def studies(self) -> tuple[Study, ...]:
        return tuple(record.study for record in self.records)

    @property
    def recommendations(self) -> tuple[Recommendation, ...]:
        return tuple(self.recommendations_file.recommendations) if self.recommendations_file else ()


@frozen
class LoadResult:
    dataset: Dataset
    findings: tuple[Finding, ...] = field(default_factory=tuple)




MISNAMED_SUFFIXES = (".yml", ".YAML", ".YML")
_ABSENT = (errno.ENOENT, errno.ENOTDIR, errno.ELOOP)  # nothing there to read (or a link loop)


def path_state(path: Path, follow: bool = True) -> int | OSError | None:
    """``st_mode`` of ``path``; None when nothing is there; the error when it cannot be told.

    Unlike ``Path.exists()`` and ``Path.is_dir()`` this never raises: a folder without search
    permission gives its ``PermissionError`` back, for a finding or a usage error to name.
    """
    try:
        return (os.stat if follow else os.lstat)(path).st_mode
    except OSError as error:
        return None if error.errno in _ABSENT else error


def _reason(error: OSError) -> str:
    return error.strerror or error.__class__.__name__


# Hidden files and editors' locks, backups and swap files: ``.#x.yaml`` (Emacs, often a dangling
# link), ``.x.yaml``, ``x.yaml~``, ``#x.yaml#``, ``.x.yaml.swp``; never read as records.
_EDITOR_PREFIXES = (".", "#")
_EDITOR_SUFFIXES = ("~", ".swp", ".swx", ".tmp")


def is_editor_file(name: str) -> bool:
    """A hidden file or an editor's lock, backup or swap file, which ``studies/`` listing skips."""
    return name.startswith(_EDITOR_PREFIXES) or name.endswith(_EDITOR_SUFFIXES)


def study_files(studies_dir: Path) -> tuple[list[os.DirEntry[str]], list[str]]:
    """The entries of ``studies/`` that are records (``*.yaml``), sorted by name, and the names
    of files that look like records under another suffix (``*.yml``), which are not read.
    Hidden and editor files (:func:`is_editor_file`) are skipped."""
    try:
        with os.scandir(studies_dir) as scanned:
            entries = list(scanned)
    except FileNotFoundError:
        return [], []
    entries = [entry for entry in entries if not is_editor_file(entry.name)]
    records = sorted((entry for entry in entries if entry.name.endswith(RECORD_SUFFIX)), key=lambda e: e.name)
    misnamed = sorted(entry.name for entry in entries if entry.name.endswith(MISNAMED_SUFFIXES))
    return records, misnamed


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading.

    Loading makes many small acyclic objects; the collector would rescan the growing set of
    kept records again and again (about a fifth of the load time at 10,000 records).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_dataset(root: Path, on_progress: ProgressCallback | None = None) -> LoadResult:
    """Load and validate every file of the dataset at ``root``.

    Raises :class:`DatasetNotFound` when ``root`` is not a folder; every other problem is a
    finding.
    """
    state = path_state(root)
    if isinstance(state, OSError):
        subject = f"cannot open dataset folder {root}"
        raise DatasetNotFound(f"{subject}: {_reason(state)}", setting="data", value=root, subject=subject)
    if state is None or not stat.S_ISDIR(state):
        raise DatasetNotFound(f"dataset folder not found: {root}", setting="data", value=root)
    findings: list[Finding] = []
    rec_path = root / RECOMMENDATIONS_FILE
    rec_display = str(rec_path)
    recommendations_file: RecommendationsFile | None = None
    if path_state(rec_path, follow=False) is not None:  # there, or unknown: reading it tells
        recommendations_file, problems = validate_file(rec_path, rec_display, RecommendationsFile)
        findings.extend(problems)
    else:
        findings.append(Finding(rec_display, 0, 0, "", "dataset-layout", f"{RECOMMENDATIONS_FILE} is missing"))

    studies_dir = root / STUDIES_DIR
    entries: list[os.DirEntry[str]] = []
    studies_state = path_state(studies_dir)
    if isinstance(studies_state, OSError):  # e.g. the dataset folder has no search permission
        findings.append(
            Finding(str(studies_dir), 0, 0, "", "dataset-layout", f"cannot read {STUDIES_DIR}/: {_reason(studies_state)}")
        )
    elif studies_state is None:  # absent, or a link loop
        findings.append(Finding(str(studies_dir), 0, 0, "", "dataset-layout", f"{STUDIES_DIR}/ folder is missing"))
    elif not stat.S_ISDIR(studies_state):
        findings.append(Finding(str(studies_dir), 0, 0, "", "dataset-layout", f"{STUDIES_DIR} is a file, not a folder"))
    else:
        try:
            entries, misnamed = study_files(studies_dir)
            findings.extend(
                Finding(
                    str(studies_dir / name), 1, 1, "", "record-suffix",
                    f"not read: study records end in {RECORD_SUFFIX}", Severity.WARNING,
                )
                for name in misnamed
            )
        except OSError as error:  # e.g. a folder without read permission
            findings.append(Finding(str(studies_dir), 0, 0, "", "dataset-layout", f"cannot read {STUDIES_DIR}/: {_reason(error)}"))
    records: list[StudyRecord] = []
    named_by_invalid: set[str] = set()
    total = len(entries)
    studies_display = str(studies_dir)
    with _collector_paused():
        for done, entry in enumerate(entries, start=1):
            display = os.path.join(studies_display, entry.name)
            study, problems, parsed = load_file(entry.path, display, Study)
            if study is not None:
                records.append(StudyRecord(display, study))
            elif isinstance(parsed, dict):
                named_by_invalid.update(_named_recommendations(parsed))
                if recommendations_file is not None:
                    problems = _with_number_hints(problems, parsed, recommendations_file)
            findings.extend(problems)
            if on_progress is not None:
                on_progress(done, total)

    dataset = Dataset(
        root=root,
        recommendations_path=rec_display,
        recommendations_file=recommendations_file,
        records=tuple(records),
        files_read=total + 1,
        named_by_invalid=frozenset(named_by_invalid),
    )
    return LoadResult(dataset, tuple(findings))


def _with_number_hints(problems: list[Finding], data: dict[str, Any], recommendations_file: RecommendationsFile) -> list[Finding]:
    """A schema finding on ``recommendations.N`` whose value is a recommendation's number names that id.

    The model sees ``3`` only as a wrong type; only here, with recommendations.yaml known, can
    the finding say which id recommendation 3 has."""
    named = data.get("recommendations")
    if not isinstance(named, list):
        return problems
    hinted = []
    for finding in problems:
        index = finding.field.removeprefix("recommendations.")
        hint = None
        if finding.rule == "schema" and index.isdigit() and int(index) < len(named):
            hint = number_hint(named[int(index)], recommendations_file.recommendations)
        hinted.append(replace(finding, message=hint) if hint else finding)
    return hinted


def _named_recommendations(data: dict[str, Any]) -> list[str]:
    named = data.get("recommendations")
    return [item for item in named if isinstance(item, str)] if isinstance(named, list) else []


def load_study_files(paths: Iterable[Path]) -> tuple[list[StudyRecord], list[Finding]]:
    """Load extra study records named on the command line (``rate --with FILE``)."""
    valid, findings = validate_files(paths, Study)
    return [StudyRecord(path, study) for path, study in valid], findings


def locate_in_files(findings: Iterable[Finding]) -> list[Finding]:
    """Positions for findings made after loading (cross-file rules), reading files as needed."""
    return locate(findings, read_for_locating)

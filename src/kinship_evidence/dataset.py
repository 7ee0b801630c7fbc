"""Loading a dataset folder into validated models, with every problem as a located finding.

A dataset is ``recommendations.yaml`` plus ``studies/*.yaml``. Loading never stops at the
first problem: every file is read, every schema error of every file is reported, and the
files that are valid are still returned so that the rest of the dataset can be checked.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kinship_evidence.findings import Finding, Severity
from kinship_evidence.loading import FieldLocator, parse_yaml, read_text, split_field
from kinship_evidence.models import RecommendationsFile, Study

RECOMMENDATIONS_FILE = "recommendations.yaml"
STUDIES_DIR = "studies"
RECORD_SUFFIX = ".yaml"

ModelT = TypeVar("ModelT", bound=BaseModel)
ProgressCallback = Callable[[int, int], None]  # (files done, files in all)


@dataclass(frozen=True, slots=True)
class StudyRecord:
    """A valid study and the file it came from."""

    path: str
    study: Study


@dataclass(frozen=True)
class Dataset:
    root: Path
    recommendations_path: str
    recommendations_file: RecommendationsFile | None
    records: tuple[StudyRecord, ...]
    files_read: int = 0

    @property
    def studies(self) -> tuple[Study, ...]:
        return tuple(record.study for record in self.records)

    @property
    def recommendations(self) -> tuple:
        return tuple(self.recommendations_file.recommendations) if self.recommendations_file else ()


@dataclass(frozen=True)
class LoadResult:
    dataset: Dataset
    findings: tuple[Finding, ...] = field(default_factory=tuple)


class DatasetNotFound(Exception):
    """The folder given as a dataset does not exist or is not a folder (a usage error)."""


# ---------------------------------------------------------------------------------------
# Pydantic errors -> findings


_PATTERN_MESSAGES = {
    r"^[a-z0-9-]+$": "must be a slug: lowercase letters, digits and hyphens",
    r"^[A-Z]{2}$": "must be an ISO 3166-1 alpha-2 country code, e.g. GB or US",
    r"^\d{4}-\d{2}-\d{2}$": "must be a date written YYYY-MM-DD (quote it in YAML)",
}


def _shown(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: its repr, cut short when long."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-2:]}"


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    given = error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling against the format)"
    if given is None and kind != "field_check":
        return "value is empty; fill it in"
    if kind == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern", "")
        if pattern in _PATTERN_MESSAGES:
            return f"{_PATTERN_MESSAGES[pattern]}, got {_shown(given)}"
        if "https?" in pattern:
            return f"must be a URL (http or https) or a DOI, got {_shown(given)}"
    message = error["msg"]
    if kind.endswith("_type") and not isinstance(given, dict | list):
        message = f"{message}, got {type(given).__name__} {_shown(given)}"
    return message


def validation_findings(error: ValidationError, display: str) -> list[Finding]:
    findings = []
    for item in error.errors(include_url=False):
        parts = [str(part) for part in item["loc"]]
        extra = (item.get("ctx") or {}).get("field") if item["type"] == "field_check" else None
        if extra:
            parts.extend(extra.split("."))
        findings.append(
            Finding(path=display, line=0, column=0, field=".".join(parts), rule="schema", message=_message(item))
        )
    return findings


def locate(findings: Iterable[Finding], text_of: Callable[[str], str | None]) -> list[Finding]:
    """Fill in line and column of findings that have a field path but no position yet.

    Each file with such findings is composed once; clean files are never composed.
    """
    locators: dict[str, FieldLocator | None] = {}
    located = []
    for finding in findings:
        if finding.line:
            located.append(finding)
            continue
        if finding.path not in locators:
            text = text_of(finding.path)
            locators[finding.path] = FieldLocator(text) if text is not None else None
        locator = locators[finding.path]
        line, column = locator.locate(split_field(finding.field)) if locator else (1, 1)
        located.append(replace(finding, line=line, column=column))
    return located


def _read_for_locating(display: str) -> str | None:
    text = read_text(Path(display), display)
    return text if isinstance(text, str) else None


_KIND_NAMES = {type(None): "null", list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}


def validate_file(path: str | os.PathLike[str], display: str, model: type[ModelT]) -> tuple[ModelT | None, list[Finding]]:
    """Read, parse and validate one file against ``model``; findings carry their positions."""
    text = read_text(path, display)
    if isinstance(text, Finding):
        return None, [text]
    loaded = parse_yaml(text, display)
    findings = list(loaded.findings)
    if loaded.data is None and findings:
        return None, findings
    if not isinstance(loaded.data, dict):
        found = _KIND_NAMES.get(type(loaded.data), type(loaded.data).__name__)
        findings.append(Finding(display, 1, 1, "", "schema", f"expected a mapping of fields, found {found}"))
        return None, findings
    try:
        instance = model.model_validate(loaded.data)
    except ValidationError as error:
        findings.extend(locate(validation_findings(error, display), lambda _path: text))
        return None, findings
    return (instance if not findings else None), findings


# ---------------------------------------------------------------------------------------
# The dataset folder


MISNAMED_SUFFIXES = (".yml", ".YAML", ".YML")


def study_files(studies_dir: Path) -> tuple[list[os.DirEntry[str]], list[str]]:
    """The entries of ``studies/`` that are records (``*.yaml``), sorted by name, and the names
    of files that look like records under another suffix (``*.yml``), which are not read."""
    try:
        with os.scandir(studies_dir) as scanned:
            entries = list(scanned)
    except FileNotFoundError:
        return [], []
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
    if not root.is_dir():
        raise DatasetNotFound(f"dataset folder not found: {root}")
    findings: list[Finding] = []
    rec_path = root / RECOMMENDATIONS_FILE
    rec_display = str(rec_path)
    recommendations_file: RecommendationsFile | None = None
    if rec_path.exists() or rec_path.is_symlink():
        recommendations_file, problems = validate_file(rec_path, rec_display, RecommendationsFile)
        findings.extend(problems)
    else:
        findings.append(Finding(rec_display, 0, 0, "", "dataset-layout", f"{RECOMMENDATIONS_FILE} is missing"))

    studies_dir = root / STUDIES_DIR
    entries: list[os.DirEntry[str]] = []
    if not studies_dir.is_dir():  # absent, a file, or a symlink loop
        findings.append(Finding(str(studies_dir), 0, 0, "", "dataset-layout", f"{STUDIES_DIR}/ folder is missing"))
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
            reason = error.strerror or error.__class__.__name__
            findings.append(Finding(str(studies_dir), 0, 0, "", "dataset-layout", f"cannot read {STUDIES_DIR}/: {reason}"))
    records: list[StudyRecord] = []
    total = len(entries)
    studies_display = str(studies_dir)
    with _collector_paused():
        for done, entry in enumerate(entries, start=1):
            display = os.path.join(studies_display, entry.name)
            study, problems = validate_file(entry.path, display, Study)
            findings.extend(problems)
            if study is not None:
                records.append(StudyRecord(display, study))
            if on_progress is not None:
                on_progress(done, total)

    dataset = Dataset(
        root=root,
        recommendations_path=rec_display,
        recommendations_file=recommendations_file,
        records=tuple(records),
        files_read=total + 1,
    )
    return LoadResult(dataset, tuple(findings))


def validate_files(paths: Iterable[Path], model: type[ModelT]) -> tuple[list[tuple[str, ModelT]], list[Finding]]:
    """Validate files named on the command line; the valid ones with their paths, and the findings."""
    valid: list[tuple[str, ModelT]] = []
    findings: list[Finding] = []
    for path in paths:
        instance, problems = validate_file(path, str(path), model)
        findings.extend(problems)
        if instance is not None:
            valid.append((str(path), instance))
    return valid, findings


def load_study_files(paths: Iterable[Path]) -> tuple[list[StudyRecord], list[Finding]]:
    """Load extra study records named on the command line (``rate --with FILE``)."""
    valid, findings = validate_files(paths, Study)
    return [StudyRecord(path, study) for path, study in valid], findings


def locate_in_files(findings: Iterable[Finding]) -> list[Finding]:
    """Positions for findings made after loading (cross-file rules), reading files as needed."""
    return locate(findings, _read_for_locating)

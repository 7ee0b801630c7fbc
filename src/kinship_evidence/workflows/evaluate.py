"""Rating a dataset: choose frameworks, load and validate the data, rate, compare with published.

The one function each of ``rate``, ``check`` and ``explain`` calls; it returns data, and the
CLI decides what to print and which exit code follows. Arguments that name nothing raise
:class:`~kinship_evidence.errors.UnknownName` (a usage error).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import field, replace
from functools import cached_property
from pathlib import Path

from kinship_evidence.data.checks.dataset_rules import known_recommendations, unique_study_ids
from kinship_evidence.data.checks.validation import ValidationReport, validate_dataset
from kinship_evidence.data.dataset import (
    ProgressCallback,
    StudyRecord,
    load_study_files,
    locate_in_files,
)
from kinship_evidence.data.records import validate_files
from kinship_evidence.errors import FileNotGiven, UnknownName
from kinship_evidence.findings import Finding, sorted_findings
from kinship_evidence.frozen import frozen
from kinship_evidence.rating.engine import rate_all
from kinship_evidence.rating.frameworks import Framework, known_frameworks
from kinship_evidence.rating.results import RatingReport
from kinship_evidence.stats.methods import MethodOverrides
from kinship_evidence.workflows.acknowledgements import known_drift_findings
from kinship_evidence.workflows.appraisal_checks import quality_disagreements

ALL_FRAMEWORKS = "all"


@frozen
class Evaluation:
    validation: ValidationReport
    reports: tuple[RatingReport, ...] = ()
    extra_findings: tuple[Finding, ...] = field(default_factory=tuple)  # --rules and --with files
    records: tuple[StudyRecord, ...] = ()  # the records rated (the dataset's, after --without and --with)

    @cached_property
    def findings(self) -> list[Finding]:
        """Sorted once (the validation's are sorted already; usually there are no extra ones)."""
        if not self.extra_findings:
            return list(self.validation.findings)
        return sorted_findings([*self.validation.findings, *self.extra_findings])

    @property
    def has_errors(self) -> bool:
        return self.validation.errors > 0 or any(finding.is_error for finding in self.extra_findings)


def require_files(option: str, paths: Sequence[Path]) -> list[Path]:
    """``paths`` named by ``option``, each file once (the same file given twice counts once).

    A path that names nothing is a usage error (exit 2): there is no file to report findings
    in. One that exists but cannot be read is left to the reader (a finding).
    """
    kept: list[Path] = []
    seen: set[object] = set()
    for path in paths:
        try:
            status = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            raise FileNotGiven(f"{option} {path}: no such file") from None
        except OSError:  # e.g. no permission: reading it reports the reason, as a finding
            key: object = os.path.abspath(path)
        else:
            key = (status.st_dev, status.st_ino)
        if key not in seen:
            seen.add(key)
            kept.append(path)
    return kept


def load_rules_files(paths: Sequence[Path]) -> tuple[list[Framework], list[Finding]]:
    valid, findings = validate_files(require_files("--rules", paths), Framework)
    return [framework for _, framework in valid], findings


def known_frameworks_with(rules_files: Sequence[Path]) -> tuple[dict[str, Framework], list[Finding]]:
    """The bundled frameworks plus those of ``rules_files``, and the findings of those files."""
    extra, findings = load_rules_files(rules_files)
    return known_frameworks(extra), findings


def unknown_framework(framework: str, known: dict[str, Framework]) -> UnknownName:
    """``unknown framework 'x'; known: a, b (or 'all'); did you mean 'a'?``, about the setting ``framework``."""
    from kinship_evidence.suggestions import did_you_mean, quoted

    subject = f"unknown framework {quoted(framework)}"
    return UnknownName(
        f"{subject}; known: {', '.join(sorted(known))} (or 'all'){did_you_mean(framework, sorted(known))}",
        setting="framework", value=framework, subject=subject,
    )


def choose_frameworks(choice: str | None, guide_framework: str | None, known: dict[str, Framework]) -> list[Framework]:
    """``None``: the guide's own framework; ``all``: every one known; otherwise the one named.

    ``evaluate`` has made sure the one named is known (a usage error or a finding otherwise).
    """
    if choice == ALL_FRAMEWORKS:
        return list(known.values())
    return [known[choice or guide_framework or "foundations-kinship-2024"]]


def apply_what_if(
    records: Sequence[StudyRecord], without: Sequence[str], extra: Sequence[StudyRecord]
) -> list[StudyRecord]:
    """The records less ``without`` ids, with ``extra`` records added (replacing same ids)."""
    known = {record.study.id for record in records}
    unknown = [study_id for study_id in without if study_id not in known]
    if unknown:
        raise UnknownName(f"--without names no study in the dataset: {', '.join(unknown)}")
    replaced = {record.study.id for record in extra}
    kept = [r for r in records if r.study.id not in without and r.study.id not in replaced]
    return [*kept, *extra]


def evaluate(
    root: Path,
    framework: str | None = None,
    methods: MethodOverrides = MethodOverrides(),
    rules_files: Sequence[Path] = (),
    without: Sequence[str] = (),
    with_files: Sequence[Path] = (),
    on_progress: ProgressCallback | None = None,
) -> Evaluation:
    """Validate ``root`` and, when it is valid, rate it under the chosen frameworks."""
    validation = validate_dataset(root, on_progress)
    extra_frameworks, rule_findings = load_rules_files(rules_files)
    extra_records, record_findings = load_study_files(require_files("--with", with_files))
    dataset = validation.dataset
    # A --with record is checked against the dataset's recommendations like any record, and
    # two --with records may not share an id (the second is reported).
    with_only = replace(dataset, records=tuple(extra_records))
    record_findings += locate_in_files([*unique_study_ids(with_only), *known_recommendations(with_only)])
    extra_findings = (*rule_findings, *record_findings)
    guide = dataset.recommendations_file.guide if dataset.recommendations_file else None
    known = known_frameworks(extra_frameworks)
    if framework is not None and framework != ALL_FRAMEWORKS and framework not in known and not rule_findings:
        raise unknown_framework(framework, known)
    if framework is None and guide is not None and guide.framework not in known:
        extra_findings += tuple(
            locate_in_files(
                [
                    Finding(
                        dataset.recommendations_path, 0, 0, "guide.framework", "unknown-framework",
                        f"no framework {guide.framework!r}; known: {', '.join(sorted(known))} "
                        "(add one with --rules FILE)",
                    )
                ]
            )
        )
    records = apply_what_if(dataset.records, without, extra_records)
    extra_findings += tuple(quality_disagreements(records, known.get(guide.framework) if guide else None))
    extra_findings += tuple(known_drift_findings(dataset, known))
    evaluation = Evaluation(validation, (), extra_findings)
    if evaluation.has_errors or dataset.recommendations_file is None:
        return evaluation
    chosen = choose_frameworks(framework, guide.framework if guide else None, known)
    studies = [record.study for record in records]
    reports = tuple(
        rate_all(dataset.recommendations, studies, item, methods.applied_to(item.pooling.methods), guide.framework if guide else None)
        for item in chosen
    )
    return Evaluation(validation, reports, extra_findings, tuple(records))

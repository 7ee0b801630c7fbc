"""Cross-file checks of a loaded dataset. Each rule yields findings and never prints.

Rules see only the valid records; findings carry a field path and are given their line and
column afterwards (see :func:`kinship_evidence.data.dataset.locate_in_files`).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterator

from kinship_evidence.data.checks.references import unknown_reference_message
from kinship_evidence.data.dataset import Dataset
from kinship_evidence.findings import Finding, Severity
from kinship_evidence.suggestions import suggest

DatasetRule = Callable[[Dataset], Iterator[Finding]]


def id_matches_file(dataset: Dataset) -> Iterator[Finding]:
    for record in dataset.records:
        stem = os.path.basename(record.path).removesuffix(".yaml")
        if record.study.id != stem:
            yield Finding(
                record.path, 0, 0, "id", "id-matches-file", f"id {record.study.id!r} differs from the file name {stem!r}"
            )


def unique_study_ids(dataset: Dataset) -> Iterator[Finding]:
    paths_by_id: dict[str, list[str]] = defaultdict(list)
    for record in dataset.records:
        paths_by_id[record.study.id].append(record.path)
    for study_id, paths in paths_by_id.items():
        for path in paths[1:]:
            yield Finding(path, 0, 0, "id", "unique-id", f"study id {study_id!r} is also used by {paths[0]}")


def unique_recommendations(dataset: Dataset) -> Iterator[Finding]:
    if dataset.recommendations_file is None:
        return
    seen_ids: dict[str, int] = {}
    seen_numbers: dict[int, int] = {}
    for index, rec in enumerate(dataset.recommendations):
        if rec.id in seen_ids:
            yield Finding(
                dataset.recommendations_path, 0, 0, f"recommendations.{index}.id", "unique-id",
                f"recommendation id {rec.id!r} is also used by recommendations.{seen_ids[rec.id]}",
            )
        else:
            seen_ids[rec.id] = index
        if rec.number in seen_numbers:
            yield Finding(
                dataset.recommendations_path, 0, 0, f"recommendations.{index}.number", "unique-number",
                f"recommendation number {rec.number} is also used by recommendations.{seen_numbers[rec.number]}",
            )
        else:
            seen_numbers[rec.number] = index


def known_recommendations(dataset: Dataset) -> Iterator[Finding]:
    if dataset.recommendations_file is None:
        return  # the missing or broken file is reported already; every reference would be noise
    known = {rec.id for rec in dataset.recommendations}
    for record in dataset.records:
        for index, rec_id in enumerate(record.study.recommendations):
            if rec_id not in known:
                yield Finding(
                    record.path, 0, 0, f"recommendations.{index}", "unknown-recommendation",
                    unknown_reference_message(rec_id, dataset.recommendations, dataset.recommendations_path),
                )


def recommendations_have_studies(dataset: Dataset) -> Iterator[Finding]:
    named = {rec_id for study in dataset.studies for rec_id in study.recommendations} | dataset.named_by_invalid
    for index, rec in enumerate(dataset.recommendations):
        if rec.id not in named:
            yield Finding(
                dataset.recommendations_path, 0, 0, f"recommendations.{index}.id", "recommendation-without-studies",
                f"no study names recommendation {rec.id!r}", Severity.WARNING,
            )


def outcomes_in_target_domains(dataset: Dataset) -> Iterator[Finding]:
    """A study that names a recommendation but measured none of its target domains counts for nothing there."""
    targets_of = {rec.id: rec.outcomes for rec in dataset.recommendations if rec.outcomes}
    for record in dataset.records:
        domains = sorted({outcome.domain for outcome in record.study.outcomes})
        for index, rec_id in enumerate(record.study.recommendations):
            targets = targets_of.get(rec_id)
            if not targets or any(domain in targets for domain in domains):
                continue
            hints = [f"{domain!r} -> {hint!r}" for domain in domains if (hint := suggest(domain, targets))]
            yield Finding(
                record.path, 0, 0, f"recommendations.{index}", "outcome-outside-targets",
                f"names {rec_id!r}, but none of its outcome domains ({', '.join(domains) or 'none'}) is among "
                f"its target domains ({', '.join(targets)}), so it counts for nothing there"
                + (f"; did you mean {', '.join(hints)}?" if hints else ""),
                Severity.WARNING,
            )


def known_outcome_domains(dataset: Dataset) -> Iterator[Finding]:
    """An outcome domain that no recommendation targets and no other study uses, near one that is: a misspelling.

    Such an outcome silently leaves the domain it was meant for (``permanency`` for ``permanence``),
    so it is a warning (``--strict`` fails on it) naming the nearest domain in use. A domain of its
    own with no near name (the bundled ``safety`` of kin-tech) is taken as a new domain, as written.
    """
    targeted = {domain for rec in dataset.recommendations for domain in rec.outcomes or ()}
    users: dict[str, set[str]] = defaultdict(set)
    for record in dataset.records:
        for outcome in record.study.outcomes:
            users[outcome.domain].add(record.path)
    for record in dataset.records:
        for index, outcome in enumerate(record.study.outcomes):
            domain = outcome.domain
            if domain in targeted or len(users[domain]) > 1:  # a target, or another record uses it too
                continue
            known = sorted(targeted | {name for name, paths in users.items() if paths - {record.path}})
            hint = suggest(domain, known)
            if hint is None or hint == domain:
                continue
            yield Finding(
                record.path, 0, 0, f"outcomes.{index}.domain", "unknown-outcome-domain",
                f"domain {domain!r} is targeted by no recommendation and used by no other study, so this outcome"
                f" is rated apart from {hint!r} (or not at all); did you mean {hint!r}?",
                Severity.WARNING,
            )


DATASET_RULES: tuple[DatasetRule, ...] = (
    id_matches_file,
    unique_study_ids,
    unique_recommendations,
    known_recommendations,
    recommendations_have_studies,
    outcomes_in_target_domains,
    known_outcome_domains,
)


def check_dataset(dataset: Dataset, rules: tuple[DatasetRule, ...] = DATASET_RULES) -> list[Finding]:
    return [finding for rule in rules for finding in rule(dataset)]

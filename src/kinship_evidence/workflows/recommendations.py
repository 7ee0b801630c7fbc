"""``recommendations``: the dataset's recommendations and the outcome-domain vocabulary in use.

The vocabulary is every domain a recommendation targets or a study reports, with how many
recommendations and studies name it: what ``new --domain`` and a record's ``domain`` are checked
against, so a new record joins the domains already in use instead of coining a near-twin.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from kinship_evidence.data.checks.validation import ValidationReport, validate_dataset
from kinship_evidence.data.dataset import Dataset, ProgressCallback
from kinship_evidence.frozen import frozen


@frozen(slots=True)
class RecommendationEntry:
    id: str
    number: int
    text: str
    published_rating: str
    target_domains: tuple[str, ...] | None  # None: any domain counts


@frozen(slots=True)
class DomainUse:
    domain: str
    recommendations: int  # recommendations that target it
    studies: int  # study records with an outcome in it


@frozen
class RecommendationList:
    validation: ValidationReport
    recommendations: tuple[RecommendationEntry, ...]
    domains: tuple[DomainUse, ...]


def domains_in_use(dataset: Dataset) -> tuple[DomainUse, ...]:
    """Every domain named by a recommendation or a valid study, sorted, with its counts."""
    by_recommendations = Counter(domain for rec in dataset.recommendations for domain in set(rec.outcomes or ()))
    by_studies = Counter(domain for study in dataset.studies for domain in {outcome.domain for outcome in study.outcomes})
    names = sorted({*by_recommendations, *by_studies})
    return tuple(DomainUse(name, by_recommendations[name], by_studies[name]) for name in names)


def list_recommendations(root: Path, on_progress: ProgressCallback | None = None) -> RecommendationList:
    """The recommendations of the dataset at ``root`` and its domains (the valid files' part)."""
    validation = validate_dataset(root, on_progress)
    dataset = validation.dataset
    entries = tuple(
        RecommendationEntry(
            rec.id, rec.number, rec.text, rec.published_rating, tuple(rec.outcomes) if rec.outcomes is not None else None
        )
        for rec in dataset.recommendations
    )
    return RecommendationList(validation, entries, domains_in_use(dataset))

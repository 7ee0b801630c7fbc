"""``diff``: which ratings changed between two versions of a dataset, and which studies changed them.

A study caused a rating change when reverting that study alone (removing an added study,
restoring a removed one, or putting back the old version of an edited one) in the new
dataset gives the old rating again. Only the recommendation is re-rated for each trial, from
the studies that name it, so attribution costs little even for large datasets.

Pure computation: it returns a :class:`DiffResult`; ``reports.diff`` prints it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import field, replace
from pathlib import Path

from kinship_evidence.data.dataset import ProgressCallback
from kinship_evidence.data.models import RecommendationsFile, Study
from kinship_evidence.findings import Finding, sorted_findings
from kinship_evidence.frozen import frozen
from kinship_evidence.rating.engine import rate_recommendation
from kinship_evidence.rating.results import RatingReport, RecommendationRating
from kinship_evidence.stats.methods import MethodOverrides
from kinship_evidence.workflows.evaluate import Evaluation, evaluate
from kinship_evidence.workflows.revisions.sides import Side, resolve_side

ADDED, REMOVED, EDITED = "added", "removed", "edited"


@frozen(slots=True)
class StudyChange:
    study_id: str
    change: str  # added | removed | edited


@frozen(slots=True)
class GuideChange:
    """A change to recommendations.yaml; ``recommendation`` is None for the guide itself."""

    recommendation: str | None
    description: str


@frozen(slots=True)
class RatingChange:
    framework: str
    recommendation: str
    number: int
    domain: str | None  # None: the recommendation's own rating (its best domain)
    before: str | None  # None: not rated on that side (recommendation or domain absent)
    after: str | None
    causes: tuple[StudyChange, ...]  # each alone, reverted, restores ``before``
    related_studies: tuple[StudyChange, ...]  # every changed study that names the recommendation
    related_guide: tuple[GuideChange, ...]  # changes to the guide or to this recommendation


@frozen
class DatasetDiff:
    old: str
    new: str
    frameworks: tuple[str, ...]
    methods: str  # the pooling methods, in words (of the new side's first framework)
    studies: tuple[StudyChange, ...]
    guide: tuple[GuideChange, ...]
    ratings: tuple[RatingChange, ...]

    @property
    def changed(self) -> bool:
        return bool(self.ratings)


@frozen
class DiffResult:
    """A diff, or (when either side is invalid) the findings that prevent one."""

    diff: DatasetDiff | None
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    files_read: int = 0


# ---------------------------------------------------------------------------------------
# What changed in the data


def study_changes(old: Mapping[str, Study], new: Mapping[str, Study]) -> list[StudyChange]:
    changes = [StudyChange(i, ADDED) for i in new if i not in old]
    changes += [StudyChange(i, REMOVED) for i in old if i not in new]
    changes += [StudyChange(i, EDITED) for i in new if i in old and new[i] != old[i]]
    return sorted(changes, key=lambda change: change.study_id)


def _shown(value: object) -> str:
    if value is None:
        return "any"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def guide_changes(old: RecommendationsFile, new: RecommendationsFile) -> list[GuideChange]:
    changes = [
        GuideChange(None, f"guide.{name}: {_shown(getattr(old.guide, name))} -> {_shown(getattr(new.guide, name))}")
        for name in type(new.guide).model_fields
        if getattr(old.guide, name) != getattr(new.guide, name)
    ]
    old_recs = {rec.id: rec for rec in old.recommendations}
    for rec in new.recommendations:
        before = old_recs.get(rec.id)
        if before is None:
            changes.append(GuideChange(rec.id, f"recommendation {rec.id} added"))
            continue
        for name in type(rec).model_fields:
            was, now = getattr(before, name), getattr(rec, name)
            if was != now:
                what = "text edited" if name == "text" else f"{name} {_shown(was)} -> {_shown(now)}"
                changes.append(GuideChange(rec.id, f"recommendation {rec.id}: {what}"))
    new_ids = {rec.id for rec in new.recommendations}
    changes += [GuideChange(i, f"recommendation {i} removed") for i in old_recs if i not in new_ids]
    return changes


# ---------------------------------------------------------------------------------------
# Which ratings changed, and why

Levels = dict[str | None, str]


def rating_levels(rating: RecommendationRating | None) -> Levels:
    """The recommendation's rating (key None) and each outcome domain's."""
    if rating is None:
        return {}
    return {None: rating.rating, **{domain.domain: domain.rating for domain in rating.domains}}


def _reverted(studies: Sequence[Study], change: StudyChange, old: Mapping[str, Study]) -> list[Study]:
    kept = [study for study in studies if study.id != change.study_id]
    return kept if change.change == ADDED else [*kept, old[change.study_id]]


def _recommendation_changes(
    old_rating: RecommendationRating | None,
    new_rating: RecommendationRating | None,
    report: RatingReport,
    old_studies: Mapping[str, Study],
    new_studies: Mapping[str, Study],
    changes: Sequence[StudyChange],
    guide: Sequence[GuideChange],
) -> list[RatingChange]:
    before, after = rating_levels(old_rating), rating_levels(new_rating)
    keys = [None, *(k for k in after if k is not None), *(k for k in before if k is not None and k not in after)]
    changed = [key for key in keys if before.get(key) != after.get(key)]
    if not changed:
        return []
    named = new_rating or old_rating
    assert named is not None
    rec_id = named.recommendation.id
    related = [
        change for change in changes
        if any(rec_id in side[change.study_id].recommendations for side in (old_studies, new_studies) if change.study_id in side)
    ]
    causes: dict[str | None, list[StudyChange]] = {key: [] for key in changed}
    if new_rating is not None:
        studies = [study for study in new_studies.values() if rec_id in study.recommendations]
        for change in related:
            trial = rating_levels(
                rate_recommendation(
                    new_rating.recommendation, _reverted(studies, change, old_studies), report.framework,
                    report.methods, published=False, certainty=False,
                )
            )
            for key in changed:
                if trial.get(key) == before.get(key):
                    causes[key].append(change)
    related_guide = tuple(item for item in guide if item.recommendation in (None, rec_id))
    return [
        RatingChange(
            report.framework.id, rec_id, named.recommendation.number, key, before.get(key), after.get(key),
            tuple(causes[key]), tuple(related), related_guide,
        )
        for key in changed
    ]


def _paired(old: Sequence[RatingReport], new: Sequence[RatingReport]) -> list[tuple[RatingReport, RatingReport]]:
    """One report each (each side's own framework, which may differ), or the same frameworks by id."""
    if len(old) == 1 and len(new) == 1:
        return [(old[0], new[0])]
    old_by_id = {report.framework.id: report for report in old}
    return [(old_by_id[report.framework.id], report) for report in new if report.framework.id in old_by_id]


def compare(old: Evaluation, new: Evaluation, old_label: str = "old", new_label: str = "new") -> DatasetDiff:
    """Every rating that differs between two valid, rated datasets, with its causes."""
    old_studies = {study.id: study for study in old.validation.dataset.studies}
    new_studies = {study.id: study for study in new.validation.dataset.studies}
    changes = study_changes(old_studies, new_studies)
    old_file, new_file = old.validation.dataset.recommendations_file, new.validation.dataset.recommendations_file
    assert old_file is not None and new_file is not None
    guide = guide_changes(old_file, new_file)
    ratings: list[RatingChange] = []
    for old_report, new_report in _paired(old.reports, new.reports):
        old_by_id = {rating.recommendation.id: rating for rating in old_report.ratings}
        new_by_id = {rating.recommendation.id: rating for rating in new_report.ratings}
        for rec_id in [*new_by_id, *(i for i in old_by_id if i not in new_by_id)]:
            ratings += _recommendation_changes(
                old_by_id.get(rec_id), new_by_id.get(rec_id), new_report, old_studies, new_studies, changes, guide
            )
    return DatasetDiff(
        old=old_label,
        new=new_label,
        frameworks=tuple(report.framework.id for report in new.reports),
        methods=new.reports[0].methods.describe() if new.reports else "",
        studies=tuple(changes),
        guide=tuple(guide),
        ratings=tuple(ratings),
    )


# ---------------------------------------------------------------------------------------
# The command's one function


def _shown_findings(evaluation: Evaluation, side: Side) -> list[Finding]:
    """A side's findings, with paths inside a temporary copy shown as ``REV:data/...``."""
    root = str(side.root)
    return [
        replace(finding, path=side.display_root + finding.path[len(root):]) if finding.path.startswith(root) else finding
        for finding in evaluation.findings
    ]


def diff_datasets(
    old: str,
    new: str,
    data_path: str = "data",
    framework: str | None = None,
    methods: MethodOverrides = MethodOverrides(),
    rules_files: Sequence[Path] = (),
    on_progress: ProgressCallback | None = None,
    cwd: Path = Path("."),
    configured: Path | None = None,
) -> DiffResult:
    """Compare the datasets named by ``old`` and ``new`` (folders or git revisions).

    ``configured``: the configuration's ``data`` folder, for a revision's dataset when
    ``data_path`` was not chosen on the command line (see ``sides.resolve_side``).

    Raises a :class:`~kinship_evidence.errors.UsageError` (``RevisionNotFound``,
    ``DatasetNotFound``, ``UnknownName``) for arguments that name nothing; invalid data is
    returned as findings.
    """
    with ExitStack() as stack:
        sides = [resolve_side(spec, data_path, stack, cwd, configured) for spec in (old, new)]
        evaluations = [evaluate(side.root, framework, methods, rules_files, on_progress=on_progress) for side in sides]
        files = sum(e.validation.dataset.files_read for e in evaluations)
        if any(e.has_errors or e.validation.dataset.recommendations_file is None for e in evaluations):
            findings = [f for e, s in zip(evaluations, sides) if e.has_errors for f in _shown_findings(e, s)]
            return DiffResult(None, tuple(sorted_findings(findings)), files)
        return DiffResult(compare(evaluations[0], evaluations[1], sides[0].label, sides[1].label), (), files)

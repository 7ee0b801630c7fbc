"""``history --by commit``: the rating at each git commit that changed the dataset folder.

The commits are those ``git log`` lists for the dataset folder (``--data-path``, default
``data``), oldest first: the whole history, or the range given (``main..HEAD``, ``v1..v2``, or a
single revision, which means that commit and its ancestors). Each commit's folder is copied out
of git as ``diff`` copies a revision (:mod:`~kinship_evidence.workflows.revisions.sides`: links
resolved inside the repository), read and rated, and the copy is removed before the next commit
is read, on every path out (an error, Ctrl-C, SIGTERM: see ``cli.termination``).

A commit's added, removed and edited records are those of ``diff`` against the commit before it
in the list (the first one against its parent, or nothing when its parent has no such folder).
A commit whose dataset is invalid keeps its place, with no rating and the number of errors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path

from kinship_evidence.data.models import Study
from kinship_evidence.errors import RevisionNotFound, UnknownName
from kinship_evidence.frozen import frozen
from kinship_evidence.rating.results import RatingReport
from kinship_evidence.stats.methods import MethodOverrides
from kinship_evidence.workflows.evaluate import Evaluation, evaluate
from kinship_evidence.workflows.history.points import Commit, Point, RecommendationHistory, changed, domain_points
from kinship_evidence.workflows.revisions.diff import ADDED, EDITED, REMOVED, study_changes
from kinship_evidence.workflows.revisions.sides import repository, revision_folder

Progress = Callable[[int, int], None]
_FIELDS = "%H%x00%h%x00%cI%x00%s"


@frozen(slots=True)
class _Rated:
    commit: Commit
    studies: dict[str, Study] | None  # None: the dataset is invalid
    report: RatingReport | None
    note: str = ""


def commits(repo: Path, data_path: str, revisions: str | None) -> list[Commit]:
    """The commits that changed ``data_path``, oldest first."""
    from kinship_evidence.workflows.revisions.sides import git

    spec = ["--end-of-options", revisions] if revisions else ["HEAD"]
    listed = git(["log", "--reverse", f"--format={_FIELDS}", *spec, "--", data_path.strip("/") or "."], repo)
    if listed.returncode != 0:
        message = listed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionNotFound(f"git log cannot read {revisions or 'HEAD'}: {message[0] if message else 'no such revision'}")
    found = []
    for line in listed.stdout.decode("utf-8", "replace").splitlines():
        fields = line.split("\x00")
        if len(fields) == 4:
            found.append(Commit(*fields))
    return found


def _read(repo: Path, sha: str, data_path: str, framework: str | None, methods: MethodOverrides,
          rules_files: Sequence[Path]) -> tuple[dict[str, Study] | None, RatingReport | None, str]:
    """The studies and the report at ``sha`` (the copy is gone when this returns)."""
    with ExitStack() as stack:
        folder = revision_folder(repo, sha, data_path, stack)
        if folder is None:
            return {}, None, f"no folder {data_path!r} at this commit"
        evaluation: Evaluation = evaluate(folder, framework, methods, rules_files)
        if evaluation.has_errors or not evaluation.reports:
            errors = sum(1 for finding in evaluation.findings if finding.is_error)
            return None, None, f"invalid data: {errors} error{'s' * (errors != 1)}"
        studies = {study.id: study for study in evaluation.validation.dataset.studies}
        return studies, evaluation.reports[0], ""


def _parent_studies(repo: Path, sha: str, data_path: str) -> dict[str, Study]:
    """The studies of the first commit's parent, for what the first commit added (none if it has none)."""
    from kinship_evidence.data.dataset import load_dataset
    from kinship_evidence.workflows.revisions.sides import git

    parent = git(["rev-parse", "--verify", "--quiet", f"{sha}^"], repo)
    if parent.returncode != 0:
        return {}
    with ExitStack() as stack:
        folder = revision_folder(repo, parent.stdout.decode().strip(), data_path, stack)
        if folder is None:
            return {}
        return {study.id: study for study in load_dataset(folder).dataset.studies}


def _matches(reference: str | None, rec_id: str, number: int) -> bool:
    return reference is None or reference in (rec_id, str(number))


def history_by_commit(
    revisions: str | None = None,
    reference: str | None = None,
    data_path: str = "data",
    framework: str | None = None,
    methods: MethodOverrides | None = None,
    rules_files: Sequence[Path] = (),
    cwd: Path = Path("."),
    on_progress: Progress | None = None,
) -> tuple[RecommendationHistory, ...]:
    """The by-commit history of the recommendation ``reference`` names (id or number; None: each).

    Raises :class:`~kinship_evidence.errors.RevisionNotFound` outside a repository or for a range
    git cannot read, :class:`~kinship_evidence.errors.UnknownName` when no commit has ``reference``.
    """
    repo = repository(cwd)
    listed = commits(repo, data_path, revisions)
    if not listed:
        raise RevisionNotFound(f"no commit {('in ' + revisions) if revisions else 'of HEAD'} changed {data_path!r}")
    rated: list[_Rated] = []
    for done, commit in enumerate(listed, 1):
        studies, report, note = _read(repo, commit.sha, data_path, framework, methods or MethodOverrides(), rules_files)
        rated.append(_Rated(commit, studies, report, note))
        if on_progress is not None:
            on_progress(done, len(listed))
    histories = _histories(rated, reference, _parent_studies(repo, listed[0].sha, data_path))
    if not histories:
        raise UnknownName(f"no commit of {data_path!r} has a recommendation {reference!r}")
    return histories


def _histories(rated: Sequence[_Rated], reference: str | None, before: Mapping[str, Study]) -> tuple[RecommendationHistory, ...]:
    order: dict[str, int] = {}
    for item in rated:
        for rating in item.report.ratings if item.report else ():
            if _matches(reference, rating.recommendation.id, rating.recommendation.number):
                order.setdefault(rating.recommendation.id, rating.recommendation.number)
    last = next((item.report for item in reversed(rated) if item.report is not None), None)
    histories = []
    for rec_id, number in order.items():
        points: list[Point] = []
        previous_studies = dict(before)
        for item in rated:
            last_rated = next((point for point in reversed(points) if point.rating is not None), None)
            points.append(_point(item, rec_id, previous_studies, last_rated))
            if item.studies is not None:
                previous_studies = item.studies
        assert last is not None
        histories.append(
            RecommendationHistory(rec_id, number, "commit", last.framework.id, last.methods.describe(), tuple(points))
        )
    return tuple(histories)


def _point(item: _Rated, rec_id: str, before: Mapping[str, Study], previous: Point | None) -> Point:
    if item.studies is None or item.report is None:
        return Point(None, False, (), commit=item.commit, note=item.note)
    changes = study_changes(before, item.studies)
    kinds = {kind: tuple(c.study_id for c in changes if c.change == kind) for kind in (ADDED, REMOVED, EDITED)}
    rating = next((r for r in item.report.ratings if r.recommendation.id == rec_id), None)
    if rating is None:
        return Point(None, previous is not None, kinds[ADDED], kinds[REMOVED], kinds[EDITED], commit=item.commit,
                     note="no such recommendation at this commit")
    no_rating = item.report.framework.no_rating
    return Point(
        rating.rating, changed(rating.rating, previous, no_rating), kinds[ADDED], kinds[REMOVED], kinds[EDITED],
        domain_points(rating, previous, no_rating), commit=item.commit,
    )

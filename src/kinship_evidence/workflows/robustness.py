"""``robustness``: does a rating survive every single change a reviewer could argue for?

For each recommendation (and each of its outcome domains) the rating is re-rated, from only the
studies that name it, under every single change:

* ``without-study``: leaving out one naming study (a record that shares its ``sample`` with
  another is left out alone, the other record stays: a note says so);
* ``method``: every other combination of :class:`~kinship_evidence.stats.methods.Estimator` and
  :class:`~kinship_evidence.stats.methods.CIMethod` (the prediction interval and the I^2
  definition stay the report's);
* ``quality-lower`` and ``quality-higher``: one study's quality one level down or up on the
  scale high > moderate > low. The level moved is the study's quality as the rule set reads it
  (from its appraisal when it has one); the changed copy states the new quality and drops its
  ``risk_of_bias`` blocks (the study's and its outcomes'), so the new quality applies to every
  result (under a rule set that counts only appraised studies, the appraisal stays with the
  overall judgement that gives the new quality stated as an override; see :func:`with_quality`).
  ``not-appraised`` has no neighbour, nor has high a higher one or low a lower one: those
  changes are listed as not applicable.

A study that the rule set excludes by design, country or a missing appraisal can change
nothing, so its changes are counted as tried without re-rating it.

Each of these is one change, so every one that changes the rating is reported (they are the
smallest changes that flip it) and a rating is robust when none does. Pure functions over an
:class:`~kinship_evidence.workflows.evaluate.Evaluation`; :func:`robustness` is the command's
one workflow (evaluate, then assess).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from kinship_evidence.data.dataset import ProgressCallback
from kinship_evidence.data.models import Study
from kinship_evidence.frozen import frozen
from kinship_evidence.rating.eligibility import exclusion_reason
from kinship_evidence.rating.frameworks import Framework
from kinship_evidence.rating.results import RatingReport, RecommendationRating
from kinship_evidence.stats.methods import (
    CIMethod,
    Estimator,
    MethodOverrides,
    PoolingMethods,
)
from kinship_evidence.workflows.evaluate import Evaluation, evaluate
from kinship_evidence.workflows.explain import find_recommendation
from kinship_evidence.workflows.rerating import Change, Rerating, Scenario, incremental

#: The quality scale a study moves on, best first; ``not-appraised`` is not on it.
QUALITY_SCALE: tuple[str, ...] = ("high", "moderate", "low")
_STEP: dict[Change, int] = {"quality-lower": 1, "quality-higher": -1}


@frozen(slots=True)
class Flip:
    """One single change after which a rating differs."""

    change: Change
    study: str | None  # the study left out or re-appraised; None for a method change
    methods: PoolingMethods | None  # the pooling methods tried; None unless change == "method"
    rating: str  # the rating after the change
    domain: str | None = None  # None: the recommendation's rating; else that domain's
    quality: str | None = None  # the quality tried, for a quality change


@frozen(slots=True)
class NotApplicable:
    """A change that has nothing to try, and why (e.g. a study that is not appraised)."""

    change: Change
    study: str
    reason: str


@frozen(slots=True)
class DomainRobustness:
    domain: str
    rating: str
    flips: tuple[Flip, ...]

    @property
    def robust(self) -> bool:
        return not self.flips


@frozen(slots=True)
class RecommendationRobustness:
    rating: RecommendationRating  # as rated, before any change
    flips: tuple[Flip, ...]  # changes of the recommendation's rating
    domains: tuple[DomainRobustness, ...]
    not_applicable: tuple[NotApplicable, ...]
    notes: tuple[str, ...]  # e.g. a left-out record that shares its sample
    changes_tried: int

    @property
    def robust(self) -> bool:
        return not self.flips


@frozen(slots=True)
class FrameworkRobustness:
    report: RatingReport
    alternatives: tuple[PoolingMethods, ...]  # the method combinations tried besides the report's
    recommendations: tuple[RecommendationRobustness, ...]


@frozen(slots=True)
class Robustness:
    evaluation: Evaluation
    frameworks: tuple[FrameworkRobustness, ...] = ()


def method_alternatives(methods: PoolingMethods) -> tuple[PoolingMethods, ...]:
    """Every estimator x CI combination other than ``methods``'s, keeping its prediction and I^2."""
    combinations = (
        PoolingMethods(estimator, ci, methods.prediction, methods.i2) for estimator in Estimator for ci in CIMethod
    )
    return tuple(item for item in combinations if (item.estimator, item.ci) != (methods.estimator, methods.ci))


def with_quality(study: Study, quality: str, framework: Framework) -> Study | None:
    """A copy of ``study`` whose quality under ``framework`` is ``quality``.

    The copy states ``quality`` and carries no appraisal that would override it (its outcomes'
    neither), unless ``framework`` counts only appraised studies and the study has an appraisal:
    then the appraisal stays, with the overall judgement (an external body's rating) that the
    framework maps to ``quality`` stated as an override. None when the framework maps no
    judgement of that tool to ``quality``.
    """
    outcomes = [
        outcome.model_copy(update={"risk_of_bias": None}) if outcome.risk_of_bias is not None else outcome
        for outcome in study.outcomes
    ]
    block = study.risk_of_bias
    if block is None or not framework.eligibility.require_appraisal:
        return study.model_copy(update={"quality": quality, "risk_of_bias": None, "outcomes": outcomes})
    mapping = framework.quality_from_appraisal.get(block.tool, {})
    judgement = next((value for value, mapped in mapping.items() if mapped == quality), None)
    if judgement is None:
        return None
    field = "rating" if block.tool == "external" else "overall"
    stated = {field: judgement, "override_reason": f"robustness: quality changed to {quality}"}
    appraisal = type(block).model_validate({**block.model_dump(exclude_none=True), **stated})
    return study.model_copy(update={"quality": quality, "risk_of_bias": appraisal, "outcomes": outcomes})


def _quality_neighbour(quality: str, change: Change) -> tuple[str | None, str]:
    """The quality one level along ``change``, or None and why there is none."""
    if quality not in QUALITY_SCALE:
        return None, f"quality {quality}: not on the scale {' > '.join(QUALITY_SCALE)}"
    index = QUALITY_SCALE.index(quality) + _STEP[change]
    if not 0 <= index < len(QUALITY_SCALE):
        return None, f"quality {quality} is already the {'lowest' if _STEP[change] > 0 else 'highest'} level"
    return QUALITY_SCALE[index], ""


def _shared_sample_notes(naming: Sequence[Study]) -> list[str]:
    notes = []
    by_sample: dict[str, list[Study]] = {}
    for study in naming:
        if study.sample is not None:
            by_sample.setdefault(study.sample, []).append(study)
    for study in naming:
        others = [s.id for s in by_sample.get(study.sample, ()) if s is not study] if study.sample is not None else []
        if others:
            notes.append(
                f"{study.id} shares sample {study.sample!r} with {', '.join(others)}: "
                "left out alone, the other record(s) stay"
            )
    return notes


def scenarios(
    rating: RecommendationRating, naming: Sequence[Study], framework: Framework, methods: PoolingMethods,
    not_applicable: list[NotApplicable],
) -> Iterator[Scenario]:
    """Every single change, in the report's order; those with nothing to try go to ``not_applicable``."""
    # Excluded by design, country or a missing appraisal: neither its absence nor another quality
    # changes anything, so those changes are known without re-rating.
    inert = {study.id for study in naming if exclusion_reason(study, framework) is not None}
    for index, study in enumerate(naming):
        yield Scenario("without-study", study.id, methods, index, inert=study.id in inert)
    for alternative in method_alternatives(methods):
        yield Scenario("method", None, alternative, None)
    for change in ("quality-lower", "quality-higher"):
        for index, study in enumerate(naming):
            quality, why = _quality_neighbour(rating.qualities[study.id].quality, change)
            copy = None
            if quality is not None:
                copy = with_quality(study, quality, framework)
                why = f"{framework.id} maps no judgement of the study's appraisal tool to {quality}"
            if copy is None:
                not_applicable.append(NotApplicable(change, study.id, why))
                continue
            yield Scenario(change, study.id, methods, index, copy, study.id in inert, quality)


def _domain_ratings(rating: RecommendationRating) -> dict[str, str]:
    return {domain.domain: domain.rating for domain in rating.domains}


def assess_recommendation(
    rating: RecommendationRating, studies: Sequence[Study], framework: Framework, methods: PoolingMethods,
    rerating: Rerating | None = None, on_change: Callable[[], None] | None = None,
) -> RecommendationRobustness:
    """Every single change of ``rating`` that changes it, from the ``studies`` that name it.

    ``rerating`` rates each scenario (default: :func:`incremental`; a test passes a full re-rating);
    ``on_change`` is called after each change tried (for a progress bar).
    """
    rec = rating.recommendation
    naming = [study for study in studies if rec.id in study.recommendations]
    before = _domain_ratings(rating)
    flips: list[Flip] = []
    domain_flips: dict[str, list[Flip]] = {domain: [] for domain in before}
    not_applicable: list[NotApplicable] = []
    tried = 0
    rerate = rerating or incremental(rating, naming, framework, methods)
    for scenario in scenarios(rating, naming, framework, methods, not_applicable):
        tried += 1
        if on_change is not None:
            on_change()
        if scenario.inert:
            continue
        after_domains = rerate(scenario, naming)
        after = max(after_domains.values(), key=framework.rank, default=framework.no_rating)
        tried_methods = scenario.methods if scenario.change == "method" else None
        if after != rating.rating:
            flips.append(Flip(scenario.change, scenario.study, tried_methods, after, None, scenario.quality))
        for domain in [*before, *(d for d in after_domains if d not in before)]:
            now = after_domains.get(domain, framework.no_rating)
            if now != before.get(domain, framework.no_rating):
                domain_flips.setdefault(domain, []).append(
                    Flip(scenario.change, scenario.study, tried_methods, now, domain, scenario.quality)
                )
    domains = tuple(
        DomainRobustness(domain, before.get(domain, framework.no_rating), tuple(found))
        for domain, found in domain_flips.items()
    )
    return RecommendationRobustness(
        rating, tuple(flips), domains, tuple(not_applicable), tuple(_shared_sample_notes(naming)), tried
    )


def changes_to_try(report: RatingReport, ratings: Sequence[RecommendationRating], studies: Sequence[Study]) -> int:
    """About how many single changes ``assess`` tries for ``ratings`` (each study three times,
    each other method once): the total of its progress bar."""
    naming = sum(1 for rating in ratings for study in studies if rating.recommendation.id in study.recommendations)
    return 3 * naming + len(ratings) * len(method_alternatives(report.methods))


def assess(evaluation: Evaluation, reference: str | None = None, on_progress: ProgressCallback | None = None) -> Robustness:
    """The robustness of every rated recommendation (or of the one ``reference`` names: id or
    number), in every rated framework. An invalid evaluation gives no frameworks.
    ``on_progress(done, total)`` is told of the changes tried (``total``: :func:`changes_to_try`).

    Raises :class:`~kinship_evidence.errors.UnknownName` when ``reference`` names none.
    """
    if evaluation.has_errors:
        return Robustness(evaluation)
    studies = [record.study for record in evaluation.records]
    if reference is None:
        selected = [(report, report.ratings) for report in evaluation.reports]
    else:
        selected = [(report, (rating,)) for report, rating in find_recommendation(evaluation.reports, reference)]
    total = sum(changes_to_try(report, ratings, studies) for report, ratings in selected)
    done = [0]

    def tick() -> None:
        done[0] += 1
        if on_progress is not None and done[0] <= total:
            on_progress(done[0], total)

    frameworks = tuple(
        FrameworkRobustness(
            report,
            method_alternatives(report.methods),
            tuple(assess_recommendation(r, studies, report.framework, report.methods, on_change=tick) for r in ratings),
        )
        for report, ratings in selected
    )
    if on_progress is not None and total:
        on_progress(total, total)
    return Robustness(evaluation, frameworks)


def fragile_recommendations(
    evaluation: Evaluation, framework: str | None = None, on_progress: ProgressCallback | None = None
) -> set[str]:
    """The ids of the recommendations whose rating some single change flips: for the rate
    table's 'fragile' marker. Under ``framework`` (an id) or, when None, under any rated one."""
    result = assess(evaluation, on_progress=on_progress)
    return {
        item.rating.recommendation.id
        for rated in result.frameworks
        if framework is None or rated.report.framework.id == framework
        for item in rated.recommendations
        if not item.robust
    }


def robustness(
    root: Path,
    reference: str | None = None,
    framework: str | None = None,
    methods: MethodOverrides = MethodOverrides(),
    rules_files: Sequence[Path] = (),
    on_progress: ProgressCallback | None = None,
    on_assess_progress: ProgressCallback | None = None,
) -> Robustness:
    """Validate and rate ``root`` (as ``rate`` does), then assess the robustness of its ratings
    (``on_progress``: of reading the files; ``on_assess_progress``: of the changes tried)."""
    evaluation = evaluate(root, framework, methods, rules_files, on_progress=on_progress)
    return assess(evaluation, reference, on_assess_progress)

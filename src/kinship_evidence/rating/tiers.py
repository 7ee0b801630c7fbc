"""One tier of a framework applied to one domain's eligible studies: its criteria, passed or not."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from kinship_evidence.rating.evidence import StudyEvidence
from kinship_evidence.rating.frameworks import Framework, Tier
from kinship_evidence.rating.results import Criterion, TierResult
from kinship_evidence.rating.synthesis import MetaAnalysis, narrative_synthesis

Pooler = Callable[[Sequence[StudyEvidence]], MetaAnalysis | None]



def plural(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    return f"{count} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def ids(items: Iterable[StudyEvidence]) -> str:
    names = [item.study.id for item in items]
    return ", ".join(names) if names else "none"


def _tier_members(tier: Tier, evidence: Sequence[StudyEvidence]) -> tuple[list[StudyEvidence], list[str]]:
    """The studies a tier may count, and the reasons others were set aside."""
    members, set_aside = [], []
    for item in evidence:
        study = item.study
        if tier.qualities is not None and item.quality.quality not in tier.qualities:
            set_aside.append(f"{study.id} (quality {item.quality.quality}, need {' or '.join(tier.qualities)})")
        elif tier.designs is not None and study.design not in tier.designs:
            set_aside.append(f"{study.id} (design {study.design})")
        elif tier.usual_care and study.usual_care is not True:
            set_aside.append(f"{study.id} (usual-care setting {'not recorded' if study.usual_care is None else 'no'})")
        elif tier.min_group_size is not None and (item.smallest_group or 0) < tier.min_group_size:
            size = item.smallest_group
            shown = "not recorded" if size is None else str(size)
            set_aside.append(f"{study.id} (smallest group {shown}, need {tier.min_group_size})")
        else:
            members.append(item)
    return members, set_aside


def count_samples(items: Sequence[StudyEvidence]) -> int:
    """Records that share a ``sample`` are one study: they count once toward every minimum."""
    return len({item.sample_key for item in items})


def counted(items: Sequence[StudyEvidence], noun: str = "study") -> str:
    """``2 studies (a, b)``, saying which records share a sample and so count once."""
    by_sample: dict[str, list[str]] = {}
    for item in items:
        by_sample.setdefault(item.sample_key, []).append(item.study.id)
    text = f"{plural(len(by_sample), noun)} ({ids(items)})"
    shared = [f"{', '.join(names)} share sample {key} and count once" for key, names in by_sample.items() if len(names) > 1]
    return text + "".join(f"; {note}" for note in shared)


def number(value: float) -> str:
    """Three decimals where they show the value, else four significant digits (1.2e-07, 2.985e+03)."""
    if value == 0 or 1e-3 <= abs(value) < 1e5:
        return f"{value:.3f}"
    return f"{value:.4g}"


def describe_meta(meta: MetaAnalysis) -> str:
    if meta.result is None:
        return f"meta-analysis of {len(meta.studies)} on {meta.scale} failed: {meta.error}"
    r = meta.result
    verdict = "excludes" if meta.demonstrates_effect else "does not exclude"
    tau2_ci = "" if r.tau2_ci_low is None or r.tau2_ci_high is None else f" [{number(r.tau2_ci_low)}, {number(r.tau2_ci_high)}]"
    text = (
        f"random-effects meta-analysis ({r.methods.describe()}) of k={r.k} on {meta.scale}: "
        f"{number(r.estimate)} [{number(r.ci_low)}, {number(r.ci_high)}], tau^2 {number(r.tau2)}{tau2_ci}, "
        f"I^2 {100 * r.i2:.0f}%"
    )
    if r.pi_low is not None and r.pi_high is not None:
        text += f", prediction interval [{number(r.pi_low)}, {number(r.pi_high)}]"
    text += f"; the CI {verdict} no effect on the favourable side ({meta.favourable} is better)"
    return text + "".join(f"; {note}" for note in r.notes)


def _evidence_criterion(
    tier: Tier, framework: Framework, members: Sequence[StudyEvidence], pool: Pooler
) -> Criterion:
    if tier.evidence == "favourable-studies":
        favourable = [item for item in members if item.is_favourable]
        return Criterion(
            "favourable", count_samples(favourable) >= tier.min_favourable,
            f"{counted(favourable, 'favourable study')}; need at least {tier.min_favourable}",
        )
    meta = pool(members)
    if meta is not None:
        return Criterion("meta-analysis", meta.demonstrates_effect, describe_meta(meta))
    if tier.evidence == "meta-analysis":
        return Criterion("meta-analysis", False, "fewer than two studies can be pooled on one scale")
    narrative = narrative_synthesis(members, framework.narrative)
    return Criterion(
        "narrative synthesis", narrative.demonstrates_effect,
        f"fewer than two studies can be pooled on one scale; narrative synthesis: {narrative.describe()}",
    )


def _sustained_criterion(tier: Tier, members: Sequence[StudyEvidence]) -> Criterion:
    months = tier.sustained_months
    assert months is not None
    sustained = [
        item for item in members
        if any(
            o.status in ("favourable", "mixed") and o.outcome.follow_up_months is not None
            and o.outcome.follow_up_months >= months
            for o in item.outcomes
        )
    ]
    return Criterion(
        "sustained", bool(sustained),
        f"{plural(count_samples(sustained), 'study')} with a favourable outcome {months:g}+ months after treatment ends ({ids(sustained)})",
    )


def evaluate_tier(tier: Tier, framework: Framework, evidence: Sequence[StudyEvidence], pool: Pooler) -> TierResult:
    members, set_aside = _tier_members(tier, evidence)
    count = count_samples(members)
    detail = f"{counted(members)}; need at least {tier.min_studies}"
    if set_aside:
        detail += f"; set aside: {'; '.join(set_aside)}"
    criteria = [Criterion("studies", count >= tier.min_studies, detail)]
    criteria.append(_evidence_criterion(tier, framework, members, pool))
    if tier.sustained_months is not None:
        criteria.append(_sustained_criterion(tier, members))
    return TierResult(tier.rating, tier.criterion, tuple(criteria), tuple(item.study.id for item in members))


def admits(tier: Tier, item: StudyEvidence) -> bool:
    """Whether the tier may count ``item`` (its quality, design, setting and group size)."""
    return bool(_tier_members(tier, [item])[0])


def tier_passes(tier: Tier, framework: Framework, evidence: Sequence[StudyEvidence], pool: Pooler) -> bool:
    """``evaluate_tier(...).passed`` without the words: it stops at the first criterion that
    fails, so a tier short of studies (or of a sustained effect) is decided without pooling."""
    members, _ = _tier_members(tier, evidence)
    if count_samples(members) < tier.min_studies:
        return False
    if tier.sustained_months is not None and not _sustained_criterion(tier, members).passed:
        return False
    return _evidence_criterion(tier, framework, members, pool).passed

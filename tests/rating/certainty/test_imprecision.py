"""Imprecision by its stated rule (GRADE 6): the CI against no effect or the MID, and the optimal information
size by hand (alpha 0.05, power 80%, RRR 25%; continuous 400 participants), on hand-made bodies."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from kinship_evidence.rating.certainty.imprecision import binary_ois_events, imprecision
from kinship_evidence.rating.certainty.results import BodyOfEvidence
from kinship_evidence.rating.certainty.rules import ImprecisionRule
from kinship_evidence.rating.evidence import StudyEvidence, evidence_by_domain
from kinship_evidence.rating.frameworks import bundled_frameworks

KINSHIP = bundled_frameworks()["foundations-kinship-2024"]


def test_binary_ois_at_a_comparator_risk_of_20_percent() -> None:
    # p1 = 0.15; z = 1.959964 + 0.841621 = 2.801585, z^2 = 7.848879;
    # n per arm = 7.848879 * (0.16 + 0.1275) / 0.05^2 = 902.62; events = 902.62 * 0.35 = 315.92
    assert binary_ois_events(0.2, ImprecisionRule()) == pytest.approx(315.917, abs=1e-3)


def test_binary_ois_at_a_comparator_risk_of_5_percent() -> None:
    # p0 = 0.05, p1 = 0.0375: n per arm = 7.848879 * (0.0475 + 0.0360938) / 0.0125^2 = 4,199.15;
    # events = 4,199.15 * 0.0875 = 367.43
    assert binary_ois_events(0.05, ImprecisionRule()) == pytest.approx(367.43, abs=0.01)


# --- the judgement: the CI against no effect or the MID, and the information size (GRADE 6)

def _body(interval: tuple[str, float, float, float] | None = None, participants: int = 500, missing: int = 0,
          narrative: object = None) -> BodyOfEvidence:
    return BodyOfEvidence(("a",), 1, participants, missing, None, narrative, interval, (("a", 1.0),), "participants")


def _evidence(kit: SimpleNamespace, *outcomes: dict) -> list[StudyEvidence]:
    """One study per outcome, each's evidence in the kit's domain."""
    studies = [kit.study(f"s{i}", outcome) for i, outcome in enumerate(outcomes)]
    return [evidence_by_domain(study, KINSHIP)["carer-wellbeing"] for study in studies]


def test_no_study_is_not_assessable() -> None:
    judgement = imprecision([], _body(), ImprecisionRule())
    assert (judgement.key, judgement.rating_down, judgement.assessed) == ("imprecision", 0, False)
    assert judgement.reason == "not assessable: no study"


@pytest.mark.parametrize(
    ("low", "high", "down", "words"),
    [(-0.05, 0.45, 1, "-0.05 to 0.45 includes no effect (0)"), (0.0, 0.45, 1, "0.00 to 0.45 includes no effect (0)"),
     (-0.45, 0.0, 1, "-0.45 to 0.00 includes no effect (0)"), (0.05, 0.45, 0, "0.05 to 0.45 excludes no effect")],
)
def test_a_continuous_ci_against_no_effect(rating_kit: SimpleNamespace, low: float, high: float, down: int,
                                           words: str) -> None:
    evidence = _evidence(rating_kit, rating_kit.groups(250, 250))
    judgement = imprecision(evidence, _body(("smd", 0.2, low, high)), ImprecisionRule())
    assert judgement.rating_down == down
    assert judgement.reason == f"95% CI {words}; 500 participants meets the OIS of 400"


@pytest.mark.parametrize(
    ("participants", "missing", "down", "words"),
    [(400, 0, 0, "400 participants meets"), (399, 0, 1, "399 participants is below"),
     (1200, 2, 0, "1,200 participants (+ 2 not reported) meets")],
)
def test_continuous_information_size(rating_kit: SimpleNamespace, participants: int, missing: int, down: int,
                                     words: str) -> None:
    evidence = _evidence(rating_kit, rating_kit.groups(250, 250))
    judgement = imprecision(evidence, _body(("smd", 0.3, 0.1, 0.5), participants, missing), ImprecisionRule())
    assert judgement.rating_down == down
    assert judgement.reason == f"95% CI 0.10 to 0.50 excludes no effect; {words} the OIS of 400"


def test_no_participant_count_is_not_assessable(rating_kit: SimpleNamespace) -> None:
    evidence = _evidence(rating_kit, rating_kit.groups(250, 250))
    judgement = imprecision(evidence, _body(("smd", 0.3, 0.1, 0.5), participants=0), ImprecisionRule())
    assert judgement.rating_down == 0
    assert judgement.reason.endswith("; information size not assessable: no participant counts")
    assert imprecision(evidence, _body(("smd", 0.3, 0.1, 0.5), participants=1), ImprecisionRule()).rating_down == 1


@pytest.mark.parametrize(
    ("low", "high", "down", "words"),
    [(0.1, 0.5, 1, "crosses 1 of the MID thresholds"), (-0.3, 0.5, 2, "crosses 2 of the MID thresholds"),
     (-0.5, -0.1, 1, "crosses 1 of the MID thresholds"), (0.2, 0.5, 0, "crosses neither MID threshold"),
     (-0.2, 0.2, 0, "crosses neither MID threshold"), (0.25, 0.5, 0, "crosses neither MID threshold")],
)
def test_a_continuous_ci_against_the_mid(rating_kit: SimpleNamespace, low: float, high: float, down: int,
                                         words: str) -> None:
    # MID 0.2: the thresholds are -0.2 and 0.2; one ending at a threshold does not cross it
    evidence = _evidence(rating_kit, rating_kit.groups(250, 250))
    judgement = imprecision(evidence, _body(("smd", 0.3, low, high)), ImprecisionRule(), mid=0.2)
    assert judgement.rating_down == down
    assert judgement.reason == (f"95% CI {low:.2f} to {high:.2f} {words} (-0.20, 0.20); "
                                "500 participants meets the OIS of 400")


def test_a_ratio_ci_against_the_mid_and_no_effect(rating_kit: SimpleNamespace) -> None:
    # MID 1.25 for a risk ratio: 0.80 and 1.25; RR 1.1 to 1.5 crosses 1.25 only
    evidence = _evidence(rating_kit, rating_kit.counts("risk-ratio", 300, 1000, 200, 1000))
    body = _body(("log-risk-ratio", math.log(1.3), math.log(1.1), math.log(1.5)))
    judgement = imprecision(evidence, body, ImprecisionRule(), mid=1.25)
    assert judgement.reason.startswith("95% CI 1.10 to 1.50 crosses 1 of the MID thresholds (0.80, 1.25); ")
    assert judgement.rating_down == 1
    null = imprecision(evidence, _body(("log-risk-ratio", 0.1, -0.1, 0.4)), ImprecisionRule())
    assert null.reason.startswith("95% CI 0.90 to 1.49 includes no effect (1); ")


def test_at_most_two_levels(rating_kit: SimpleNamespace) -> None:
    # both MID thresholds inside the CI (2) and below the OIS (1): 2
    evidence = _evidence(rating_kit, rating_kit.groups(50, 50))
    judgement = imprecision(evidence, _body(("smd", 0.0, -0.5, 0.5), participants=100), ImprecisionRule(), mid=0.2)
    assert judgement.rating_down == 2
    # only the OIS: 1, not more
    one = imprecision(evidence, _body(("smd", 0.3, 0.1, 0.5), participants=100), ImprecisionRule())
    assert one.rating_down == 1


def test_binary_information_size_counts_both_arms_of_every_study(rating_kit: SimpleNamespace) -> None:
    # events 30 + 20 + 40 + 40 = 130; comparator risk the median of 0.2 and 0.2; OIS 315.9 -> 316
    evidence = _evidence(rating_kit, rating_kit.counts("risk-ratio", 30, 100, 20, 100),
                         rating_kit.counts("risk-ratio", 40, 200, 40, 200))
    body = _body(("log-risk-ratio", math.log(1.5), math.log(1.2), math.log(1.8)))
    judgement = imprecision(evidence, body, ImprecisionRule())
    assert judgement.rating_down == 1
    assert judgement.reason == ("95% CI 1.20 to 1.80 excludes no effect; 130 events is below the OIS of 316 events "
                                "(comparator risk 0.200, RRR 25%)")


def test_binary_information_size_met_from_some_of_the_studies(rating_kit: SimpleNamespace) -> None:
    # 200 + 200 events >= 316; the third study reports an effect without counts
    evidence = _evidence(rating_kit, rating_kit.counts("risk-ratio", 200, 1000, 200, 1000),
                         rating_kit.effect("risk-ratio", 1.4, 0.1))
    body = _body(("log-risk-ratio", math.log(1.5), math.log(1.2), math.log(1.8)))
    judgement = imprecision(evidence, body, ImprecisionRule())
    assert judgement.rating_down == 0
    assert judgement.reason.endswith("; 400 events (from 1 of 2 studies) meets the OIS of 316 events "
                                     "(comparator risk 0.200, RRR 25%)")


def test_binary_information_size_from_the_baseline_risk(rating_kit: SimpleNamespace) -> None:
    # baseline 0.5: p1 = 0.375, n per arm = 7.848879 * (0.25 + 0.234375) / 0.125^2 = 243.2; events 243.2 * 0.875 = 212.8
    evidence = _evidence(rating_kit, rating_kit.counts("risk-ratio", 100, 1000, 100, 1000))
    body = _body(("log-risk-ratio", math.log(1.5), math.log(1.2), math.log(1.8)))
    judgement = imprecision(evidence, body, ImprecisionRule(), baseline_risk=0.5)
    assert judgement.rating_down == 1
    assert judgement.reason.endswith("; 200 events is below the OIS of 213 events (comparator risk 0.500, RRR 25%)")


@pytest.mark.parametrize("baseline", [None, 0.3])
def test_binary_information_size_needs_event_counts(rating_kit: SimpleNamespace, baseline: float | None) -> None:
    evidence = _evidence(rating_kit, rating_kit.effect("risk-ratio", 1.4, 0.1))
    body = _body(("log-risk-ratio", math.log(1.5), math.log(1.2), math.log(1.8)))
    judgement = imprecision(evidence, body, ImprecisionRule(), baseline_risk=baseline)
    assert judgement.rating_down == 0
    assert judgement.reason.endswith("; information size not assessable: no event counts")


@pytest.mark.parametrize(("baseline", "shown"), [(0.0, "0"), (1.0, "1")])
def test_binary_information_size_needs_a_comparator_risk_inside_0_1(rating_kit: SimpleNamespace, baseline: float,
                                                                    shown: str) -> None:
    evidence = _evidence(rating_kit, rating_kit.counts("risk-ratio", 100, 1000, 100, 1000))
    body = _body(("log-risk-ratio", math.log(1.5), math.log(1.2), math.log(1.8)))
    judgement = imprecision(evidence, body, ImprecisionRule(), baseline_risk=baseline)
    assert judgement.rating_down == 0
    assert judgement.reason.endswith(f"; information size not assessable: comparator risk {shown}")


def test_without_a_pooled_estimate_the_ci_is_not_assessable(rating_kit: SimpleNamespace) -> None:
    findings = _evidence(rating_kit, rating_kit.finding("favourable"))
    judgement = imprecision(findings, _body(participants=300), ImprecisionRule())
    assert judgement.rating_down == 1  # from the information size only
    assert judgement.reason == ("no pooled estimate (a reported finding without numbers): the CI is not assessable; "
                                "300 participants is below the OIS of 400")
    narrative = imprecision(findings, _body(participants=500, narrative=object()), ImprecisionRule())
    assert narrative.rating_down == 0
    assert narrative.reason.startswith("no pooled estimate (narrative synthesis): the CI is not assessable; ")


def test_without_a_pooled_estimate_the_most_common_scale_decides_the_information_size(
    rating_kit: SimpleNamespace,
) -> None:
    # two risk ratios with counts and one SMD: the binary OIS (events), not participants
    evidence = _evidence(rating_kit, rating_kit.counts("risk-ratio", 30, 100, 20, 100),
                         rating_kit.counts("risk-ratio", 40, 200, 40, 200), rating_kit.groups(50, 50))
    judgement = imprecision(evidence, _body(participants=700, narrative=object()), ImprecisionRule())
    assert judgement.reason.endswith("; 130 events (from 2 of 3 studies) is below the OIS of 316 events "
                                     "(comparator risk 0.200, RRR 25%)")
    assert judgement.rating_down == 1

"""What a study says about an outcome domain (rating.evidence): the status of a CI, the interval that decided
it, the domain's evidence and its quality. Added for the mutation run of issue 21."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from kinship_evidence.rating.evidence import evidence_by_domain, outcome_evidence, status_of_interval, study_evidence
from kinship_evidence.rating.frameworks import bundled_frameworks

KINSHIP = bundled_frameworks()["foundations-kinship-2024"]
ROB2_HIGH = {"tool": "rob2", "source": "A made-up appraisal.",
             "domains": {"randomisation": "low", "deviations": "low", "missing-data": "high", "measurement": "low",
                         "reporting": "low"}}


@pytest.mark.parametrize(
    ("low", "high", "favourable", "status"),
    [(0.1, 0.5, "higher", "favourable"), (0.1, 0.5, "lower", "unfavourable"),
     (-0.5, -0.1, "lower", "favourable"), (-0.5, -0.1, "higher", "unfavourable"),
     (0.0, 0.5, "higher", "no-effect"), (-0.5, 0.0, "lower", "no-effect")],
)
def test_status_of_a_ci_on_the_analysis_scale(low: float, high: float, favourable: str, status: str) -> None:
    assert status_of_interval(low, high, favourable) == status


def test_the_interval_that_decided_the_status_is_kept(rating_kit: SimpleNamespace) -> None:
    groups = rating_kit.study("a", rating_kit.groups(50, 50)).outcomes[0]
    evidence = outcome_evidence(groups)
    assert evidence.effect is not None
    assert evidence.interval == (evidence.effect.ci_low, evidence.effect.ci_high)
    # a reported ratio CI decides, on the log scale
    outcome = {"domain": "carer-wellbeing", "description": "x", "favourable": "higher", "measure": "risk-ratio",
               "effect": {"estimate": 1.5, "ci": [1.1, 2.0]}}
    reported = rating_kit.study("b", outcome).outcomes[0]
    assert outcome_evidence(reported).interval == pytest.approx((math.log(1.1), math.log(2.0)))


def test_study_evidence_in_one_domain(rating_kit: SimpleNamespace) -> None:
    study = rating_kit.study("a", rating_kit.groups(50, 50), rating_kit.finding("favourable", domain="safety"))
    evidence = study_evidence(study, "safety", KINSHIP)
    assert evidence is not None and evidence.domain == "safety" and evidence.status == "favourable"
    assert evidence.quality == evidence_by_domain(study, KINSHIP)["safety"].quality
    assert evidence.quality.quality == "high"
    assert study_evidence(study, "permanency", KINSHIP) is None
    # the framework maps an appraisal to a quality (RoB 2 high -> low)
    appraised = rating_kit.study("b", rating_kit.groups(50, 50), quality=None, risk_of_bias=ROB2_HIGH)
    evidence = study_evidence(appraised, "carer-wellbeing", KINSHIP)
    assert evidence is not None and (evidence.quality.quality, evidence.quality.kind) == ("low", "appraised")
    assert {domain: item.domain for domain, item in evidence_by_domain(study, KINSHIP).items()} == {
        "carer-wellbeing": "carer-wellbeing", "safety": "safety"}


def test_a_domains_quality_is_the_worst_of_its_outcomes(rating_kit: SimpleNamespace) -> None:
    # one outcome appraised on its own (RoB 2 high: low quality), the other takes the study's stated high
    study = rating_kit.study("a", rating_kit.finding("favourable", risk_of_bias=ROB2_HIGH),
                             rating_kit.finding("no-effect"))
    quality = evidence_by_domain(study, KINSHIP)["carer-wellbeing"].quality
    assert (quality.quality, quality.kind) == ("low", "appraised")

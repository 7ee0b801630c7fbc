"""Tier boundaries of foundations-kinship-2024 (shared/reference/rating-rules.md).

The fixture folders in tests/rating/fixtures/ each state their expected ratings in
expected.yaml; one parametrized test runs them all. The tests below build the cases in code
where one rule is varied at a time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kinship_evidence.workflows.drift import drift_findings
from kinship_evidence.workflows.evaluate import evaluate

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES = sorted(path for path in FIXTURES.iterdir() if (path / "recommendations.yaml").is_file())


def _check_rating(rating, want: dict) -> None:
    assert rating.rating == want["rating"]
    if "eligible" in want:
        assert sorted(rating.eligible) == sorted(want["eligible"])
    if "excluded" in want:
        reasons = {item.study_id: item.reason for item in rating.excluded}
        assert sorted(reasons) == sorted(want["excluded"])
        for study_id, fragment in want["excluded"].items():
            assert fragment in reasons[study_id]
    domains = {domain.domain: domain for domain in rating.domains}
    if "domains" in want:
        assert {name: domain.rating for name, domain in domains.items()} == want["domains"]
    for name, synthesis in want.get("synthesis", {}).items():
        got = domains[name].synthesis
        assert got.method == synthesis["method"]
        assert got.k == synthesis["k"]
        if "measure" in synthesis:
            assert got.meta is not None and got.meta.scale == synthesis["measure"]
    for name, tiers in want.get("failed", {}).items():
        results = {tier.rating: tier for tier in domains[name].tiers}
        for tier_name, failing in tiers.items():
            assert [c.name for c in results[tier_name].criteria if not c.passed] == failing
    if "warnings" in want:
        assert rating.warnings == want["warnings"]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fixture_folder_gets_its_expected_ratings(case: Path) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    assert expected["description"] and expected["expect"]
    for framework_id, recommendations in expected["expect"].items():
        evaluation = evaluate(case, framework=framework_id)
        shown = [f"{Path(f.path).name}:{f.line}:{f.column} {f.rule}" for f in evaluation.findings]
        assert shown == expected.get("findings", [])
        (report,) = evaluation.reports
        ratings = {rating.recommendation.id: rating for rating in report.ratings}
        for rec_id, want in recommendations.items():
            _check_rating(ratings[rec_id], want)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fixture_published_ratings_match_the_guide_framework(case: Path) -> None:
    """Each folder publishes what its guide's framework derives, so `check` finds no drift."""
    assert drift_findings(evaluate(case)) == []


def test_every_fixture_dataset_states_what_it_expects() -> None:
    assert len(CASES) >= 12
    assert all((case / "expected.yaml").is_file() for case in CASES)


# ---------------------------------------------------------------------------------------
# One rule varied at a time, in code


def test_strong_needs_two_high_quality_studies_pooled(rating_kit) -> None:
    two = [rating_kit.study("a", rating_kit.effect("smd", 0.5, 0.1)), rating_kit.study("b", rating_kit.effect("smd", 0.3, 0.1))]
    assert rating_kit.rate(two).rating == "strong"
    assert rating_kit.rate(two[:1]).rating == "promising"
    lower = [two[0], rating_kit.study("b", rating_kit.effect("smd", 0.3, 0.1), quality="moderate")]
    assert rating_kit.rate(lower).rating == "good"


def test_strong_ignores_moderate_studies_when_counting(rating_kit) -> None:
    """Two high + one moderate: strong pools only the two high-quality studies."""
    studies = [
        rating_kit.study("a", rating_kit.effect("smd", 0.5, 0.1)),
        rating_kit.study("b", rating_kit.effect("smd", 0.3, 0.1)),
        rating_kit.study("c", rating_kit.effect("smd", -2.0, 0.1), quality="moderate"),
    ]
    domain = rating_kit.domain(rating_kit.rate(studies))
    strong, good, _ = domain.tiers
    assert strong.members == ("a", "b") and strong.passed
    assert "set aside: c (quality moderate, need high)" in strong.criteria[0].detail
    assert good.members == ("a", "b", "c") and not good.passed  # the unfavourable study pulls it over 0
    assert domain.rating == "strong"


def test_strong_never_rests_on_a_narrative_synthesis(rating_kit) -> None:
    studies = [rating_kit.study(name, rating_kit.finding("favourable")) for name in ("a", "b", "c")]
    domain = rating_kit.domain(rating_kit.rate(studies))
    assert domain.rating == "good"
    strong = domain.tiers[0]
    assert [(c.name, c.passed) for c in strong.criteria] == [("studies", True), ("meta-analysis", False)]
    assert "fewer than two studies can be pooled" in strong.criteria[1].detail


def test_good_uses_narrative_only_when_fewer_than_two_can_be_pooled(rating_kit) -> None:
    """One numeric + two findings: one can be pooled, so the narrative synthesis decides."""
    studies = [
        rating_kit.study("a", rating_kit.effect("smd", 0.05, 0.1), quality="moderate"),  # no effect on its own
        rating_kit.study("b", rating_kit.finding("favourable"), quality="moderate"),
        rating_kit.study("c", rating_kit.finding("favourable"), quality="moderate"),
    ]
    domain = rating_kit.domain(rating_kit.rate(studies))
    assert domain.rating == "good"
    assert domain.synthesis.method == "narrative"
    good = domain.tiers[1]
    assert good.criteria[1].name == "narrative synthesis"
    assert "2 of 3 favourable" in good.criteria[1].detail


@pytest.mark.parametrize(
    ("measure", "estimate", "ci", "favourable", "status"),
    [
        ("mean-difference", 1.0, [0.0, 2.0], "higher", "no-effect"),  # touches 0
        ("mean-difference", 1.0, [0.01, 2.0], "higher", "favourable"),
        ("odds-ratio", 1.5, [1.0, 2.0], "higher", "no-effect"),  # touches 1; asymmetric on the log scale
        ("odds-ratio", 1.5, [1.01, 2.0], "higher", "favourable"),
        ("risk-ratio", 0.7, [0.5, 1.0], "higher", "no-effect"),  # touches 1 on the unfavourable side
        ("risk-ratio", 0.7, [0.5, 0.99], "lower", "favourable"),
        ("risk-ratio", 0.7, [0.5, 0.99], "higher", "unfavourable"),
    ],
)
def test_a_reported_ci_touching_no_effect_is_not_favourable(rating_kit, measure, estimate, ci, favourable, status) -> None:
    """The reported 95% CI decides; one that touches no effect does not exclude it."""
    outcome = {
        "domain": "carer-wellbeing", "description": "score", "favourable": favourable,
        "measure": measure, "effect": {"estimate": estimate, "ci": ci},
    }
    rating = rating_kit.rate([rating_kit.study("a", outcome)])
    assert rating_kit.domain(rating).evidence[0].status == status
    assert rating.rating == ("promising" if status == "favourable" else "none")


@pytest.mark.parametrize(
    ("findings", "rating"),
    [
        (["favourable", "favourable"], "good"),
        (["favourable", "favourable", "no-effect"], "good"),  # 2 of 3 is more than half
        (["favourable", "favourable", "no-effect", "no-effect"], "promising"),  # 2 of 4 is not
        (["favourable", "favourable", "unfavourable"], "promising"),  # none may be unfavourable
        (["favourable", "no-effect"], "promising"),  # at least two favourable
        (["no-effect", "unfavourable"], "none"),
    ],
)
def test_narrative_rule(rating_kit, findings, rating) -> None:
    studies = [rating_kit.study(f"s{i}", rating_kit.finding(f), quality="moderate") for i, f in enumerate(findings)]
    assert rating_kit.rate(studies).rating == rating


def test_conflicting_evidence_is_a_warning_beside_the_rating(rating_kit) -> None:
    studies = [rating_kit.study(name, rating_kit.finding(f)) for name, f in (("a", "favourable"), ("b", "unfavourable"))]
    rating = rating_kit.rate(studies)
    assert rating.rating == "promising"
    assert rating.warnings == ["conflicting evidence on carer-wellbeing: favourable a; unfavourable b"]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"country": "IN"}, "country IN is not a high-income country"),
        ({"country": "BR"}, "country BR is not a high-income country"),
        ({"design": "cohort"}, "design cohort is not experimental here (rct, cluster-rct, qed)"),
        ({"design": "pre-post"}, "design pre-post is not experimental"),
        ({"design": "qualitative"}, "design qualitative is not experimental"),
        ({"quality": "low"}, "quality low is below high or moderate"),
    ],
)
def test_ineligible_study_is_excluded_with_its_reason(rating_kit, fields, reason) -> None:
    kept = rating_kit.study("kept", rating_kit.effect("smd", 0.5, 0.1))
    dropped = rating_kit.study("dropped", rating_kit.effect("smd", 0.5, 0.1), **fields)
    rating = rating_kit.rate([kept, dropped])
    assert rating.eligible == ("kept",)
    assert [(e.study_id, reason in e.reason) for e in rating.excluded] == [("dropped", True)]
    assert rating.rating == "promising"  # one eligible study: strong needs two


@pytest.mark.parametrize("design", ["rct", "cluster-rct", "qed"])
def test_experimental_designs_in_high_income_countries_count(rating_kit, design) -> None:
    studies = [rating_kit.study("a", rating_kit.effect("smd", 0.5, 0.1), design=design, country="GB"),
               rating_kit.study("b", rating_kit.effect("smd", 0.3, 0.1), design=design, country="AU")]
    assert rating_kit.rate(studies).rating == "strong"


def test_target_domains_only(rating_kit) -> None:
    inside = rating_kit.study("inside", rating_kit.finding("favourable"))
    outside = rating_kit.study("outside", rating_kit.finding("favourable", domain="child-behaviour"))
    both = rating_kit.study(
        "both", rating_kit.finding("favourable"), rating_kit.finding("unfavourable", domain="child-behaviour")
    )
    rating = rating_kit.rate([inside, outside, both], outcomes=["carer-wellbeing"])
    assert [d.domain for d in rating.domains] == ["carer-wellbeing"]
    assert rating.eligible == ("inside", "both")
    assert [(e.study_id, e.reason) for e in rating.excluded] == [
        ("outside", "no outcome in the target domains (carer-wellbeing)")
    ]
    assert rating.rating == "good"  # 2 of 2 favourable; the child-behaviour result does not count
    assert rating.warnings == []
    # Without targets every domain is rated and the recommendation takes the highest.
    untargeted = rating_kit.rate([inside, outside, both])
    assert {d.domain: d.rating for d in untargeted.domains} == {"carer-wellbeing": "good", "child-behaviour": "promising"}
    assert untargeted.rating == "good"


def test_a_target_domain_without_evidence_is_rated_none(rating_kit) -> None:
    study = rating_kit.study("a", rating_kit.finding("favourable"))
    rating = rating_kit.rate([study], outcomes=["carer-wellbeing", "permanence"])
    assert {d.domain: d.rating for d in rating.domains} == {"carer-wellbeing": "promising", "permanence": "none"}
    assert rating_kit.domain(rating, "permanence").synthesis.method == "none"


def test_favourable_lower_risk_ratio_below_one(rating_kit) -> None:
    """Fewer events is better: RR 10/100 vs 30/100 = 1/3, log RR -1.0986, var 1/10-1/100+1/30-1/100."""
    lower = [
        rating_kit.study("a", rating_kit.counts("risk-ratio", 10, 100, 30, 100, domain="safety", favourable="lower")),
        rating_kit.study("b", rating_kit.counts("risk-ratio", 10, 100, 30, 100, domain="safety", favourable="lower")),
    ]
    rating = rating_kit.rate(lower)
    domain = rating_kit.domain(rating, "safety")
    assert [item.status for item in domain.evidence] == ["favourable", "favourable"]
    assert rating.rating == "strong"
    meta = domain.synthesis.meta
    assert meta.scale == "log-risk-ratio" and meta.favourable == "lower"
    assert meta.result.estimate == pytest.approx(-1.0986123, abs=1e-6)
    assert meta.result.se == pytest.approx(((0.1 - 0.01 + 1 / 30 - 0.01) / 2) ** 0.5)
    # The same numbers where more events would be better are unfavourable.
    higher = [rating_kit.study(s.id, rating_kit.counts("risk-ratio", 10, 100, 30, 100, domain="safety")) for s in lower]
    flipped = rating_kit.rate(higher)
    assert [item.status for item in rating_kit.domain(flipped, "safety").evidence] == ["unfavourable", "unfavourable"]
    assert flipped.rating == "none"


def test_mixed_directions_are_oriented_before_pooling(rating_kit) -> None:
    """A 'lower is better' SMD of -0.5 and a 'higher is better' SMD of 0.3 both point the good way."""
    studies = [
        rating_kit.study("a", rating_kit.effect("smd", -0.5, 0.1, favourable="lower")),
        rating_kit.study("b", rating_kit.effect("smd", 0.3, 0.1)),
        rating_kit.study("c", rating_kit.effect("smd", 0.5, 0.1)),
    ]
    meta = rating_kit.domain(rating_kit.rate(studies)).synthesis.meta
    assert meta.favourable == "higher"
    assert [(s.study_id, s.flipped, s.effect.estimate) for s in meta.studies] == [
        ("a", True, 0.5), ("b", False, 0.3), ("c", False, 0.5)
    ]
    assert rating_kit.rate(studies).rating == "strong"


def test_a_recommendation_takes_its_highest_domain_rating(rating_kit) -> None:
    studies = [
        rating_kit.study("a", rating_kit.finding("favourable", domain="permanence"), rating_kit.effect("smd", 0.5, 0.1)),
        rating_kit.study("b", rating_kit.effect("smd", 0.3, 0.1)),
    ]
    rating = rating_kit.rate(studies)
    assert {d.domain: d.rating for d in rating.domains} == {"carer-wellbeing": "strong", "permanence": "promising"}
    assert rating.rating == "strong"


def test_no_studies_rates_none(rating_kit) -> None:
    rating = rating_kit.rate([])
    assert (rating.rating, rating.domains, rating.eligible, rating.excluded) == ("none", (), (), ())


def test_studies_of_other_recommendations_are_ignored(rating_kit) -> None:
    other = rating_kit.study("other", rating_kit.finding("favourable"), recommendations=["something-else"])
    assert rating_kit.rate([other]).rating == "none"
    assert rating_kit.rate([other]).excluded == ()

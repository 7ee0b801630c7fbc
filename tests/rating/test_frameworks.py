"""Rating frameworks: the three bundled rule sets, custom ones from --rules, and a study that
counts under one framework and not another, with `explain --framework` naming the criterion."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from kinship_evidence.rating.frameworks import bundled_framework_ids, bundled_frameworks

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RULES = FIXTURES / "rules"
DATA = Path(__file__).resolve().parents[2] / "data"
BUNDLED = ["foundations-kinship-2024", "foundations-pta-2025", "title-iv-e-psc"]
PSC = "title-iv-e-psc"


def _json(result) -> dict | list:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _tier(explanation: dict, domain: str, rating: str) -> dict:
    outcome = next(item for item in explanation["outcomes"] if item["domain"] == domain)
    return next(tier for tier in outcome["tiers"] if tier["rating"] == rating)


def test_three_bundled_frameworks() -> None:
    assert bundled_framework_ids() == BUNDLED
    frameworks = bundled_frameworks()
    assert list(frameworks) == BUNDLED
    for framework in frameworks.values():
        assert [tier.rating for tier in framework.tiers] == framework.scale[: len(framework.tiers)]
    assert frameworks[PSC].scale == ["well-supported", "supported", "promising", "does-not-currently-meet-criteria"]


def test_frameworks_command_lists_them(rating_cli) -> None:
    result = rating_cli("frameworks")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert listed == BUNDLED
    assert [item["id"] for item in _json(rating_cli("frameworks", "--format", "json"))] == BUNDLED


def test_bundled_dataset_rates_under_all_three(rating_cli) -> None:
    data = _json(rating_cli("rate", "--data", DATA, "--framework", "all", "--format", "json"))
    assert list(data) == ["frameworks"]
    assert [item["framework"] for item in data["frameworks"]] == BUNDLED
    for item in data["frameworks"]:
        scale = bundled_frameworks()[item["framework"]].scale
        assert [rec["number"] for rec in item["recommendations"]] == [1, 2, 3, 4, 5, 6]
        assert all(rec["rating"] in scale for rec in item["recommendations"])
        # Published ratings belong to the guide's own framework only.
        compared = item["framework"] == "foundations-kinship-2024"
        assert all((rec["published_rating"] is not None) is compared for rec in item["recommendations"])


@pytest.mark.parametrize("command", ["rate", "check", "explain"])
def test_unknown_framework_is_a_usage_error(rating_cli, command) -> None:
    args = [command, *(["1"] if command == "explain" else []), "--data", DATA, "--framework", "no-such-framework"]
    result = rating_cli(*args)
    assert result.exit_code == 2
    assert "unknown framework 'no-such-framework'" in result.stderr
    assert result.stdout == ""


def test_guide_naming_an_unknown_framework_is_a_finding(rating_cli, tmp_path) -> None:
    root = tmp_path / "data"
    shutil.copytree(FIXTURES / "strong-two-high-rcts", root)
    recommendations = root / "recommendations.yaml"
    recommendations.write_text(
        recommendations.read_text().replace("framework: foundations-kinship-2024", "framework: no-such-guide-rules")
    )
    result = rating_cli("check", "--data", root, "--format", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)
    assert finding["rule"] == "unknown-framework"
    assert finding["field"] == "guide.framework"
    assert finding["line"] == 1 and "no-such-guide-rules" in finding["message"]
    rated = rating_cli("rate", "--data", root)
    assert (rated.exit_code, rated.stdout) == (1, "")
    assert "[unknown-framework]" in rated.stderr
    # Naming a framework explicitly rates the data regardless.
    assert rating_cli("rate", "--data", root, "--framework", "foundations-kinship-2024").exit_code == 0


# ---------------------------------------------------------------------------------------
# One study, two frameworks


def test_group_of_15_counts_under_kinship_strong_not_pta_strong(rating_cli) -> None:
    root = FIXTURES / "framework-group-size"
    kinship = _json(rating_cli("explain", "rec", "--data", root, "--framework", "foundations-kinship-2024", "--format", "json"))
    pta = _json(rating_cli("explain", "rec", "--data", root, "--framework", "foundations-pta-2025", "--format", "json"))
    assert (kinship["rating"], pta["rating"]) == ("strong", "good")
    kinship_strong = _tier(kinship, "carer-wellbeing", "strong")
    assert kinship_strong["passed"] and kinship_strong["members"] == ["big-trial", "small-trial"]
    pta_strong = _tier(pta, "carer-wellbeing", "strong")
    assert not pta_strong["passed"] and pta_strong["members"] == ["big-trial"]
    (studies,) = [check for check in pta_strong["checks"] if check["name"] == "studies"]
    assert studies["passed"] is False
    assert "set aside: small-trial (smallest group 15, need 20)" in studies["detail"]
    text = rating_cli("explain", "rec", "--data", root, "--framework", "foundations-pta-2025")
    assert "smallest group 15, need" in text.stdout
    verdicts = {line.split()[0]: line.split()[2] for line in text.stdout.splitlines() if line.startswith(("  strong ", "  good "))}
    assert verdicts == {"strong": "[fail]", "good": "[PASS]"}


def test_group_size_boundary_under_pta(rating_kit) -> None:
    def trial(name, n):
        return rating_kit.study(name, rating_kit.groups(n, n, mean_t=13.0))

    at_20 = rating_kit.rate([trial("a", 20), trial("b", 60)], framework="foundations-pta-2025")
    assert at_20.rating == "strong"
    at_19 = rating_kit.rate([trial("a", 19), trial("b", 60)], framework="foundations-pta-2025")
    assert at_19.rating == "good"
    no_sizes = rating_kit.rate(
        [rating_kit.study("a", rating_kit.effect("smd", 0.5, 0.1)), trial("b", 60)], framework="foundations-pta-2025"
    )
    assert "a (smallest group not recorded, need 20)" in rating_kit.domain(no_sizes).tiers[0].criteria[0].detail


def test_pta_strong_may_rest_on_a_narrative_synthesis(rating_kit) -> None:
    """PTA's strong is 'meta-analysis or narrative synthesis'; kinship's strong needs a meta-analysis."""
    studies = [  # both favourable, with 30 per group, on different scales: nothing can be pooled
        rating_kit.study("a", rating_kit.groups(30, 30, mean_t=14.0)),
        rating_kit.study("b", rating_kit.counts("risk-ratio", 20, 30, 8, 30)),
    ]
    assert rating_kit.domain(rating_kit.rate(studies, framework="foundations-pta-2025")).rating == "strong"
    assert rating_kit.domain(rating_kit.rate(studies)).rating == "good"


def test_non_high_income_country_counts_under_psc_not_kinship(rating_cli) -> None:
    root = FIXTURES / "framework-country"
    kinship = _json(rating_cli("explain", "1", "--data", root, "--format", "json"))
    psc = _json(rating_cli("explain", "1", "--data", root, "--framework", PSC, "--format", "json"))
    assert kinship["framework"] == "foundations-kinship-2024"
    assert kinship["eligible"] == [] and kinship["rating"] == "none"
    assert [(item["study"], item["reason"]) for item in kinship["excluded"]] == [("trial-in", "country IN is not a high-income country")]
    assert psc["eligible"] == ["trial-in"] and psc["excluded"] == []
    assert (psc["rating"], psc["published_rating"]) == ("promising", None)
    supported = _tier(psc, "permanence", "supported")
    assert [(c["name"], c["passed"]) for c in supported["checks"]] == [
        ("studies", True), ("favourable", True), ("sustained", False)
    ]
    text = rating_cli("explain", "1", "--data", root)
    assert "  - trial-in: country IN is not a high-income country" in text.stdout


# ---------------------------------------------------------------------------------------
# Title IV-E PSC tiers


def _contrast(rating_kit, name, months=12.0, **fields):
    outcome = rating_kit.finding("favourable", domain="permanence", follow_up_months=months)
    return rating_kit.study(name, outcome, **{"quality": "moderate", "usual_care": True, **fields})


@pytest.mark.parametrize(
    ("changes", "rating"),
    [
        ({}, "well-supported"),
        ({"b": {"months": 0.0}}, "well-supported"),  # one sustained >= 12 months is enough
        ({"a": {"months": 11.9}, "b": {"months": 6.0}}, "supported"),
        ({"a": {"months": 5.9}, "b": {"months": 5.9}}, "promising"),
        ({"a": {"sample": "one-trial"}, "b": {"sample": "one-trial"}}, "supported"),  # one sample
        ({"a": {"sample": "trial-a"}, "b": {"sample": "trial-b"}}, "well-supported"),
        ({"b": {"usual_care": None}}, "supported"),
        ({"a": {"usual_care": False}, "b": {"usual_care": False}}, "promising"),
        ({"b": {"country": "IN"}}, "well-supported"),  # any country
        ({"b": {"quality": "low"}}, "supported"),  # low design-and-execution rating does not count
        ({"a": {"months": None}, "b": {"months": None}}, "promising"),  # follow-up not recorded
    ],
)
def test_psc_tier_boundaries(rating_kit, changes, rating) -> None:
    studies = []
    for name in ("a", "b"):
        fields = dict(changes.get(name, {}))
        studies.append(_contrast(rating_kit, name, fields.pop("months", 12.0), **fields))
    assert rating_kit.rate(studies, framework=PSC).rating == rating


def test_psc_counts_distinct_samples_and_says_so(rating_kit) -> None:
    studies = [_contrast(rating_kit, "arm-1", sample="smith-2018"), _contrast(rating_kit, "arm-2", sample="smith-2018")]
    well_supported = rating_kit.domain(rating_kit.rate(studies, framework=PSC), "permanence").tiers[0]
    assert [(c.name, c.passed) for c in well_supported.criteria] == [
        ("studies", False), ("favourable", False), ("sustained", True)
    ]
    assert well_supported.criteria[0].detail.startswith(
        "1 study (arm-1, arm-2); arm-1, arm-2 share sample smith-2018 and count once; need at least 2"
    )


# ---------------------------------------------------------------------------------------
# --rules FILE

RULES_EXPECTED = yaml.safe_load((RULES / "expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(RULES_EXPECTED))
def test_rules_files(rating_cli, name) -> None:
    want = RULES_EXPECTED[name]
    path = RULES / name
    if "framework" in want:
        listed = _json(rating_cli("frameworks", "--rules", path, "--format", "json"))
        assert [item["id"] for item in listed] == [*BUNDLED, want["framework"]]
        for case, rating in want["ratings"].items():
            args = ("--data", FIXTURES / case, "--rules", path, "--framework", want["framework"], "--format", "json")
            data = _json(rating_cli("rate", *args))
            assert data["framework"] == want["framework"]
            assert [rec["rating"] for rec in data["recommendations"]] == [rating]
        args = ("--data", FIXTURES / "strong-two-high-rcts", "--rules", path, "--framework", "all", "--format", "json")
        everything = _json(rating_cli("rate", *args))
        assert [item["framework"] for item in everything["frameworks"]] == [*BUNDLED, want["framework"]]
        return
    for command in ("rate", "check"):
        result = rating_cli(command, "--data", FIXTURES / "strong-two-high-rcts", "--rules", path)
        assert result.exit_code == 1
        output = result.stdout + result.stderr
        assert f"{path}:{want['finding'].split(':', 1)[1]}" in output
        assert "[schema]" in output
        if command == "rate":
            assert result.stdout == "" and "nothing rated" in result.stderr
    listed = rating_cli("frameworks", "--rules", path)
    assert listed.exit_code == 1 and want["finding"] in listed.stderr


def test_rank_counts_up_from_the_no_rating_label() -> None:
    scale = bundled_frameworks()[PSC].scale
    ranks = [bundled_frameworks()[PSC].rank(rating) for rating in scale]
    assert ranks == [3, 2, 1, 0]
    assert bundled_frameworks()[PSC].no_rating == scale[-1] == "does-not-currently-meet-criteria"

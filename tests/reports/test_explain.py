"""`explain REC`: the eligible and excluded studies, every tier with pass or fail and the numbers,
and a forest plot for a pooled domain; `--format json` gives the same as data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "rating" / "fixtures"
DATA = Path(__file__).resolve().parents[2] / "data"


def _explain(rating_cli, case: str, *args: str):
    result = rating_cli("explain", *args, "--data", FIXTURES / case)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_text_lists_each_tier_with_pass_or_fail(rating_cli) -> None:
    out = _explain(rating_cli, "strong-one-quality-lower", "rec")
    assert out.startswith("Recommendation 1 (rec): good - matches the published rating (good)")
    verdicts = [
        line.split()[0:3:2] for line in out.splitlines() if line.split()[:1] in (["strong"], ["good"], ["promising"])
    ]
    assert verdicts == [["strong", "[fail]"], ["good", "[PASS]"], ["promising", "[PASS]"]]
    flat = " ".join(out.split())
    assert "[fail] studies: 1 study (trial-a); need at least 2; set aside: trial-b (quality moderate, need high)" in flat
    assert "[pass] meta-analysis: random-effects meta-analysis (REML, Wald z CI) of k=2 on smd: 0.400 [0.204, 0.596]" in flat
    assert "Framework foundations-kinship-2024 (2024-10-14); pooling: REML, Wald z CI" in out
    assert "  - Experimental means rct, cluster-rct or qed" in out  # the interpretation is stated


def test_text_gives_exclusion_reasons(rating_cli) -> None:
    out = _explain(rating_cli, "ineligible-design", "1")
    assert "Eligible studies (1): trial-a" in out
    assert "  - cohort-b: design cohort is not experimental here (rct, cluster-rct, qed)" in out
    assert "  - pre-post-c: design pre-post is not experimental here (rct, cluster-rct, qed)" in out
    assert "forest plot" not in out  # nothing pooled
    targets = _explain(rating_cli, "target-domains", "rec")
    assert "  - trial-child: no outcome in the target domains (carer-wellbeing)" in targets
    assert "Eligible studies (1): trial-a" in targets
    assert "Target domains: carer-wellbeing" in targets


def test_text_forest_plot_for_a_pooled_domain(rating_cli) -> None:
    out = _explain(rating_cli, "strong-two-high-rcts", "rec").splitlines()
    start = out.index("  forest plot (all eligible studies pooled on one scale):")
    rows = out[start + 2 : start + 5]
    assert out[start + 1].split()[:2] == ["Study", "Weight"]
    assert [row.split()[0] for row in rows] == ["trial-a", "trial-b", "RE"]
    # Each study: 0.5 / 0.3 -/+ 1.96 * 0.1; pooled 0.4 -/+ 1.96 * 0.1.
    assert rows[0].endswith("0.500 [0.304, 0.696]") and rows[1].endswith("0.300 [0.104, 0.496]")
    assert rows[2].endswith("0.400 [0.204, 0.596]")
    assert rows[0].count("\u25a0") == rows[1].count("\u25a0") == 1 and "\u25c6" in rows[2]
    assert rows[1].index("\u25a0") < rows[2].index("\u25c6") < rows[0].index("\u25a0")
    assert "  SMD (no effect at |; higher is better)" in out


def test_text_warns_of_conflicting_evidence(rating_cli) -> None:
    out = _explain(rating_cli, "narrative-one-unfavourable", "rec")
    assert "  warning: conflicting evidence on carer-wellbeing: favourable trial-a, trial-b; unfavourable trial-c" in out
    unwrapped = " ".join(out.split())
    assert "narrative synthesis: 2 of 3 favourable (need >= 2, more than half), 1 unfavourable (need 0)" in unwrapped


def test_text_on_the_bundled_data(rating_cli) -> None:
    result = rating_cli("explain", "financial-allowances", "--data", DATA)
    assert result.exit_code == 0
    headline = "Recommendation 6 (financial-allowances): promising - matches the published rating (promising)"
    assert result.stdout.startswith(headline)
    assert "Outcome domain financial-wellbeing: none" in result.stdout
    assert "no eligible study measured this domain" in result.stdout
    assert "tennessee-subsidized-guardianship: not appraised (quality: not-appraised)" in result.stdout
    drift = rating_cli("explain", "1", "--data", Path(__file__).resolve().parents[1] / "cli" / "fixtures" / "published-differs")
    assert drift.stdout.startswith("Recommendation 1 (rec): strong - DIFFERS FROM the published rating (good)")


def test_json(rating_cli) -> None:
    data = json.loads(_explain(rating_cli, "ineligible-country", "rec", "--format", "json"))
    assert (data["id"], data["number"], data["framework"], data["estimator"]) == ("rec", 1, "foundations-kinship-2024", "reml")
    assert data["eligible"] == ["trial-a"]
    assert [{key: item[key] for key in ("study", "reason")} for item in data["excluded"]] == [
        {"study": "trial-br", "reason": "country BR is not a high-income country"},
        {"study": "trial-in", "reason": "country IN is not a high-income country"},
    ]
    assert all(item["reported"] and item["reported"][0]["domain"] == "carer-wellbeing" for item in data["excluded"])
    (outcome,) = data["outcomes"]
    assert outcome["domain"] == "carer-wellbeing" and outcome["rating"] == "promising"
    assert [tier["rating"] for tier in outcome["tiers"]] == ["strong", "good", "promising"]
    assert [tier["passed"] for tier in outcome["tiers"]] == [False, False, True]
    for tier in outcome["tiers"]:
        assert tier["criterion"]
        assert tier["passed"] == all(check["passed"] for check in tier["checks"])
        assert all(set(check) == {"name", "passed", "detail"} for check in tier["checks"])
    (study,) = outcome["studies"]
    assert study["id"] == "trial-a" and study["status"] == "favourable"
    assert study["outcomes"][0]["estimate"] == 0.5
    assert outcome["synthesis"]["method"] == "single-study"


def test_json_with_dl_reports_its_estimator(rating_cli) -> None:
    data = json.loads(_explain(rating_cli, "pooled-ci-includes-no-effect", "rec", "--format", "json", "--estimator", "dl"))
    assert data["estimator"] == "dl"
    synthesis = data["outcomes"][0]["synthesis"]
    # 0.25 and 2.0 (se 0.1): Q = 2 * 100 * 0.875^2 = 153.125, tau^2 = (Q - 1) / 100 = 1.52125,
    # se = sqrt((0.01 + tau^2) / 2) = 0.875; the CI 1.125 -/+ 1.96 * 0.875 includes 0.
    assert synthesis["estimator"] == "dl"
    assert (synthesis["estimate"], synthesis["tau2"]) == pytest.approx((1.125, 1.52125))
    assert synthesis["ci_low"] == pytest.approx(1.125 - 1.959964 * 0.875, abs=1e-5) and synthesis["ci_low"] < 0
    good = data["outcomes"][0]["tiers"][1]
    assert [(c["name"], c["passed"]) for c in good["checks"]] == [("studies", True), ("meta-analysis", False)]
    assert "does not exclude no effect" in good["checks"][1]["detail"]


def test_unknown_recommendation_is_a_usage_error(rating_cli) -> None:
    result = rating_cli("explain", "7", "--data", DATA)
    assert result.exit_code == 2
    assert "no recommendation '7'" in result.stderr and "6 (financial-allowances)" in result.stderr
    assert result.stdout == ""


def test_all_frameworks(rating_cli) -> None:
    out = _explain(rating_cli, "framework-country", "rec", "--framework", "all")
    assert out.count("Recommendation 1 (rec):") == 3
    assert "Recommendation 1 (rec): promising\n" in out  # PSC: no published rating to compare
    data = [
        json.loads(_explain(rating_cli, "framework-country", "rec", "--framework", framework, "--format", "json"))
        for framework in ("foundations-pta-2025", "title-iv-e-psc")
    ]
    assert [item["rating"] for item in data] == ["none", "promising"]


EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples" / "valid"


def test_inferences_are_shown_next_to_what_they_label(rating_cli) -> None:
    result = rating_cli("explain", "navigation", "--data", EXAMPLES)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("  - inferences (cluster-rct, moderate quality, US): favourable")
    block = " ".join(" ".join(lines[start : start + 14]).split())
    assert "inferred year: no page read dates the paper; the year the programme launched" in block
    assert "inferred quality: inferred from the guide's published rating, not an appraisal" in block
    # the result's own inference comes right after that result
    result_at = block.index("favourable: reported finding: favourable; Caregiver resourcefulness")
    assert block.index("inferred: domain: the abstract calls these", result_at) > result_at
    # a record without inferences shows none
    other = lines.index("  - groups-smd (cluster-rct, high quality, GB): unfavourable")
    assert not any("inferred" in line for line in lines[other : other + 4])


def test_inferences_in_json(rating_cli) -> None:
    result = rating_cli("explain", "navigation", "--data", EXAMPLES, "--format", "json")
    data = json.loads(result.stdout)
    studies = [study for domain in data["outcomes"] for study in domain["studies"] if study["id"] == "inferences"]
    assert {study["inferences"][1]["field"] for study in studies} == {"year"}
    assert [item["field"] for item in studies[0]["inferences"]] == ["citation", "year", "country", "quality"]
    outcomes = {o["description"]: o for study in studies for o in study["outcomes"]}
    resourcefulness = outcomes["Caregiver resourcefulness, 12 months after the end of services"]
    assert resourcefulness["inferred"].startswith("domain: the abstract calls these")
    assert "inferred" not in outcomes["Permanency outcomes; no difference between groups"]


def test_an_excluded_studys_results_are_shown_beside_the_synthesis_not_counted(rating_cli) -> None:
    """Issue 26: the bundled navigator cluster RCT is not appraised, so it does not count; its
    no-effect permanence finding is still shown in rec 1's permanence domain, marked not counted."""
    result = rating_cli("explain", "navigation", "--data", Path(__file__).resolve().parents[2] / "data")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    permanence = text[text.index("Outcome domain permanence"):]
    permanence = permanence[: permanence.index("Outcome domain", 10)] if "Outcome domain" in permanence[10:] else permanence
    assert "not counted, kinship-adoption-navigator-cluster-rct (not appraised" in permanence
    assert "no-effect: Permanency outcomes" in permanence
    assert "narrative synthesis: 4 of 4 favourable" in permanence

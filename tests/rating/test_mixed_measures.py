"""Issue 22, item 3: studies on different effect measures in one domain.

Counts are recomputed on the domain's measure and pooled (checked against metafor: the R script
and its output sit in ``reference/mixed_measures.*``); effects that cannot be put on one scale
are a warning that names every study's measure, in ``rate``, ``check`` and JSON.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

REFERENCE = json.loads((Path(__file__).parent / "reference" / "mixed_measures.json").read_text(encoding="utf-8"))
FIXTURE = Path(__file__).resolve().parents[1] / "cli" / "fixtures" / "published-differs"


def test_mixed_risk_ratio_and_risk_difference_counts_dropping_the_meta_analysis_is_fixed(rating_kit):
    rr = rating_kit.study("rr-trial", rating_kit.counts("risk-ratio", 30, 100, 20, 100))
    rd = rating_kit.study("rd-trial", rating_kit.counts("risk-difference", 40, 120, 25, 118))
    domain = rating_kit.domain(rating_kit.rate([rr, rd]))
    assert domain.synthesis.method == "meta-analysis"
    meta = domain.synthesis.meta
    assert meta.scale == "log-risk-ratio" and [s.study_id for s in meta.studies] == ["rr-trial", "rd-trial"]
    for study, yi, vi in zip(meta.studies, REFERENCE["yi"], REFERENCE["vi"]):
        assert math.isclose(study.effect.estimate, yi, rel_tol=1e-12) and math.isclose(study.effect.variance, vi, rel_tol=1e-12)
    assert math.isclose(meta.result.estimate, REFERENCE["estimate"], rel_tol=1e-9)
    assert math.isclose(meta.result.se, REFERENCE["se"], rel_tol=1e-9)
    assert math.isclose(meta.result.ci_low, REFERENCE["ci_low"], rel_tol=1e-9)
    assert any("rd-trial: its risk-difference is recomputed from its counts as a risk-ratio" in w for w in domain.warnings)


def _unpoolable(tmp_path: Path) -> Path:
    """Two trials: an SMD and a risk difference reported as an effect only (no counts)."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    record = data / "studies" / "trial-b.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("measure: smd, effect: {estimate: 0.3, se: 0.1}", "measure: risk-difference, effect: {estimate: 0.08, se: 0.03}"), encoding="utf-8")
    return data


def test_effects_on_two_scales_falling_back_to_counting_silently_is_fixed(tmp_path, rating_cli):
    data = _unpoolable(tmp_path)
    rated = json.loads(rating_cli("rate", "--data", data, "--format", "json").stdout)
    (outcome,) = rated["recommendations"][0]["outcomes"]
    (warning,) = [w for w in outcome["warnings"] if "cannot be put on" in w]
    assert "trial-a: smd" in warning and "trial-b: risk-difference" in warning and "record its 2x2 counts" in warning
    checked = json.loads(rating_cli("check", "--data", data, "--format", "json").stdout)
    (finding,) = [f for f in checked if "cannot be put on" in f["message"]]
    assert finding["path"].endswith("trial-a.yaml") and finding["field"] == "outcomes.0.measure"  # the tie goes to RD
    assert finding["rule"] == "evidence-left-out" and finding["line"] == 13
    table = rating_cli("rate", "--data", data, "--color", "never").stdout
    assert "cannot be put on" in table


def test_a_scale_memo_gives_the_same_pool_and_recomputes_each_outcome_once(rating_kit):
    """robustness passes a ScaleMemo to meta_analysis: the pool must equal the one without it."""
    from kinship_evidence.rating.pooling import ScaleMemo, meta_analysis
    from kinship_evidence.stats.methods import PoolingMethods

    rr = rating_kit.study("rr-trial", rating_kit.counts("risk-ratio", 30, 100, 20, 100))
    rd = rating_kit.study("rd-trial", rating_kit.counts("risk-difference", 40, 120, 25, 118))
    rr2 = rating_kit.study("rr-trial-2", rating_kit.counts("risk-ratio", 33, 90, 21, 95))
    evidence = rating_kit.domain(rating_kit.rate([rr, rd, rr2])).evidence
    memo, methods = ScaleMemo(), PoolingMethods()
    plain = meta_analysis(evidence, methods, False)
    first, again = meta_analysis(evidence, methods, False, memo), meta_analysis(evidence, methods, False, memo)
    assert first == plain == again and plain.scale == "log-risk-ratio"
    (kept,) = memo.kept.values()  # only rd-trial is recomputed, once
    assert kept[0].outcome.measure == "risk-difference"
    assert meta_analysis(evidence[:2], methods, False, memo) == meta_analysis(evidence[:2], methods, False)

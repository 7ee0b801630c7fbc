"""explain says when a 2x2 table got the continuity correction, and when the restricted
likelihood of a pool had more than one maximum and which one was taken (issue 20)."""

from __future__ import annotations

import math

from kinship_evidence.reports.explanation import explanation_dict, explanation_text
from kinship_evidence.stats.methods import PoolingMethods


def test_explain_marks_the_continuity_correction(rating_kit) -> None:
    studies = [
        rating_kit.study("zero-cell", rating_kit.counts("odds-ratio", 0, 20, 4, 20)),
        rating_kit.study("no-zero", rating_kit.counts("odds-ratio", 3, 20, 6, 20)),
    ]
    rating = rating_kit.rate(studies)
    text = " ".join(explanation_text(rating, PoolingMethods(), width=200).split())
    assert text.count("(a zero cell: 0.5 added to every cell)") == 1
    zero = next(line for line in text.split("- ") if line.startswith("zero-cell"))
    assert "(a zero cell: 0.5 added to every cell)" in zero
    outcomes = {s["id"]: s["outcomes"][0] for d in explanation_dict(rating, PoolingMethods())["outcomes"] for s in d["studies"]}
    assert outcomes["zero-cell"]["continuity_corrected"] is True
    assert outcomes["no-zero"]["continuity_corrected"] is False


def test_explain_says_the_likelihood_had_two_maxima(rating_kit) -> None:
    # 0.2, 0.2, -5 with SE 0.0316, 0.0316, 1: restricted-likelihood maxima at tau^2 = 0 and 7.99
    studies = [
        rating_kit.study(name, rating_kit.effect("smd", y, se))
        for name, y, se in (("a", 0.2, 0.0316), ("b", 0.2, 0.0316), ("c", -5.0, 1.0))
    ]
    rating = rating_kit.rate(studies)
    text = " ".join(explanation_text(rating, PoolingMethods(), width=200).split())
    assert "REML: the global one of 2 likelihood maxima" in text
    assert "restricted likelihood has 2 local maxima: tau^2=0 (logLik -11.69), tau^2=7.99 (logLik -5.00); took the global one, tau^2=7.99" in text
    assert math.isfinite(rating_kit.domain(rating).synthesis.meta.result.tau2)

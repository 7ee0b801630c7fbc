"""``explain``'s small-k honesty: what an interval cannot promise with few studies.

* a Wald z interval with k <= 4 ignores the uncertainty in tau^2 and is often too narrow;
* a prediction interval is undefined with k < 3;
* an HKSJ interval narrower than the Wald one (when Q(tau^2) < k - 1): the ad hoc variant
  (``--ci hksj-adhoc``) is never narrower.
"""

from __future__ import annotations

from dataclasses import replace

from kinship_evidence.rating.synthesis import MetaAnalysis
from kinship_evidence.stats.meta_analysis import pool
from kinship_evidence.stats.methods import CIMethod, PredictionMethod


def small_k_notes(meta: MetaAnalysis) -> list[str]:
    result = meta.result
    if result is None:
        return []
    notes = []
    k, methods = result.k, result.methods
    if methods.ci is CIMethod.WALD and k <= 4:
        notes.append(f"a Wald z interval with k = {k} (<= 4) ignores the uncertainty in tau^2 and is often too narrow; "
                     "see --ci hksj")
    if k < 3:
        notes.append(f"a prediction interval is undefined with k = {k} (< 3)")
    elif methods.prediction is PredictionMethod.NONE:
        notes.append("no prediction interval was asked for (--prediction); the certainty's inconsistency judges one")
    if k >= 2:
        ys = [study.effect.estimate for study in meta.studies]
        vs = [study.effect.variance for study in meta.studies]
        try:
            wald = result if methods.ci is CIMethod.WALD else pool(ys, vs, replace(methods, ci=CIMethod.WALD))
            hksj = result if methods.ci is CIMethod.HKSJ else pool(ys, vs, replace(methods, ci=CIMethod.HKSJ))
        except ValueError:
            return notes
        if hksj.ci_high - hksj.ci_low < wald.ci_high - wald.ci_low:
            notes.append(
                f"the HKSJ interval ({hksj.ci_low:.3f} to {hksj.ci_high:.3f}) is narrower than the Wald one "
                f"({wald.ci_low:.3f} to {wald.ci_high:.3f}), as Q(tau^2) < k - 1; --ci hksj-adhoc is never narrower"
            )
    return notes

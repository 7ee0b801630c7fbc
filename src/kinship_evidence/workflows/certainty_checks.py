"""``check``'s view of recorded GRADE judgements: each one more favourable than the computed one.

A recorded judgement always carries a reason (the format requires it), so "more favourable
without a reason" cannot happen; what a reviewer of the dataset needs to see instead is every
recorded judgement that rates down fewer levels than the stated rule computes, with the reason
quoted, as a ``certainty-override`` warning at its ``rating_down`` line (under the guide's own
rule set, whose computation the recorded judgements answer).
"""

from __future__ import annotations

from kinship_evidence.data.dataset import locate_in_files
from kinship_evidence.findings import Finding, Severity
from kinship_evidence.workflows.evaluate import Evaluation


def certainty_findings(evaluation: Evaluation) -> list[Finding]:
    dataset = evaluation.validation.dataset
    path = dataset.recommendations_path
    index_of = {rec.id: i for i, rec in enumerate(dataset.recommendations)}
    findings: list[Finding] = []
    for report in evaluation.reports:
        for rating in report.ratings:
            if rating.published_rating is None:  # not the guide's own rule set
                continue
            for domain in rating.domains:
                if domain.certainty is None:
                    continue
                for judgement in domain.certainty.judgements:
                    computed = judgement.computed
                    if computed is None or not judgement.more_favourable_than_computed:
                        continue
                    index = index_of[rating.recommendation.id]
                    field = f"recommendations.{index}.certainty.{domain.domain}.{judgement.key}.rating_down"
                    findings.append(Finding(
                        path, 0, 0, field, "certainty-override",
                        f"recorded {judgement.key} rating_down {judgement.rating_down} is more favourable than the computed "
                        f"{computed.rating_down} ({computed.reason}); recorded reason: {judgement.reason!r}",
                        Severity.WARNING,
                    ))
    return locate_in_files(findings)

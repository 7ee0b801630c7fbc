"""``check``'s findings for what the rating left out: a study left out of a pool, numbers that
define no effect size, a study set aside in a domain. Each is a warning at the study's record."""

from __future__ import annotations

from kinship_evidence.data.dataset import locate_in_files
from kinship_evidence.findings import Finding, Severity
from kinship_evidence.workflows.evaluate import Evaluation


def notice_findings(evaluation: Evaluation) -> list[Finding]:
    paths = {record.study.id: record.path for record in evaluation.records}
    found: dict[tuple[str, str, str], Finding] = {}
    for report in evaluation.reports:
        for rating in report.ratings:
            for domain in rating.domains:
                for notice in domain.notices:
                    path = paths.get(notice.study_id)
                    if path is None:
                        continue
                    message = f"{notice.message} (recommendation {rating.recommendation.number}, {report.framework.id})"
                    key = (path, notice.field, notice.message)
                    found.setdefault(key, Finding(path, 0, 0, notice.field, "evidence-left-out", message, Severity.WARNING))
    return locate_in_files(list(found.values()))

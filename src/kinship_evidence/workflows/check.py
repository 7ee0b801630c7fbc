"""``check``: everything a CI job needs to know about a dataset, as findings.

Validation, then (when the data are valid) rating drift, the evidence the rating left out,
and each quality that is stated without an appraisal.
"""

from __future__ import annotations

from kinship_evidence.findings import Finding, sorted_findings
from kinship_evidence.workflows.appraisal_checks import unappraised_qualities
from kinship_evidence.workflows.certainty_checks import certainty_findings
from kinship_evidence.workflows.drift import drift_findings
from kinship_evidence.workflows.evaluate import Evaluation
from kinship_evidence.workflows.notices import notice_findings


def check_findings(evaluation: Evaluation) -> list[Finding]:
    found = [*evaluation.findings]
    if evaluation.reports:
        found += drift_findings(evaluation)
        found += certainty_findings(evaluation)
        found += notice_findings(evaluation)
        found += unappraised_qualities(evaluation.records)
    return sorted_findings(found)

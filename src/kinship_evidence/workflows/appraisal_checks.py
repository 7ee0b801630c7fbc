"""Findings about how each record's quality is known, under the guide's own rule set.

* ``quality-disagrees`` (error, at ``quality``): the record states a quality that its own
  ``risk_of_bias`` appraisal does not give under the rule set's mapping.
* ``quality-unappraised`` (warning, at ``quality``; ``check`` only): the record states a quality
  label with no appraisal recorded, so nobody can trace it.
"""

from __future__ import annotations

from collections.abc import Iterable

from kinship_evidence.data.dataset import StudyRecord, locate_in_files
from kinship_evidence.findings import Finding, Severity
from kinship_evidence.rating.frameworks import Framework
from kinship_evidence.rating.quality import stated_quality_disagrees


def quality_disagreements(records: Iterable[StudyRecord], framework: Framework | None) -> list[Finding]:
    if framework is None:
        return []
    found = []
    for record in records:
        message = stated_quality_disagrees(record.study, framework)
        if message is not None:
            found.append(Finding(record.path, 0, 0, "quality", "quality-disagrees", message))
    return locate_in_files(found)


def unappraised_qualities(records: Iterable[StudyRecord]) -> list[Finding]:
    found = [
        Finding(
            record.path, 0, 0, "quality", "quality-unappraised",
            f"quality {record.study.quality} is stated, not appraised: record the appraisal as a risk_of_bias "
            "block (or, when nobody has appraised the study, quality: not-appraised)",
            Severity.WARNING,
        )
        for record in records
        if record.study.quality not in (None, "not-appraised")
        and (record.study.risk_of_bias is None or not record.study.risk_of_bias.is_complete)
    ]
    return locate_in_files(found)

"""Each ``known_drift`` checked against the rule sets: its ``framework`` names one, its ``rating`` a rating of it.

A typo in an acknowledgement (``rating: strng``, ``framework: title-iv-e-pcs``) would otherwise
acknowledge nothing, and ``check`` would advise adding the acknowledgement that is already
there. Both are ``invalid-known-drift`` errors at the misspelt value, with the nearest name.
The rating is checked against the scale of the rule set the acknowledgement is made under: its
``framework``, else the guide's own (``guide.framework``).
"""

from __future__ import annotations

from collections.abc import Mapping

from kinship_evidence.data.dataset import Dataset, locate_in_files
from kinship_evidence.findings import Finding
from kinship_evidence.rating.frameworks import Framework
from kinship_evidence.suggestions import did_you_mean

RULE = "invalid-known-drift"


def known_drift_findings(dataset: Dataset, frameworks: Mapping[str, Framework]) -> list[Finding]:
    """An ``invalid-known-drift`` error for each acknowledgement naming no rule set, or no rating of its rule set."""
    file = dataset.recommendations_file
    if file is None:
        return []
    path, found = dataset.recommendations_path, []
    names = tuple(sorted(frameworks))
    for index, rec in enumerate(file.recommendations):
        known = rec.known_drift
        if known is None:
            continue
        field = f"recommendations.{index}.known_drift"
        framework_id = known.framework or file.guide.framework
        if known.framework is not None and known.framework not in frameworks:
            found.append(Finding(
                path, 0, 0, f"{field}.framework", RULE,
                f"known_drift.framework: no rule set {known.framework!r}; known: {', '.join(names)}"
                f"{did_you_mean(known.framework, names)} (add one with --rules FILE)",
            ))
            continue
        framework = frameworks.get(framework_id)
        if framework is not None and known.rating not in framework.scale:
            found.append(Finding(
                path, 0, 0, f"{field}.rating", RULE,
                f"known_drift.rating: {known.rating!r} is not a rating of {framework_id}; use"
                f" {', '.join(framework.scale)}{did_you_mean(known.rating, tuple(framework.scale))}",
            ))
    return locate_in_files(found)

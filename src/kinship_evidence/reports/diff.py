"""Reporters of ``diff``: ``text``, ``json`` and ``markdown`` (for a pull-request comment).

Each is a function from a :class:`~kinship_evidence.workflows.revisions.diff.DatasetDiff` to a string; none
imports Rich.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from kinship_evidence.reports.text.escaping import code_span, escape, markdown_text, prose
from kinship_evidence.workflows.revisions.diff import (
    ADDED,
    EDITED,
    REMOVED,
    DatasetDiff,
    RatingChange,
    StudyChange,
)

OVERALL = "(overall)"


def _rating(value: str | None) -> str:
    return "not rated" if value is None else value


def _study(change: StudyChange, code: bool = False) -> str:
    name = f"`{change.study_id}`" if code else change.study_id
    return f"{name} ({change.change})"


def _together(change: RatingChange, code: bool = False) -> str:
    parts = [_study(item, code) for item in change.related_studies]
    parts += [f"recommendations.yaml: {prose(item.description)}" for item in change.related_guide]
    listed = ", ".join(parts) if parts else "none found"
    return f"no single study restores the old rating; changes together: {listed}"


def _explanation(change: RatingChange, code: bool = False) -> str:
    if change.causes:
        return "caused by: " + ", ".join(_study(item, code) for item in change.causes)
    return _together(change, code)


def studies_summary(changes: Sequence[StudyChange]) -> str:
    """``2 added (a, b); 1 edited (c)``, or ``none changed``."""
    parts = []
    for kind in (ADDED, REMOVED, EDITED):
        ids = [change.study_id for change in changes if change.change == kind]
        if ids:
            parts.append(f"{len(ids)} {kind} ({', '.join(ids)})")
    return "; ".join(parts) if parts else "none changed"


def summary(diff: DatasetDiff) -> str:
    """A one-line human summary (for standard error)."""
    recs = len({(change.framework, change.recommendation) for change in diff.ratings})
    head = f"{recs} recommendation(s) changed rating" if diff.changed else "no rating changed"
    return f"{head}; studies: {studies_summary(diff.studies)}"


def _multi(diff: DatasetDiff) -> bool:
    return len(diff.frameworks) > 1


def format_text(diff: DatasetDiff) -> str:
    frameworks = ", ".join(diff.frameworks)
    lines = []
    if not diff.changed:
        lines.append(f"No rating changed from {escape(diff.old)} to {escape(diff.new)} under {frameworks} ({diff.methods}).")
    else:
        lines.append(f"Ratings changed from {escape(diff.old)} to {escape(diff.new)} under {frameworks} ({diff.methods}):")
    for change in diff.ratings:
        where = f" [{change.framework}]" if _multi(diff) else ""
        if change.domain is None:
            lines.append("")
            lines.append(
                f"Recommendation {change.number} ({change.recommendation}){where}: "
                f"{_rating(change.before)} -> {_rating(change.after)}"
            )
            lines.append(f"  {_explanation(change)}")
        else:
            lines.append(f"  {change.domain}: {_rating(change.before)} -> {_rating(change.after)}")
            lines.append(f"    {_explanation(change)}")
    lines.append("")
    lines.append(f"Studies: {studies_summary(diff.studies)}")
    if diff.guide:
        lines.append("recommendations.yaml:")
        lines.extend(f"  - {prose(item.description)}" for item in diff.guide)
    return "\n".join(lines) + "\n"


def _study_dict(change: StudyChange) -> dict[str, str]:
    return {"study": change.study_id, "change": change.change}


def diff_dict(diff: DatasetDiff) -> dict[str, Any]:
    return {
        "old": diff.old,
        "new": diff.new,
        "frameworks": list(diff.frameworks),
        "methods": diff.methods,
        "changed": diff.changed,
        "studies": [_study_dict(change) for change in diff.studies],
        "recommendations_file": [
            {"recommendation": item.recommendation, "change": item.description} for item in diff.guide
        ],
        "ratings": [
            {
                "framework": change.framework,
                "recommendation": change.recommendation,
                "number": change.number,
                "domain": change.domain,
                "before": change.before,
                "after": change.after,
                "causes": [_study_dict(item) for item in change.causes],
                "related": {
                    "studies": [_study_dict(item) for item in change.related_studies],
                    "recommendations_file": [item.description for item in change.related_guide],
                },
            }
            for change in diff.ratings
        ],
    }


def format_json(diff: DatasetDiff) -> str:
    return json.dumps(diff_dict(diff), indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return markdown_text(text)


def format_markdown(diff: DatasetDiff) -> str:
    """A pull-request comment: a table of changed ratings with their causes."""
    span = f"{code_span(diff.old, in_table=False)} \u2192 {code_span(diff.new, in_table=False)}"
    if not diff.changed:
        lines = [f"### Evidence ratings: no change ({span})", ""]
    else:
        header = ["#", "Recommendation", "Outcome", "Before", "After", "Why"]
        if _multi(diff):
            header.insert(2, "Framework")
        lines = [f"### Evidence ratings changed ({span})", ""]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(["---"] * len(header)) + "|")
        for change in diff.ratings:
            cells = [
                str(change.number), change.recommendation, change.domain or OVERALL,
                _rating(change.before), f"**{_rating(change.after)}**", _cell(_explanation(change, code=True)),
            ]
            if _multi(diff):
                cells.insert(2, change.framework)
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    lines.append(f"Studies: {studies_summary(diff.studies)}.")
    if diff.guide:
        lines.append("")
        lines.append("`recommendations.yaml`:")
        lines.extend(f"- {_cell(item.description)}" for item in diff.guide)
    lines.append("")
    lines.append(f"<sub>kinship-evidence diff, {', '.join(diff.frameworks)}, {diff.methods}</sub>")
    return "\n".join(lines) + "\n"


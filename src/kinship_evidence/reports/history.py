"""Reporters of ``history``: ``text`` (a timeline under 80 columns), ``json`` and ``markdown``.

JSON for one recommendation (``history REC``); without REC, ``{"by", "recommendations": [...]}``::

    {"id", "number", "by": "year" | "commit", "framework", "methods",
     "points": [{"year": Y | "commit": {"sha", "short", "date", "subject"},
                 "rating": R | null, "changed": bool, "added": [ID], "removed": [ID],
                 "edited": [ID], "note": "",
                 "domains": [{"domain", "rating", "changed", "synthesis", "k", "scale",
                              "favourable", "estimate", "ci_low", "ci_high", "tau2"}]}]}

``estimate``, ``ci_low``, ``ci_high`` and ``tau2`` are the domain's pooled values on the analysis
scale (log for ratios), null unless its synthesis is a meta-analysis. No Rich here: plain text is
escaped with ``reports.text.escaping``.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import asdict
from typing import Any

from kinship_evidence.rating.tiers import number
from kinship_evidence.reports.text.escaping import code_span, escape, markdown_text
from kinship_evidence.reports.text.natural_scale import effect_text
from kinship_evidence.workflows.history.points import DomainPoint, History, Point, RecommendationHistory

WIDTH = 79


def point_dict(point: Point) -> dict[str, Any]:
    where: dict[str, Any] = {"year": point.year} if point.commit is None else {"commit": asdict(point.commit)}
    return {
        **where, "rating": point.rating, "changed": point.changed, "added": list(point.added),
        "removed": list(point.removed), "edited": list(point.edited), "note": point.note,
        "domains": [asdict(domain) for domain in point.domains],
    }


def history_dict(history: RecommendationHistory) -> dict[str, Any]:
    return {
        "id": history.id, "number": history.number, "by": history.by, "framework": history.framework,
        "methods": history.methods, "points": [point_dict(point) for point in history.points],
    }


def format_json(result: History) -> str:
    if result.single and len(result.recommendations) == 1:
        body: dict[str, Any] = history_dict(result.recommendations[0])
    else:
        body = {"by": result.by, "recommendations": [history_dict(item) for item in result.recommendations]}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def pooled_text(domain: DomainPoint) -> str:
    """``SMD 0.31 [0.15, 0.48], tau^2 0.000, k=3`` (a meta-analysis; ratios on the natural
    scale), else the synthesis and k."""
    if domain.estimate is None or domain.ci_low is None or domain.ci_high is None:
        return f"{domain.synthesis}, k={domain.k}"
    tau2 = f", tau^2 {number(domain.tau2)}" if domain.tau2 is not None else ""
    scale = domain.scale or ""
    return f"{effect_text(scale, domain.estimate, domain.ci_low, domain.ci_high)}{tau2}, k={domain.k}"


def step_label(point: Point) -> str:
    """The year, or the commit's short hash and date."""
    if point.commit is None:
        return str(point.year)
    return f"{escape(point.commit.short)} {escape(point.commit.date[:10])}"


def records_text(point: Point, name: Any = escape) -> str:
    parts = [f"{sign}{name(study)}" for sign, ids in (("+", point.added), ("-", point.removed), ("~", point.edited))
             for study in ids]
    return " ".join(parts)


def _wrapped(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ",
                         break_long_words=False, break_on_hyphens=False) or [indent.rstrip()]


def _point_lines(point: Point) -> list[str]:
    mark = "*" if point.changed else " "
    rating = escape(point.rating) if point.rating is not None else f"(not rated: {escape(point.note)})"
    lines = [f"{mark} {step_label(point)}  {rating}"]
    if point.commit is not None:
        lines += _wrapped(escape(point.commit.subject), "    ")
    records = records_text(point)
    if records:
        lines += _wrapped(records, "    ")
    for domain in point.domains:
        changed = " (changed)" if domain.changed else ""
        lines += _wrapped(f"{escape(domain.domain)}: {escape(domain.rating)}{changed}; {escape(pooled_text(domain))}", "    ")
    return lines


def _history_text(history: RecommendationHistory) -> str:
    changes = len(history.changes)
    lines = [
        f"Recommendation {history.number} ({escape(history.id)}), by {history.by}: {len(history.points)} point(s), "
        f"{changes} rating change(s)",
        *_wrapped(f"{escape(history.framework)}; {escape(history.methods)}", "  "),
    ]
    for point in history.points:
        lines += _point_lines(point)
    return "\n".join(lines)


def format_text(result: History) -> str:
    legend = "* the rating changed; +added -removed ~edited records" if result.by == "commit" else (
        "* the rating changed; +the studies of the year (they enter together)"
    )
    return "\n\n".join([*(_history_text(item) for item in result.recommendations), legend]) + "\n"


def _markdown_history(history: RecommendationHistory) -> str:
    head = "| Year |" if history.by == "year" else "| Commit | Subject |"
    rule = "|---|" if history.by == "year" else "|---|---|"
    rows = []
    for point in history.points:
        where = f"| {point.year} |" if point.commit is None else (
            f"| {code_span(point.commit.short)} {markdown_text(point.commit.date[:10])} | {markdown_text(point.commit.subject)} |"
        )
        rating = markdown_text(point.rating) if point.rating is not None else f"not rated: {markdown_text(point.note)}"
        if point.changed:
            rating = f"**{rating}**"
        domains = "<br>".join(
            f"{markdown_text(d.domain)}: {markdown_text(d.rating)}, {markdown_text(pooled_text(d))}" for d in point.domains
        )
        rows.append(f"{where} {rating} | {records_text(point, code_span)} | {domains} |")
    return "\n".join([
        f"### Recommendation {history.number} ({markdown_text(history.id)}), by {history.by}",
        "", f"{markdown_text(history.framework)}; {markdown_text(history.methods)}. A rating in bold changed.", "",
        f"{head} Rating | Records | Domains |", f"{rule}---|---|---|", *rows,
    ])


def format_markdown(result: History) -> str:
    return "\n\n".join(_markdown_history(item) for item in result.recommendations) + "\n"

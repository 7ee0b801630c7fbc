"""Reporters of ``robustness``: ``text`` (plain, under 80 columns), ``json`` and ``markdown``.

JSON, one framework (with ``--framework all``: ``{"frameworks": [...]}``, one object each)::

    {"framework": ID, "methods": {"estimator", "ci", "prediction", "description"},
     "alternatives": [{"estimator", "ci", "description"}, ...],
     "recommendations": [
       {"id", "number", "rating", "robust", "flips": [FLIP, ...],
        "domains": [{"domain", "rating", "robust", "flips": [FLIP, ...]}],
        "not_applicable": [{"change", "study", "reason"}], "notes": [...], "changes_tried": N}]}

    FLIP = {"change": "without-study" | "method" | "quality-lower" | "quality-higher",
            "study": ID | null, "method": {"estimator", "ci", "description"} | null,
            "quality": the quality tried | null, "rating": the rating after the change,
            "domain": null (the recommendation's rating) | the domain}

No Rich here: plain text is escaped with ``reports.escaping``.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from typing import Any

from kinship_evidence.reports.ratings import methods_dict
from kinship_evidence.reports.text.escaping import code_span, escape, markdown_text, prose
from kinship_evidence.stats.methods import PoolingMethods
from kinship_evidence.workflows.robustness import (
    DomainRobustness,
    Flip,
    FrameworkRobustness,
    RecommendationRobustness,
    Robustness,
)

WIDTH = 79
CHANGES_TRIED = "leaving out each study, every other estimator and CI, each study's quality a level lower and higher"


def _method_dict(methods: PoolingMethods) -> dict[str, str]:
    return {"estimator": methods.estimator.value, "ci": methods.ci.value, "description": methods.describe()}


def flip_dict(flip: Flip) -> dict[str, Any]:
    return {
        "change": flip.change,
        "study": flip.study,
        "method": _method_dict(flip.methods) if flip.methods is not None else None,
        "quality": flip.quality,
        "rating": flip.rating,
        "domain": flip.domain,
    }


def _domain_dict(domain: DomainRobustness) -> dict[str, Any]:
    return {
        "domain": domain.domain, "rating": domain.rating, "robust": domain.robust,
        "flips": [flip_dict(flip) for flip in domain.flips],
    }


def recommendation_dict(item: RecommendationRobustness) -> dict[str, Any]:
    rec = item.rating.recommendation
    return {
        "id": rec.id,
        "number": rec.number,
        "rating": item.rating.rating,
        "robust": item.robust,
        "flips": [flip_dict(flip) for flip in item.flips],
        "domains": [_domain_dict(domain) for domain in item.domains],
        "not_applicable": [{"change": n.change, "study": n.study, "reason": n.reason} for n in item.not_applicable],
        "notes": list(item.notes),
        "changes_tried": item.changes_tried,
    }


def framework_dict(rated: FrameworkRobustness) -> dict[str, Any]:
    methods = rated.report.methods
    return {
        "framework": rated.report.framework.id,
        "methods": {**methods_dict(methods), "description": methods.describe()},
        "alternatives": [_method_dict(item) for item in rated.alternatives],
        "recommendations": [recommendation_dict(item) for item in rated.recommendations],
    }


def format_json(result: Robustness) -> str:
    blocks = [framework_dict(rated) for rated in result.frameworks]
    data = blocks[0] if len(blocks) == 1 else {"frameworks": blocks}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def change_phrase(flip: Flip, item: RecommendationRobustness, name: Callable[[object], str] = escape) -> str:
    """The change in words, e.g. ``without trial-a`` or ``trial-a quality high -> moderate``."""
    if flip.change == "without-study":
        return f"without {name(flip.study)}"
    if flip.change == "method":
        assert flip.methods is not None
        return f"pooled by {flip.methods.describe()}"
    before = item.rating.qualities[flip.study].quality if flip.study is not None and flip.study in item.rating.qualities else "?"
    return f"{name(flip.study)} quality {before} -> {flip.quality}"


def _verdict(flips: int, tried: int) -> str:
    if not flips:
        return f"robust ({tried} single changes tried)"
    return f"fragile: {flips} of {tried} single changes flip{'s' if flips == 1 else ''} it"


def _not_applicable_lines(item: RecommendationRobustness) -> list[str]:
    grouped: dict[tuple[str, str], list[str]] = {}
    for entry in item.not_applicable:
        grouped.setdefault((entry.change, entry.reason), []).append(escape(entry.study))
    return [
        line
        for (change, reason), studies in grouped.items()
        for line in _wrapped(f"not applicable, {change} ({escape(reason)}): {', '.join(studies)}", "  ", "    ")
    ]


def _wrapped(text: str, first: str, rest: str | None = None) -> list[str]:
    """``text`` wrapped to :data:`WIDTH`, the first line after ``first``, the others after ``rest``
    (default: as many spaces); ids are never broken at their hyphens."""
    return textwrap.wrap(
        text, width=WIDTH, initial_indent=first, subsequent_indent=" " * len(first) if rest is None else rest,
        break_on_hyphens=False,
    )


def _flip_lines(flips: tuple[Flip, ...], item: RecommendationRobustness, indent: str) -> list[str]:
    return [
        line for flip in flips for line in _wrapped(f"{change_phrase(flip, item)}: {escape(flip.rating)}", indent + "- ")
    ]


def _same_changes(domain: DomainRobustness, item: RecommendationRobustness) -> bool:
    def key(flip: Flip) -> tuple[object, ...]:
        return (flip.change, flip.study, flip.methods, flip.quality, flip.rating)

    return [key(flip) for flip in domain.flips] == [key(flip) for flip in item.flips]


def _recommendation_lines(item: RecommendationRobustness) -> list[str]:
    rec = item.rating.recommendation
    headline = f"{rec.number} {escape(rec.id)}: {escape(item.rating.rating)}, {_verdict(len(item.flips), item.changes_tried)}"
    lines = [*_wrapped(headline, "", "  "), *_wrapped(prose(rec.text), "  ")]
    lines += _flip_lines(item.flips, item, "  ")
    for domain in item.domains:
        verdict = _verdict(len(domain.flips), item.changes_tried)
        if domain.flips and _same_changes(domain, item):
            verdict += " (the changes above)"
        lines += _wrapped(f"domain {escape(domain.domain)}: {escape(domain.rating)}, {verdict}", "  ", "    ")
        if not _same_changes(domain, item):
            lines += _flip_lines(domain.flips, item, "    ")
    lines += _not_applicable_lines(item)
    lines += [line for note in item.notes for line in _wrapped(f"note: {escape(note)}", "  ", "    ")]
    return lines


def _framework_text(rated: FrameworkRobustness) -> str:
    report = rated.report
    tried = f"each rating re-rated under every single change: {CHANGES_TRIED}"
    lines = _wrapped(f"Robustness under {escape(report.framework.id)} ({report.methods.describe()})", "")
    lines += [*_wrapped(tried, ""), ""]
    for item in rated.recommendations:
        lines += [*_recommendation_lines(item), ""]
    fragile = sum(1 for item in rated.recommendations if not item.robust)
    lines.append(f"{fragile} of {len(rated.recommendations)} rating(s) fragile: a single change flips them")
    return "\n".join(lines) + "\n"


def format_text(result: Robustness) -> str:
    return "\n".join(_framework_text(rated) for rated in result.frameworks)


def _markdown_flips(flips: tuple[Flip, ...], item: RecommendationRobustness) -> str:
    found = "; ".join(f"{change_phrase(flip, item, code_span)}: {markdown_text(flip.rating)}" for flip in flips)
    return found or "none"


def _framework_markdown(rated: FrameworkRobustness) -> str:
    report = rated.report
    lines = [
        f"Robustness of the ratings under `{report.framework.id}` ({report.methods.describe()}): {CHANGES_TRIED}.",
        "",
        "| # | Recommendation | Rating | Robust | Single changes that flip it |",
        "|---|---|---|---|---|",
    ]
    fragile_domains = []
    for item in rated.recommendations:
        rec = item.rating.recommendation
        robust = "yes" if item.robust else "**fragile**"
        lines.append(
            f"| {rec.number} | {markdown_text(rec.text)} | {markdown_text(item.rating.rating)} | {robust} "
            f"| {_markdown_flips(item.flips, item)} |"
        )
        fragile_domains += [
            f"- {rec.number}, {markdown_text(domain.domain)} ({markdown_text(domain.rating)}): "
            + ("the changes in the table" if _same_changes(domain, item) else _markdown_flips(domain.flips, item))
            for domain in item.domains
            if not domain.robust
        ]
    if fragile_domains:
        lines += ["", "Outcome domains whose rating a single change flips:", "", *fragile_domains]
    return "\n".join(lines) + "\n"


def format_markdown(result: Robustness) -> str:
    return "\n".join(_framework_markdown(rated) for rated in result.frameworks)

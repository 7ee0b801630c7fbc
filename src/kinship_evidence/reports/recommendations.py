"""``recommendations``: the recommendations and the domains in use, as text, JSON or Markdown."""

from __future__ import annotations

import json

from kinship_evidence.reports.text.escaping import code_span, escape, markdown_text, prose
from kinship_evidence.workflows.recommendations import RecommendationList

ANY_DOMAIN = "any domain"


def _targets(domains: tuple[str, ...] | None) -> list[str] | None:
    return list(domains) if domains is not None else None


def format_text(listing: RecommendationList) -> str:
    lines = []
    for rec in listing.recommendations:
        targets = ", ".join(map(escape, rec.target_domains)) if rec.target_domains is not None else ANY_DOMAIN
        lines += [
            f"{rec.number}  {escape(rec.id)}  (published: {escape(rec.published_rating)})",
            f"   {prose(rec.text)}",
            f"   target domains: {targets}",
        ]
    lines += ["", "Outcome domains in use (recommendations that target it, studies that report it):"]
    width = max((len(escape(use.domain)) for use in listing.domains), default=0)
    lines += [f"  {escape(use.domain):<{width}}  {use.recommendations} rec, {use.studies} studies" for use in listing.domains]
    return "\n".join(lines) + "\n"


def format_json(listing: RecommendationList) -> str:
    document = {
        "recommendations": [
            {"id": rec.id, "number": rec.number, "text": rec.text, "published_rating": rec.published_rating,
             "target_domains": _targets(rec.target_domains)}
            for rec in listing.recommendations
        ],
        "domains": [
            {"domain": use.domain, "recommendations": use.recommendations, "studies": use.studies}
            for use in listing.domains
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def format_markdown(listing: RecommendationList) -> str:
    lines = ["| # | Recommendation | Published rating | Target domains |", "| --- | --- | --- | --- |"]
    for rec in listing.recommendations:
        targets = ", ".join(map(code_span, rec.target_domains)) if rec.target_domains is not None else ANY_DOMAIN
        lines.append(
            f"| {rec.number} | {code_span(rec.id)} {markdown_text(rec.text)} | {markdown_text(rec.published_rating)} | {targets} |"
        )
    lines += ["", "| Outcome domain | Recommendations | Studies |", "| --- | --- | --- |"]
    lines += [f"| {code_span(use.domain)} | {use.recommendations} | {use.studies} |" for use in listing.domains]
    return "\n".join(lines) + "\n"

"""Machine and document formats of ratings: ``json``, ``csv`` and ``markdown``.

These never import Rich (see ``rating_table`` for the terminal table), so machine formats
start fast. Estimates are on the analysis scale: log for ratio measures.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from kinship_evidence.rating.results import (
    DomainRating,
    RatingReport,
    RecommendationRating,
    Synthesis,
)
from kinship_evidence.reports.certainty_data import certainty_dict
from kinship_evidence.reports.json_text import indented_json
from kinship_evidence.reports.tables.summary_of_findings import as_ratings, findings_row
from kinship_evidence.reports.text.escaping import markdown_text
from kinship_evidence.stats.methods import PoolingMethods


def methods_dict(methods: PoolingMethods) -> dict[str, str]:
    return {"estimator": methods.estimator.value, "ci": methods.ci.value, "prediction": methods.prediction.value}


def synthesis_dict(synthesis: Synthesis) -> dict[str, Any]:
    """The synthesis of a domain; numbers at full precision, on the analysis scale (log for ratios)."""
    data: dict[str, Any] = {
        "method": synthesis.method, "k": synthesis.k, "measure": None, "estimate": None,
        "ci_low": None, "ci_high": None, "tau2": None, "i2": None,
        "pi_low": None, "pi_high": None, "ci_method": None, "prediction": None,
        "tau2_ci_low": None, "tau2_ci_high": None,
    }
    if synthesis.meta is not None:
        meta = synthesis.meta
        data["measure"] = meta.scale
        data["favourable"] = meta.favourable
        data["studies"] = [study.study_id for study in meta.studies]
        data["left_out"] = [{"study": study_id, "reason": why} for study_id, why in meta.left_out]
        if meta.result is not None:
            result = meta.result
            data.update(
                estimate=result.estimate, ci_low=result.ci_low, ci_high=result.ci_high,
                tau2=result.tau2, i2=result.i2, se=result.se, q=result.q, q_p=result.q_p, df=result.df,
                estimator=result.methods.estimator.value, ci_method=result.methods.ci.value,
                prediction=result.methods.prediction.value, pi_low=result.pi_low, pi_high=result.pi_high,
                tau2_ci_low=result.tau2_ci_low, tau2_ci_high=result.tau2_ci_high,
                weights={study.study_id: weight for study, weight in zip(meta.studies, result.weights)},
                notes=list(result.notes),
            )
        else:
            data["error"] = meta.error
    elif synthesis.narrative is not None:
        narrative = synthesis.narrative
        data.update(favourable_studies=narrative.favourable, unfavourable_studies=narrative.unfavourable)
    elif synthesis.single is not None:
        pooled = synthesis.single.pooled_outcome
        data["finding"] = synthesis.single.status
        if pooled is not None and pooled.effect is not None:
            effect = pooled.effect
            data.update(measure=effect.scale, estimate=effect.estimate, ci_low=effect.ci_low, ci_high=effect.ci_high)
    return data


def domain_dict(domain: DomainRating) -> dict[str, Any]:
    return {
        "domain": domain.domain,
        "rating": domain.rating,
        "studies": domain.study_ids,
        "synthesis": synthesis_dict(domain.synthesis),
        "warnings": list(domain.warnings),
        "certainty": certainty_dict(domain.certainty),
    }


def recommendation_dict(rating: RecommendationRating) -> dict[str, Any]:
    rec = rating.recommendation
    return {
        "id": rec.id,
        "number": rec.number,
        "text": rec.text,
        "rating": rating.rating,
        "published_rating": rating.published_rating,
        "matches_published": rating.matches_published,
        "drift": rating.drift.as_dict(),
        "outcomes": [domain_dict(domain) for domain in rating.domains],
        "excluded": [{"study": item.study_id, "reason": item.reason} for item in rating.excluded],
        "warnings": rating.warnings,
        "appraised": {"eligible": len(rating.eligible), "appraised": rating.appraised},
    }


def report_dict(report: RatingReport) -> dict[str, Any]:
    return {
        "framework": report.framework.id,
        "estimator": report.estimator,
        "methods": methods_dict(report.methods),
        "recommendations": [recommendation_dict(rating) for rating in report.ratings],
    }


def format_json(reports: Sequence[RatingReport]) -> Iterator[str]:
    """The ratings as indented JSON, streamed (``reports.json_text``)."""
    data = report_dict(reports[0]) if len(reports) == 1 else {"frameworks": [report_dict(r) for r in reports]}
    return indented_json(data)


CSV_COLUMNS = (
    "framework", "number", "id", "rating", "published_rating", "matches_published",
    "domain", "domain_rating", "method", "k", "measure", "estimate", "ci_low", "ci_high", "tau2", "i2",
    "pi_low", "pi_high", "ci_method", "prediction", "studies",
)


def format_csv(reports: Sequence[RatingReport]) -> str:
    """One row per recommendation and outcome domain (long format, for spreadsheets and R)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for report in reports:
        for rating in report.ratings:
            rec = rating.recommendation
            head = [
                report.framework.id, rec.number, rec.id, rating.rating, rating.published_rating or "",
                "" if rating.matches_published is None else str(rating.matches_published).lower(),
            ]
            for domain in rating.domains or ():
                s = synthesis_dict(domain.synthesis)
                writer.writerow(
                    [*head, domain.domain, domain.rating, s["method"], s["k"]]
                    + ["" if s[key] is None else s[key] for key in CSV_COLUMNS[10:-1]]
                    + [" ".join(domain.study_ids)]
                )
            if not rating.domains:
                writer.writerow([*head] + [""] * (len(CSV_COLUMNS) - len(head)))
    return buffer.getvalue()


def _match_cell(rating: RecommendationRating) -> str:
    if rating.matches_published is None:
        return ""
    if rating.drift.status == "acknowledged":
        return "no (acknowledged)"
    return "yes" if rating.matches_published else "**no**"


def format_markdown(reports: Sequence[RatingReport]) -> str:
    """A GitHub-flavoured Markdown summary of findings: one row a recommendation."""
    ratings = as_ratings(reports)
    if len(ratings) == 1:
        report = ratings[0]
        header = [
            "#", "Recommendation", "Rating", "Published", "Match", "Deciding domain", "Studies", "Participants", "Effect", "Appraised",
        ]
        lines = [f"Ratings under `{markdown_text(report.framework.id)}` ({report.methods.describe()})", ""]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(["---"] * len(header)) + "|")
        for rating in report.ratings:
            row = findings_row(rating)
            shown = rating.rating + (" (fragile)" if rating.recommendation.id in ratings.fragile else "")
            lines.append(
                "| "
                + " | ".join(
                    [
                        str(rating.recommendation.number),
                        markdown_text(rating.recommendation.text),
                        shown,
                        rating.published_rating or "",
                        _match_cell(rating),
                        row.domain or "",
                        str(row.studies),
                        row.participants,
                        markdown_text(row.effect),
                        f"{row.appraised} of {row.eligible}",
                    ]
                )
                + " |"
            )
        return "\n".join(lines) + "\n"
    reports = ratings.reports
    header = ["#", "Recommendation", *[report.framework.id for report in reports]]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    for index, rating in enumerate(reports[0].ratings):
        cells = [str(rating.recommendation.number), rating.recommendation.id]
        for report in reports:
            other = report.ratings[index]
            mark = "" if other.matches_published is not False else f" (published {other.published_rating})"
            cells.append(other.rating + mark)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"

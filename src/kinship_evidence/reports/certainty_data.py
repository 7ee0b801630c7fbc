"""A domain's GRADE certainty as data and as the pieces of a Summary of findings row.

The JSON shape (``rate --format json``, ``explain``, ``sof``): ``{level, start, domains:
{risk_of_bias: {rating_down, reason, source, computed?, egger?}, ...}, upgrade, absolute:
{comparator_per_1000, intervention_per_1000, difference_per_1000, ci_low, ci_high, ...}, body}``;
``ci_low``/``ci_high`` bound the difference per 1,000.
"""

from __future__ import annotations

from typing import Any

from kinship_evidence.rating.certainty.results import AbsoluteEffect, Certainty, Judgement
from kinship_evidence.reports.text.escaping import prose
from kinship_evidence.reports.text.natural_scale import is_log, label, natural
from kinship_evidence.reports.text.symbols import symbol
from kinship_evidence.reports.text.wrapping import wrap

DOMAIN_NAMES = {
    "risk_of_bias": "Risk of bias", "inconsistency": "Inconsistency", "indirectness": "Indirectness",
    "imprecision": "Imprecision", "publication_bias": "Publication bias",
}


def _judgement_dict(judgement: Judgement) -> dict[str, Any]:
    data: dict[str, Any] = {"rating_down": judgement.rating_down, "reason": judgement.reason, "source": judgement.source}
    if judgement.computed is not None:
        data["computed"] = _judgement_dict(judgement.computed)
    if judgement.egger is not None:
        egger = judgement.egger
        data["egger"] = {"t": egger.t, "df": egger.df, "p": egger.p}
    return data


def absolute_dict(absolute: AbsoluteEffect | None) -> dict[str, Any] | None:
    if absolute is None:
        return None
    low, high = absolute.difference_ci or (None, None)
    i_low, i_high = absolute.intervention_ci or (None, None)
    return {
        "comparator_per_1000": absolute.comparator_per_1000, "intervention_per_1000": absolute.intervention_per_1000,
        "difference_per_1000": absolute.difference_per_1000, "ci_low": low, "ci_high": high,
        "intervention_ci_low": i_low, "intervention_ci_high": i_high,
        "comparator_source": absolute.comparator_source or None, "text": absolute.text or None,
    }


def certainty_dict(certainty: Certainty | None) -> dict[str, Any] | None:
    if certainty is None:
        return None
    body = certainty.body
    return {
        "level": certainty.level,
        "start": certainty.start,
        "start_reason": certainty.start_reason,
        "domains": {judgement.key: _judgement_dict(judgement) for judgement in certainty.judgements},
        "upgrade": {"levels": certainty.upgrade, "reason": certainty.upgrade_reason},
        "absolute": absolute_dict(certainty.absolute),
        "body": {
            "studies": list(body.study_ids), "distinct_samples": body.studies, "participants": body.participants,
            "participants_not_reported": body.participants_missing, "weighted_by": body.weighted_by,
            "weights": dict(body.weights), "effect": body_effect(certainty),
        },
    }


def circles(certainty: Certainty, unicode: bool | None = None) -> str:
    """``⊕⊕◯◯`` (``++oo`` where the output cannot show them)."""
    return symbol("certain", unicode) * certainty.points + symbol("uncertain", unicode) * (4 - certainty.points)


def _interval(scale: str, estimate: float, low: float, high: float) -> str:
    values = [f"{natural(scale, v):.2f}" for v in (estimate, low, high)]
    return f"{label(scale)} {values[0]} ({values[1]} to {values[2]})"


def body_effect(certainty: Certainty) -> str:
    """The body's effect in words: pooled, single study, or narrative count."""
    body = certainty.body
    if body.meta is not None and body.meta.result is not None:
        result = body.meta.result
        return _interval(body.meta.scale, result.estimate, result.ci_low, result.ci_high)
    if body.single_effect is not None:
        return _interval(*body.single_effect)
    if body.narrative is not None:
        return f"narrative: {body.narrative.favourable} of {body.narrative.studies} favourable"
    return "a reported finding without numbers"


def relative_effect(certainty: Certainty) -> str:
    """GRADEpro's relative-effect column: an OR or RR with its CI; "-" for other measures."""
    effect = body_effect(certainty)
    scale = certainty.body.meta.scale if certainty.body.meta is not None else (certainty.body.single_effect or ("",))[0]
    return effect if is_log(scale) or effect.startswith("narrative") else "-"


def _more_fewer(value: float) -> str:
    return f"{abs(round(value)):,} {'more' if value >= 0 else 'fewer'}"


def absolute_cells(certainty: Certainty) -> tuple[str, str, str]:
    """(risk with comparator, risk with intervention, difference) as GRADEpro words them."""
    absolute = certainty.absolute
    if absolute is None or absolute.comparator_per_1000 is None:
        text = absolute.text if absolute is not None and absolute.text else "-"
        return "-", text, "-"
    assert absolute.intervention_per_1000 is not None and absolute.intervention_ci is not None
    assert absolute.difference_per_1000 is not None and absolute.difference_ci is not None
    low, high = absolute.intervention_ci
    d_low, d_high = absolute.difference_ci
    return (
        f"{round(absolute.comparator_per_1000):,} per 1,000",
        f"{round(absolute.intervention_per_1000):,} per 1,000 ({round(low):,} to {round(high):,})",
        f"{_more_fewer(absolute.difference_per_1000)} per 1,000 ({_more_fewer(d_low)} to {_more_fewer(d_high)})",
    )


def _levels(rating_down: int) -> str:
    return f"-{rating_down}" if rating_down else "0"


def footnotes(certainty: Certainty) -> list[str]:
    """Every step down and up, and every recorded judgement, in words."""
    notes = []
    for judgement in certainty.judgements:
        if judgement.rating_down or judgement.source == "recorded":
            note = f"{DOMAIN_NAMES[judgement.key]} {_levels(judgement.rating_down)} ({judgement.source}): {judgement.reason}"
            if judgement.computed is not None:
                note += f" [computed: {_levels(judgement.computed.rating_down)}: {judgement.computed.reason}]"
            notes.append(note)
    if certainty.upgrade:
        notes.append(f"Large effect +{certainty.upgrade}: {certainty.upgrade_reason}")
    return notes


def certainty_lines(certainty: Certainty | None, width: int) -> list[str]:
    """``explain``'s certainty block: the level, the start, each domain computed and recorded."""
    if certainty is None:
        return []
    body = certainty.body
    lines = wrap(
        f"certainty (GRADE, over every study of the rule set's designs, any quality or country: "
        f"{', '.join(body.study_ids)}): {circles(certainty)} {certainty.level}; {body_effect(certainty)}",
        width, "  ", "    ",
    )
    lines += wrap(f"start: {prose(certainty.start_reason)}", width, "    ", "      ")
    for judgement in certainty.judgements:
        name = DOMAIN_NAMES[judgement.key].lower()
        if judgement.computed is not None:
            recorded = f"{name}: {_levels(judgement.rating_down)} recorded: {prose(judgement.reason)}"
            lines += wrap(recorded, width, "    ", "      ")
            computed = judgement.computed
            lines += wrap(f"(computed: {_levels(computed.rating_down)}: {prose(computed.reason)})", width, "      ", "      ")
        else:
            computed_words = f"{name}: {_levels(judgement.rating_down)} computed: {prose(judgement.reason)}"
            lines += wrap(computed_words, width, "    ", "      ")
    lines += wrap(f"upgrade (large effect): {prose(certainty.upgrade_reason)}", width, "    ", "      ")
    cells = absolute_cells(certainty)
    if cells[0] != "-":
        lines += wrap(f"absolute: comparator {cells[0]}; intervention {cells[1]}; {cells[2]}", width, "    ", "      ")
    elif certainty.absolute is not None and certainty.absolute.text:
        lines += wrap(f"absolute: {prose(certainty.absolute.text)}", width, "    ", "      ")
    return lines

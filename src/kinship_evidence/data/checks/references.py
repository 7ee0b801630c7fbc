"""A study's reference to a recommendation that names none: its number, or a near miss of an id."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kinship_evidence.data.models.recommendations import Recommendation
from kinship_evidence.suggestions import did_you_mean, quoted


def recommendation_number(value: Any) -> int | None:
    """``3`` or ``"3"`` as a recommendation number, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def number_hint(value: Any, recommendations: Sequence[Recommendation]) -> str | None:
    """``"3 is a recommendation number; write its id: peer-support"``, when a recommendation has that number."""
    number = recommendation_number(value)
    ids = [rec.id for rec in recommendations if rec.number == number] if number is not None else []
    return f"{value!r} is a recommendation number; write its id: {ids[0]}" if ids else None


def unknown_reference_message(value: Any, recommendations: Sequence[Recommendation], where: str) -> str:
    """Why ``value`` names no recommendation, with the id the user most likely meant."""
    return number_hint(value, recommendations) or (
        f"no recommendation {quoted(value)} in {where}{did_you_mean(value, [rec.id for rec in recommendations])}"
    )

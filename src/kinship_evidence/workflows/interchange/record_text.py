"""A study mapping as the text of its record, laid out as ``new`` writes one.

The fields in the template's order; recommendations as a flow list; each arm of counts and
groups, and a reported effect, as a flow mapping (``intervention: {events: 4, n: 123}``). A
text is written plain when YAML reads it back as the same text, else double-quoted (JSON's
escapes are YAML's), so no value can change its type or be cut at a ``#``.
"""

from __future__ import annotations

import json
from typing import Any

from kinship_evidence.data.reading.strict_yaml import parse_yaml

STUDY_ORDER = (
    "id",
    "citation",
    "year",
    "source",
    "country",
    "design",
    "quality",
    "appraisal",
    "risk_of_bias",
    "recommendations",
    "sample_size",
    "usual_care",
    "sample",
)
OUTCOME_ORDER = ("domain", "description", "favourable", "follow_up_months", "measure", "finding", "counts", "groups", "effect")
_ARM_ORDER = ("events", "mean", "sd", "n")
_EFFECT_ORDER = ("estimate", "se", "ci")


def scalar(value: Any, flow: bool = False) -> str:
    """One value as YAML text that the toolkit's loader reads back as the same value
    (``flow``: inside a flow list or mapping, where ``,`` ``]`` and ``}`` end a plain value)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(item, True) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {scalar(item, True)}" for key, item in value.items()) + "}"
    text = str(value)
    probe = f"key: [{text}]\n" if flow else f"key: {text}\n"
    plain = text == text.strip() and "\n" not in text and not text.startswith(("[", "{", "'", '"', "!", "&", "*", "#"))
    if plain:
        loaded = parse_yaml(probe, "")
        plain = not loaded.findings and loaded.data == {"key": [text] if flow else text}
    return text if plain else json.dumps(text, ensure_ascii=False)


def _ordered(data: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    return {key: data[key] for key in order if key in data} | {key: value for key, value in data.items() if key not in order}


def _outcome_lines(outcome: dict[str, Any]) -> list[str]:
    lines = []
    for index, (key, value) in enumerate(_ordered(outcome, OUTCOME_ORDER).items()):
        lead = "  - " if index == 0 else "    "
        if key in ("counts", "groups") and isinstance(value, dict):
            lines.append(f"{lead}{key}:")
            lines += [f"      {arm}: {scalar(_ordered(numbers, _ARM_ORDER))}" for arm, numbers in value.items()]
        elif key == "effect" and isinstance(value, dict):
            lines.append(f"{lead}{key}: {scalar(_ordered(value, _EFFECT_ORDER))}")
        else:
            lines.append(f"{lead}{key}: {scalar(value)}")
    return lines


def record_text(data: dict[str, Any], header: str) -> str:
    """The record of ``data`` (a study mapping) with ``header`` as its opening comment lines."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    for key, value in _ordered(data, STUDY_ORDER).items():
        if key == "outcomes":
            lines.append("outcomes:")
            for outcome in value:
                lines += _outcome_lines(outcome)
        else:
            lines.append(f"{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"

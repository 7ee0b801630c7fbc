"""``frameworks``: the known rule sets, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from kinship_evidence.rating.frameworks import Framework
from kinship_evidence.reports.text.escaping import escape, prose


def _certainty_rules(item: Framework) -> str:
    """The rule set's GRADE rules in words, from its own parameters (a --rules file's thresholds show)."""
    rules = item.certainty.describe()
    return "  certainty (GRADE):\n" + "".join(f"    {escape(key)}: {prose(words)}\n" for key, words in rules.items())


def format_text(frameworks: Sequence[Framework]) -> str:
    blocks = [
        f"{escape(item.id)}  ({prose(item.version)})\n  {prose(item.title)}\n  scale: {' > '.join(map(escape, item.scale))}\n"
        f"  source: {prose(item.source)}\n{_certainty_rules(item)}"
        for item in frameworks
    ]
    return "".join(block + "\n" for block in blocks)


def format_json(frameworks: Sequence[Framework]) -> str:
    return json.dumps([item.model_dump() for item in frameworks], indent=2) + "\n"

"""``frameworks``: the known rule sets, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from kinship_evidence.rating.frameworks import Framework
from kinship_evidence.reports.text.escaping import escape, prose


def format_text(frameworks: Sequence[Framework]) -> str:
    blocks = [
        f"{escape(item.id)}  ({prose(item.version)})\n  {prose(item.title)}\n  scale: {' > '.join(map(escape, item.scale))}\n"
        f"  source: {prose(item.source)}\n"
        for item in frameworks
    ]
    return "".join(block + "\n" for block in blocks)


def format_json(frameworks: Sequence[Framework]) -> str:
    return json.dumps([item.model_dump() for item in frameworks], indent=2) + "\n"

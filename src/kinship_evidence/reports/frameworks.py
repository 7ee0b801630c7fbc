"""``frameworks``: the known rule sets, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from kinship_evidence.rating.frameworks import Framework


def format_text(frameworks: Sequence[Framework]) -> str:
    blocks = [
        f"{item.id}  ({item.version})\n  {item.title}\n  scale: {' > '.join(item.scale)}\n"
        f"  source: {' '.join(item.source.split())}\n"
        for item in frameworks
    ]
    return "".join(block + "\n" for block in blocks)


def format_json(frameworks: Sequence[Framework]) -> str:
    return json.dumps([item.model_dump() for item in frameworks], indent=2) + "\n"

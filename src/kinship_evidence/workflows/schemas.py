"""``schema``: the JSON Schema of a data file, for editors and other tools."""

from __future__ import annotations

from kinship_evidence.data.schema import SCHEMA_MODELS, json_schema_text

SCHEMA_KINDS: tuple[str, ...] = tuple(SCHEMA_MODELS)


def schema_text(kind: str) -> str:
    return json_schema_text(kind)

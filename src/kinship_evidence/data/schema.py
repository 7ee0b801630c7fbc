"""JSON Schemas of the data files, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from kinship_evidence.data.models import RecommendationsFile, Study

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_MODELS: dict[str, type[BaseModel]] = {"study": Study, "recommendations": RecommendationsFile}


def json_schema(kind: str = "study") -> dict[str, Any]:
    model = SCHEMA_MODELS[kind]
    schema = model.model_json_schema()
    return {"$schema": SCHEMA_DIALECT, "$id": f"kinship-evidence/{kind}.schema.json", **schema}


def json_schema_text(kind: str = "study") -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"

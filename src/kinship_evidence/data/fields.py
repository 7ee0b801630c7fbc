"""The strict base model and the constrained field types every data model uses."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9-]+$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
# A URL (http or https) or a DOI, bare ("10.1002/nur.21574") or prefixed ("doi:10...").
Source = Annotated[
    str, StringConstraints(pattern=r"^(https?://\S+|(doi:)?10\.\d{4,9}/\S+)$", max_length=2_000)
]


def field_error(field: str, message: str) -> PydanticCustomError:
    """An error about ``field`` (a dotted path relative to the model being validated)."""
    return PydanticCustomError("field_check", message, {"field": field})


class StrictModel(BaseModel):
    """Unknown keys are errors; no coercion (``"50"`` is not 50); no NaN or infinity; frozen."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        allow_inf_nan=False,
        str_strip_whitespace=False,
        validate_default=False,
    )

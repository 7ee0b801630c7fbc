"""The strict base model and the constrained field types every data model uses."""

import datetime as _dt
import functools
import math
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from kinship_evidence.data.models.countries import country_hint, iso_country_names

#: Largest magnitude of any number in a record: beyond every effect, mean or SD a study reports,
#: and far inside what the statistics compute without overflow (squares stay below 1e24).
MAX_MAGNITUDE = 1e12
#: Smallest standard error, SD or CI width that is not zero: its square must stay a normal float.
MIN_PRECISION = 1e-12
#: Most participants one study (or arm) can have.
MAX_PARTICIPANTS = 1_000_000_000

SLUG_PATTERN = r"^[a-z0-9-]+$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]


def _iso_country(code: str) -> str:
    if code not in iso_country_names():
        hint = country_hint(code)
        raise PydanticCustomError(
            "country_code", "{code} is not an ISO 3166-1 alpha-2 country code{hint}", {"code": repr(code), "hint": hint}
        )
    return code


CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$"), AfterValidator(_iso_country)]


def _real_date(text: str) -> str:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("date_value", "{text} is not a calendar date", {"text": repr(text)}) from None
    return text


IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_real_date)]
# A URL (http or https) or a DOI, bare ("10.1002/nur.21574") or prefixed ("doi:10...").
Source = Annotated[
    str, StringConstraints(pattern=r"^(https?://\S+|(doi:)?10\.\d{4,9}/\S+)$", max_length=2_000)
]


def _bounded(value: float) -> float:
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise PydanticCustomError(
            "magnitude", "{value} is out of range: numbers in a record lie between -1e12 and 1e12", {"value": value}
        )
    return value


def _precise(value: float) -> float:
    if value < MIN_PRECISION:
        raise PydanticCustomError(
            "precision", "{value} must be at least 1e-12 (a value this small cannot be a real standard error)",
            {"value": value},
        )
    return value


def _participants(value: int) -> int:
    if value > MAX_PARTICIPANTS:
        shown = str(value) if len(str(value)) <= 20 else f"a {len(str(value))}-digit number"
        raise PydanticCustomError(
            "participants", "{shown} is more participants than any study has (at most 1,000,000,000)", {"shown": shown}
        )
    return value


#: Any number in a record: finite and within +-MAX_MAGNITUDE.
Number = Annotated[float, AfterValidator(_bounded)]
#: A number that cannot be negative (an SD, months of follow-up).
NonNegativeNumber = Annotated[float, Field(ge=0), AfterValidator(_bounded)]
#: A standard error: above 0 (at least MIN_PRECISION) and within MAX_MAGNITUDE.
StandardError = Annotated[float, Field(gt=0), AfterValidator(_bounded), AfterValidator(_precise)]
#: A count of events (0 or more) or of participants (1 or more).
EventCount = Annotated[int, Field(ge=0), AfterValidator(_participants)]
Participants = Annotated[int, Field(ge=1), AfterValidator(_participants)]


def field_error(field: str, message: str) -> PydanticCustomError:
    """An error about ``field`` (a dotted path relative to the model being validated)."""
    return PydanticCustomError("field_check", message, {"field": field})


_LEAF_CONFIG = ConfigDict(strict=True, allow_inf_nan=False)


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


class CheckedModel(StrictModel):
    """A model with checks across its fields, which also run on a record whose fields failed.

    A ``model_validator(mode="after")`` runs only when every field validated, so its problems
    would surface in a second round. :meth:`raw_problems` repeats what it can of those checks
    on the raw mapping; :func:`kinship_evidence.data.checks.cross_field.every_problem` calls it only
    when validation already failed, so the valid path pays nothing.
    """

    @classmethod
    def raw_problems(cls, data: dict[str, Any]) -> list[PydanticCustomError]:
        """The cross-field problems visible in ``data`` without valid fields (empty by default)."""
        return []


def valid_fields(model: type[BaseModel], data: Any, *names: str) -> dict[str, Any] | None:
    """The raw values of ``names`` when each is given and valid on its own (else None): a check
    across fields judges only values that passed their own checks (no "events exceed n" for n -2)."""
    if not isinstance(data, dict):
        return None
    values = {}
    for name in names:
        if data.get(name) is None:
            return None
        try:
            values[name] = _field_adapter(model, name).validate_python(data[name])
        except ValidationError:
            return None
    return values


@functools.cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    kind: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(kind, config=_LEAF_CONFIG)

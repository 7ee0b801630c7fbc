"""Inferences as data: a value of a record that its source does not state, with the reason for it.

A record states only what its source says; where it must go further (a citation's authors
taken from context, a design recorded as the weaker of two possibilities, a quality inferred
from the guide's published rating), it says so where the tool reads it, so that ``explain``
can print "inferred" next to the value:

* on the study, ``inferences: [{field: year, reason: ...}]``: one entry per top-level field
  whose value is inferred; the field must be one the record gives, and given once;
* on an outcome, ``inferred: <what of this result is inferred, and why>`` (its domain, its
  reading as a finding, the arm it is attributed to).
"""

from collections.abc import Iterable, Sequence
from typing import Any, Literal, get_args

from pydantic import Field
from pydantic_core import PydanticCustomError

from kinship_evidence.data.models.fields import StrictModel, Text, field_error

#: The study fields whose value can be inferred (an outcome's inference is its own ``inferred``).
InferableField = Literal[
    "citation", "year", "source", "country", "design", "quality", "risk_of_bias",
    "recommendations", "sample_size", "usual_care", "sample",
]
INFERABLE_FIELDS: tuple[str, ...] = get_args(InferableField)


class Inference(StrictModel):
    field: InferableField = Field(description="The study field whose value is inferred, not stated by the source.")
    reason: Text = Field(description="What is inferred, from what, and why.")


def inference_problems(
    named: Sequence[Any], given: Iterable[str], missing_reported: Iterable[str] = ()
) -> list[PydanticCustomError]:
    """An inference of a field the record does not give, and a field named twice.

    ``named`` are the entries' ``field`` values (only valid ones are judged), ``given`` the
    record's top-level keys with a value, ``missing_reported`` the absent fields whose absence
    is an error of its own (a required field), so that one problem gives one finding."""
    present, quiet, seen = set(given), set(missing_reported), set()
    found = []
    for index, name in enumerate(named):
        if name not in INFERABLE_FIELDS:
            continue  # reported already as not a field that can be inferred
        where = f"inferences.{index}.field"
        if name not in present and name in quiet:
            continue
        if name not in present:
            found.append(field_error(where, f"{name!r} is not given in this record, so nothing of it can be inferred"))
        elif name in seen:
            found.append(field_error(where, f"{name!r} is named twice; give one reason per field"))
        seen.add(name)
    return found


def raw_inference_problems(data: dict[str, Any], required: Iterable[str]) -> list[PydanticCustomError]:
    """:func:`inference_problems` of a raw record (one that failed validation); ``required``
    are the fields whose absence is reported as missing."""
    entries = data.get("inferences")
    if not isinstance(entries, list):
        return []
    named = [entry.get("field") if isinstance(entry, dict) else None for entry in entries]
    return inference_problems(named, (key for key, value in data.items() if value is not None), required)

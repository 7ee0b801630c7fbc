"""Every problem of a record in one round: the field errors, and the cross-field checks too.

Pydantic runs a model's ``model_validator(mode="after")`` only when all of its fields
validated, so a record with a wrong enum and no evidence form would show the second problem
only after the first is fixed. When validation has failed, :func:`every_problem` walks the raw
data through the model tree and adds each :class:`~kinship_evidence.data.models.fields.CheckedModel`'s
``raw_problems`` at its location, leaving out those pydantic already reported.
"""

from __future__ import annotations

import types
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from kinship_evidence.data.models.fields import CheckedModel

ErrorDetails = dict[str, Any]  # as ``ValidationError.errors()`` gives them: type, loc, msg, input, ctx


def every_problem(model: type[BaseModel], data: Any, error: ValidationError) -> list[ErrorDetails]:
    """The errors of ``error`` and the cross-field problems it could not show yet."""
    items: list[ErrorDetails] = [dict(item) for item in error.errors(include_url=False)]
    seen = {(tuple(item["loc"]), item["type"], item["msg"]) for item in items}
    items += [item for item in _raw_problems(model, data, ()) if (item["loc"], item["type"], item["msg"]) not in seen]
    return items


def _raw_problems(model: type[BaseModel], data: Any, loc: tuple[Any, ...]) -> list[ErrorDetails]:
    if not isinstance(data, dict):
        return []
    found: list[ErrorDetails] = []
    if issubclass(model, CheckedModel):
        found += [
            {"type": problem.type, "loc": loc, "msg": problem.message(), "input": data, "ctx": problem.context}
            for problem in model.raw_problems(data)
        ]
    for name, (nested, is_list) in _nested_models(model).items():
        value = data.get(name)
        if is_list and isinstance(value, list):
            for index, item in enumerate(value):
                found += _raw_problems(nested, item, (*loc, name, index))
        elif not is_list:
            found += _raw_problems(nested, value, (*loc, name))
    return found


@cache
def _nested_models(model: type[BaseModel]) -> dict[str, tuple[type[BaseModel], bool]]:
    """The fields of ``model`` that hold a model, or a list of one: name -> (model, is a list)."""
    nested = {}
    for name, info in model.model_fields.items():
        found = _model_in(info.annotation)
        if found is not None:
            nested[name] = found
    return nested


def _model_in(annotation: Any, in_list: bool = False) -> tuple[type[BaseModel], bool] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, in_list
    origin = get_origin(annotation)
    if origin is Annotated:
        return _model_in(get_args(annotation)[0], in_list)
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            found = _model_in(arg, in_list)
            if found is not None:
                return found
        return None
    if origin is list and not in_list:
        return _model_in(get_args(annotation)[0], True)
    return None

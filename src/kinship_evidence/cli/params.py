"""Option values parsed by us: plain messages for bad choices, no Pydantic adapter per option, help without Python types.

Typer (0.20 and later) builds a Pydantic ``TypeAdapter`` for every parameter of the command
that runs, which costs more start-up time than rating the bundled dataset. Our options are
strings, paths, flags and lists of them, parsed by small functions; :func:`plain_coercion`
gives each such parameter a coercion that calls them directly (Typer's own is kept for
anything else, and on a Typer without this hook nothing changes).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from kinship_evidence.errors import UsageError
from kinship_evidence.frozen import frozen


class BadChoice(UsageError):
    """An option value that is not one of its choices."""


def choice(option: str, choices: tuple[str, ...]) -> Callable[[str], str]:
    """A parser that accepts one of ``choices`` and refuses anything else in plain words."""

    def parse(value: str) -> str:
        if value in choices:
            return value
        from kinship_evidence.workflows.project.config import not_one_of

        raise BadChoice(f"{option}: {not_one_of(value, choices)}")

    return parse


def _leaf(annotation: Any) -> tuple[Any, bool]:
    """The element type of ``annotation`` (Optional and list removed) and whether it is a list."""
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if origin in (typing.Union, types.UnionType) and len(args) == 1:
            annotation = args[0]
        elif origin is list and len(args) == 1:
            annotation, is_list = args[0], True
        else:
            return annotation, is_list


_PLAIN: dict[Any, Callable[[Any], Any]] = {str: str, Path: Path, int: int, bool: bool}


def _parser(descriptor: Any) -> Callable[[Any], Any] | None:
    parser = getattr(descriptor.parameter_info, "parser", None)
    leaf, _ = _leaf(descriptor.annotation)
    if parser is None:
        parser = _PLAIN.get(leaf)
    return parser


@cache
def _plain_class() -> Any:
    """Typer's runtime coercion contract, calling our parser (None on a Typer without it); made once."""
    try:
        from typer._coercion import RuntimeParam
    except ImportError:  # another Typer: its own coercion stays
        return None

    @frozen
    class Plain(RuntimeParam):
        parse: Callable[[Any], Any]

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, (list, tuple)):
                return [self.parse(item) for item in value]
            return self.parse(value)

    return Plain


def plain_coercion(command: Any) -> None:
    """Give each string, path, flag or list parameter of ``command`` a coercion without Pydantic,
    and help without Python types (:func:`plain_help`): for every parameter ``get_params`` gives,
    the help option and the completion options included."""
    plain = _plain_class()

    def prepare(param: Any) -> None:
        plain_help(param)
        descriptor = getattr(param, "type_descriptor", None)
        if plain is None or descriptor is None or getattr(param, "_runtime_param", True) is not None:
            return
        parse = _parser(descriptor)
        if parse is not None:
            param._runtime_param = plain(descriptor.parameter_info, descriptor.annotation, parse)

    get_params = command.get_params

    def plain_params(ctx: Any) -> list[Any]:
        params: list[Any] = get_params(ctx)
        for param in params:
            prepare(param)
        return params

    command.get_params = plain_params


def _no_type(ctx: Any) -> None:
    return None


def plain_help(param: Any) -> None:
    """Help that shows no Python type: an argument is its metavar (``REC``, ``[NEW]``), a flag has none.

    Options show their metavar (every option here has one: FILE, DIR, ID, FORMAT...).
    """
    if getattr(param, "_plain_help", False):
        return
    param._plain_help = True
    is_argument = param.param_type_name == "argument"
    if is_argument or getattr(param, "is_flag", False):
        param.display_type_rich = _no_type
    if is_argument:
        name = param.metavar or param.name.upper()
        shown = name if param.required or name.startswith("[") else f"[{name}]"
        param._usage_display_name = lambda: shown + ("..." if param.nargs != 1 else "")

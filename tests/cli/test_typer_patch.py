"""The command line patches Typer's private coercion (``typer._coercion.RuntimeParam``) so no
option builds a Pydantic adapter and no help shows a Python type. pyproject.toml pins Typer to
the range where that private class exists; these tests fail when a Typer release stops taking
the patch, instead of the patch silently falling back."""

from __future__ import annotations

import typer.main

from kinship_evidence.cli.app import app
from kinship_evidence.cli.params import _plain_class


def test_the_private_class_the_patch_extends_exists():
    assert _plain_class() is not None, "typer._coercion.RuntimeParam is gone: re-pin Typer or drop the patch"


def test_every_option_of_rate_takes_the_plain_coercion():
    command = typer.main.get_command(app)
    rate = command.commands["rate"]
    params = rate.get_params(rate.context_class(rate))
    plain = _plain_class()
    runtime = [getattr(p, "_runtime_param", None) for p in params if getattr(p, "type_descriptor", None) is not None]
    assert runtime and all(isinstance(r, plain) for r in runtime), runtime


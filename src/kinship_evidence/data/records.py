"""One data file, from its path to a validated model and located findings."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kinship_evidence.data.checks.cross_field import every_problem
from kinship_evidence.data.checks.messages import validation_findings
from kinship_evidence.data.reading.locating import locate
from kinship_evidence.data.reading.strict_yaml import parse_yaml
from kinship_evidence.data.reading.text_files import read_text
from kinship_evidence.findings import SHOWN_CHARACTERS, Finding, shorten_field

ModelT = TypeVar("ModelT", bound=BaseModel)


_KIND_NAMES = {type(None): "null", list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}


def validate_file(path: str | os.PathLike[str], display: str, model: type[ModelT]) -> tuple[ModelT | None, list[Finding]]:
    """Read, parse and validate one file against ``model``; findings carry their positions."""
    instance, findings, _ = load_file(path, display, model)
    return instance, findings


def load_file(
    path: str | os.PathLike[str], display: str, model: type[ModelT]
) -> tuple[ModelT | None, list[Finding], Any]:
    """As :func:`validate_file`, and also the parsed YAML data (None when it did not parse),
    for best-effort use of a file that parsed but is invalid."""
    text = read_text(path, display)
    if isinstance(text, Finding):
        return None, [text], None
    loaded = parse_yaml(text, display)
    findings = list(loaded.findings)
    if loaded.data is None and findings:
        return None, findings, None
    if not isinstance(loaded.data, dict):
        found = _KIND_NAMES.get(type(loaded.data), type(loaded.data).__name__)
        findings.append(Finding(display, 1, 1, "", "schema", f"expected a mapping of fields, found {found}"))
        return None, findings, loaded.data
    try:
        instance = model.model_validate(loaded.data)
    except ValidationError as error:
        errors = every_problem(model, loaded.data, error)
        located = locate(validation_findings(errors, display), lambda _path: text)
        parts = getattr(model, "raw_problems_of_parts", None)
        located += _consistency_findings(parts(loaded.data) if callable(parts) else [], display, text)
        findings.extend(  # located by the full path, shown cut short
            f if len(f.field) <= SHOWN_CHARACTERS else replace(f, field=shorten_field(f.field)) for f in located
        )
        return None, findings, loaded.data
    problems = getattr(instance, "problems", None)
    findings.extend(_consistency_findings(problems() if callable(problems) else [], display, text))
    return (instance if not findings else None), findings, loaded.data


def _consistency_findings(pairs: list[tuple[str, str]], display: str, text: str) -> list[Finding]:
    """Problems a model reports besides its field checks, as (field path, message), located in the file:
    ``problems()`` of a valid record, ``raw_problems_of_parts(data)`` of a failed one."""
    found = [Finding(display, 0, 0, field, "risk-of-bias", message) for field, message in pairs]
    return locate(found, lambda _path: text) if found else []



def validate_files(paths: Iterable[Path], model: type[ModelT]) -> tuple[list[tuple[str, ModelT]], list[Finding]]:
    """Validate files named on the command line; the valid ones with their paths, and the findings."""
    valid: list[tuple[str, ModelT]] = []
    findings: list[Finding] = []
    for path in paths:
        instance, problems = validate_file(path, str(path), model)
        findings.extend(problems)
        if instance is not None:
            valid.append((str(path), instance))
    return valid, findings


def read_for_locating(display: str) -> str | None:
    text = read_text(Path(display), display)
    return text if isinstance(text, str) else None

"""Project configuration: ``[tool.kinship-evidence]`` in ``pyproject.toml``, or ``kinship-evidence.toml``.

Found as ruff finds its configuration: from the current folder upwards, the first folder with a
``kinship-evidence.toml`` (keys at top level) or a ``pyproject.toml`` that has the table wins
(``kinship-evidence.toml`` first when a folder has both); the search stops at the filesystem
root. Validated strictly: an unknown key or a bad value is a usage error naming
``file:line:col`` and the nearest allowed name. ``data`` is relative to the file's folder.
Command-line options override every key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinship_evidence.errors import UsageError
from kinship_evidence.stats.methods import CI_METHODS, ESTIMATORS, PREDICTION_METHODS

PYPROJECT = "pyproject.toml"
OWN_FILE = "kinship-evidence.toml"
TABLE = "kinship-evidence"
COLOR_CHOICES = ("auto", "always", "never")
KEYS = ("data", "framework", "estimator", "ci", "prediction", "format", "strict", "color")
_CHOICES: dict[str, tuple[str, ...]] = {
    "estimator": ESTIMATORS, "ci": CI_METHODS, "prediction": PREDICTION_METHODS, "color": COLOR_CHOICES,
}


class ConfigError(UsageError):
    """A configuration file that cannot be read or holds an unknown key or a bad value."""


@dataclass(frozen=True)
class Config:
    """The settings of one configuration file (None: not set there); ``path`` None when there is none."""

    path: Path | None = None
    data: Path | None = None
    framework: str | None = None
    estimator: str | None = None
    ci: str | None = None
    prediction: str | None = None
    formats: Mapping[str, str] = field(default_factory=dict)  # command name -> format name
    strict: bool | None = None
    color: str | None = None


def _shown(path: Path) -> Path:
    """``path`` relative to the current folder when it is below it (as messages show it)."""
    try:
        return Path(os.path.relpath(path))
    except ValueError:
        return path


def did_you_mean(value: object, choices: tuple[str, ...]) -> str:
    from kinship_evidence.suggestions import did_you_mean as nearest  # difflib: only for a mistake

    return nearest(value, choices)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{_shown(path)}: cannot read the configuration: {getattr(error, 'strerror', None) or error}") from None


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    import tomllib  # only when there is a file to read

    text = _text(path)
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{_shown(path)}: not valid TOML: {error}") from None


def find_config(start: Path | None = None) -> tuple[Path, str, dict[str, Any]] | None:
    """The first configuration from ``start`` (the current folder) upwards: its path, text and table."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / OWN_FILE
        if own.is_file():
            text, table = _read(own)
            return own, text, table
        pyproject = candidate / PYPROJECT
        if pyproject.is_file():
            if TABLE not in _text(pyproject):  # most pyproject.toml files: no need to parse them
                continue
            text, document = _read(pyproject)
            tool = document.get("tool")
            if isinstance(tool, dict) and TABLE in tool:
                return pyproject, text, tool[TABLE]
    return None


def _position(text: str, own: bool, key: str, sub: str | None = None) -> tuple[int, int]:
    """Line and column of ``key`` (and ``sub`` within its value) in the table; a simple line scan."""
    lines = text.splitlines()
    inside = own
    header = re.compile(r"\s*\[\s*tool\s*\.\s*(\"kinship-evidence\"|'kinship-evidence'|kinship-evidence)\s*\]")
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = bool(header.match(line)) if not own else stripped.startswith(f"[{key}")
            if own and inside and sub is None:
                return number, line.index("[") + 1
            continue
        if inside and re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            if sub is not None and sub in line:
                return number, line.index(sub, line.index("=")) + 1
            return number, len(line) - len(line.lstrip()) + 1
    return 1, 1


@dataclass(frozen=True)
class _Source:
    path: Path
    text: str
    own: bool

    def fail(self, key: str, message: str, sub: str | None = None) -> ConfigError:
        line, column = _position(self.text, self.own, key, sub)
        where = f"{key}.{sub}" if sub else key
        prefix = "" if self.own else f"tool.{TABLE}."
        return ConfigError(f"{_shown(self.path)}:{line}:{column}: {prefix}{where}: {message}")


def not_one_of(value: object, choices: tuple[str, ...]) -> str:
    """``'markdwn' is not one of text, json, markdown; did you mean 'markdown'?``"""
    return f"{value!r} is not one of {', '.join(choices)}{did_you_mean(value, choices)}"


def _choice(source: _Source, key: str, value: object, choices: tuple[str, ...], sub: str | None = None) -> str:
    if not isinstance(value, str) or value not in choices:
        raise source.fail(key, not_one_of(value, choices), sub)
    return value


def _formats(source: _Source, value: object, choices: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    if not isinstance(value, dict):
        raise source.fail("format", "must be a table of command = format, e.g. {check = \"github\", rate = \"json\"}")
    chosen = {}
    for command, name in value.items():
        if command not in choices:
            raise source.fail(
                "format", f"no command {command!r} with a --format; known: {', '.join(choices)}{did_you_mean(command, tuple(choices))}",
                command,
            )
        chosen[command] = _choice(source, "format", name, choices[command], command)
    return chosen


def parse_config(path: Path, text: str, table: object, format_choices: Mapping[str, tuple[str, ...]]) -> Config:
    """The validated settings of ``table`` (read from ``path``, whose ``text`` locates its keys)."""
    source = _Source(path, text, path.name == OWN_FILE)
    if not isinstance(table, dict):
        raise source.fail(TABLE, "must be a table of settings")
    values: dict[str, object] = {}
    for key, value in table.items():
        if key not in KEYS:
            raise source.fail(key, f"unknown key; known: {', '.join(KEYS)}{did_you_mean(key, KEYS)}")
        if key in _CHOICES:
            values[key] = _choice(source, key, value, _CHOICES[key])
        elif key == "format":
            values["formats"] = _formats(source, value, format_choices)
        elif key == "strict":
            if not isinstance(value, bool):
                raise source.fail(key, f"must be true or false, got {value!r}")
            values[key] = value
        elif not isinstance(value, str) or not value.strip():
            raise source.fail(key, f"must be a non-empty string, got {value!r}")
        else:
            values[key] = value
    if "data" in values:  # relative to the file's folder, shown from the current one; an absolute one as written
        given = Path(str(values["data"]))
        values["data"] = given if given.is_absolute() else _shown(path.parent / given)
    return Config(path=_shown(path), **values)  # type: ignore[arg-type]


def load_config(format_choices: Mapping[str, tuple[str, ...]], start: Path | None = None) -> Config:
    """The configuration that applies in ``start`` (the current folder); an empty one when none does."""
    found = find_config(start)
    if found is None:
        return Config()
    return parse_config(*found, format_choices)

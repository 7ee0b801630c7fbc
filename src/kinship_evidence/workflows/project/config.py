"""Project configuration: ``[tool.kinship-evidence]`` in ``pyproject.toml``, or ``kinship-evidence.toml``.

Found as ruff finds its configuration: from the current folder upwards, the first folder with a
``kinship-evidence.toml`` (keys at top level) or a ``pyproject.toml`` that has the table wins
(``kinship-evidence.toml`` first when a folder has both); the search stops at the filesystem
root. Validated strictly: every unknown key and bad value of the table is reported in one
round, each at ``file:line:col`` with the nearest allowed name, as one usage error; so is a file
that is not valid TOML (``toml_errors``). ``data`` is relative to the file's folder. Command-line
options override every key; :attr:`Config.origins` says where each key that is set stands, for
an error about its value.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from kinship_evidence.errors import UsageError
from kinship_evidence.frozen import frozen
from kinship_evidence.stats.methods import CI_METHODS, ESTIMATORS, PREDICTION_METHODS
from kinship_evidence.suggestions import did_you_mean, quoted

PYPROJECT = "pyproject.toml"
OWN_FILE = "kinship-evidence.toml"
TABLE = "kinship-evidence"
COLOR_CHOICES = ("auto", "always", "never")
KEYS = ("data", "framework", "estimator", "ci", "prediction", "format", "strict", "color")
_CHOICES: dict[str, tuple[str, ...]] = {
    "estimator": ESTIMATORS, "ci": CI_METHODS, "prediction": PREDICTION_METHODS, "color": COLOR_CHOICES,
}


class ConfigError(UsageError):
    """A configuration file that cannot be read or holds unknown keys or bad values: every problem of it."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self._problems = problems

    @property
    def problems(self) -> tuple[str, ...]:
        return self._problems


@frozen
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
    #: Where each key that is set stands: ``{"data": "pyproject.toml:2:1, tool.kinship-evidence.data"}``.
    origins: Mapping[str, str] = field(default_factory=dict)


def _shown(path: Path) -> Path:
    """``path`` relative to the current folder when it is below it (as messages show it)."""
    try:
        return Path(os.path.relpath(path))
    except ValueError:
        return path


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
        from kinship_evidence.workflows.project.toml_errors import syntax_error

        raise ConfigError(f"{_shown(path)}:{syntax_error(error, text)}") from None


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


@frozen
class _Source:
    """The file being parsed, and the problems found in it so far (all are reported together)."""

    path: Path
    text: str
    own: bool
    problems: list[str] = field(default_factory=list)

    def place(self, key: str, sub: str | None = None) -> str:
        """``pyproject.toml:7:1``: where ``key`` (and ``sub`` within its value) stands."""
        line, column = _position(self.text, self.own, key, sub)
        return f"{_shown(self.path)}:{line}:{column}"

    def key_path(self, key: str, sub: str | None = None) -> str:
        where = f"{key}.{sub}" if sub else key
        return where if self.own else f"tool.{TABLE}.{where}"

    def fail(self, key: str, message: str, sub: str | None = None) -> None:
        self.problems.append(f"{self.place(key, sub)}: {self.key_path(key, sub)}: {message}")


def not_one_of(value: object, choices: tuple[str, ...]) -> str:
    """``'markdwn' is not one of text, json, markdown; did you mean 'markdown'?``"""
    return f"{quoted(value)} is not one of {', '.join(choices)}{did_you_mean(value, choices)}"


def _choice(source: _Source, key: str, value: object, choices: tuple[str, ...], sub: str | None = None) -> str | None:
    if not isinstance(value, str) or value not in choices:
        source.fail(key, not_one_of(value, choices), sub)
        return None
    return value


def _formats(source: _Source, value: object, choices: Mapping[str, tuple[str, ...]]) -> dict[str, str] | None:
    if not isinstance(value, dict):
        source.fail("format", "must be a table of command = format, e.g. {check = \"github\", rate = \"json\"}")
        return None
    chosen = {}
    for command, name in value.items():
        if command not in choices:
            known = f"known: {', '.join(choices)}{did_you_mean(command, tuple(choices))}"
            source.fail("format", f"no command {command!r} with a --format; {known}", command)
        elif (format_name := _choice(source, "format", name, choices[command], command)) is not None:
            chosen[command] = format_name
    return chosen


def _value(source: _Source, key: str, value: object, format_choices: Mapping[str, tuple[str, ...]]) -> object:
    """``value`` of ``key`` checked, or None (its problem recorded) when it is not allowed."""
    if key not in KEYS:
        source.fail(key, f"unknown key; known: {', '.join(KEYS)}{did_you_mean(key, KEYS)}")
        return None
    if key in _CHOICES:
        return _choice(source, key, value, _CHOICES[key])
    if key == "format":
        return _formats(source, value, format_choices)
    if key == "strict":
        if not isinstance(value, bool):
            source.fail(key, f"must be true or false, got {value!r}")
            return None
        return value
    if not isinstance(value, str) or not value.strip():
        source.fail(key, f"must be a non-empty string, got {value!r}")
        return None
    return value


def parse_config(path: Path, text: str, table: object, format_choices: Mapping[str, tuple[str, ...]]) -> Config:
    """The validated settings of ``table`` (read from ``path``, whose ``text`` locates its keys).

    Raises :class:`ConfigError` with every problem of the table, in the order of its keys.
    """
    source = _Source(path, text, path.name == OWN_FILE)
    if not isinstance(table, dict):
        source.fail(TABLE, "must be a table of settings")
        raise ConfigError(*source.problems)
    values: dict[str, object] = {}
    for key, value in table.items():
        checked = _value(source, key, value, format_choices)
        if checked is not None:
            values["formats" if key == "format" else key] = checked
    if source.problems:
        raise ConfigError(*source.problems)
    if "data" in values:  # relative to the file's folder, shown from the current one; an absolute one as written
        given = Path(str(values["data"]))
        values["data"] = given if given.is_absolute() else _shown(path.parent / given)
    origins = {key: f"{source.place(key)}, {source.key_path(key)}" for key in table}
    return Config(path=_shown(path), origins=origins, **values)  # type: ignore[arg-type]


def load_config(format_choices: Mapping[str, tuple[str, ...]], start: Path | None = None) -> Config:
    """The configuration that applies in ``start`` (the current folder); an empty one when none does."""
    found = find_config(start)
    if found is None:
        return Config()
    return parse_config(*found, format_choices)

"""Hardened YAML loading: the only place the toolkit turns bytes into Python data.

- safe construction only, through PyYAML's C parser when it is built in (pure Python otherwise);
- strict UTF-8; a byte-order mark, NUL or other non-printable characters are errors;
- a size cap per file, checked before reading the whole file;
- anchors, aliases, merge keys and explicit tags are rejected before anything is constructed,
  so an alias bomb is never expanded;
- duplicate mapping keys are errors (every one is reported, not only the first);
- a YAML 1.2-like core schema: only ``true``/``false`` are booleans (``NO`` stays the string
  "NO"), dates stay strings, ``0123`` stays a string rather than becoming octal;
- a single document per file.

Finding a line and column for a field path composes the YAML node tree, and that is done only
for files that have a problem, so the clean path pays nothing for it.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.resolver import BaseResolver

from kinship_evidence.findings import Finding

from yaml.constructor import SafeConstructor

try:  # the C parser is an optional part of PyYAML builds
    from yaml._yaml import CParser as _Parser

    HAS_C_LOADER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

    HAS_C_LOADER = False

MAX_FILE_BYTES = 1024 * 1024  # 1 MiB: a study record is a few kilobytes
_BOM = "\ufeff"
# Characters that introduce anchors (&), aliases (*) or tags (!). Files without any of them
# cannot use those features, so only files with one get the (slower) event scan.
_FEATURE_CHARS = re.compile(r"[&*!]")


class _StrictResolver(BaseResolver):
    """Implicit types of a YAML 1.2 core schema, minus timestamps and merge keys."""


def _add_resolver(tag: str, pattern: str, first: str) -> None:
    _StrictResolver.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))


_add_resolver("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_add_resolver("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789")
_add_resolver("tag:yaml.org,2002:int", r"^0x[0-9a-fA-F]+$", "0")
_add_resolver(
    "tag:yaml.org,2002:float",
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    "-+0123456789.",
)
_StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class StrictLoader(_Parser, SafeConstructor, _StrictResolver):  # type: ignore[misc, valid-type]
    """A safe loader with the strict resolver and duplicate-key detection."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        SafeConstructor.__init__(self)
        _StrictResolver.__init__(self)
        self.duplicate_keys: list[tuple[object, yaml.Mark]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # pragma: no cover - guarded by the parser
            raise ConstructorError(None, None, f"expected a mapping node, but found {node.id}", node.start_mark)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise ConstructorError(
                    "while constructing a mapping", node.start_mark, "found an unhashable key", key_node.start_mark
                )
            if key in mapping:
                self.duplicate_keys.append((key, key_node.start_mark))
                continue
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


# PyYAML's SafeConstructor registers constructors on its own class; StrictLoader inherits them.
# Remove the ones for features the loader forbids, so they can never be reached.
StrictLoader.yaml_constructors = dict(StrictLoader.yaml_constructors)
StrictLoader.yaml_constructors.pop("tag:yaml.org,2002:timestamp", None)
StrictLoader.yaml_constructors.pop("tag:yaml.org,2002:binary", None)
StrictLoader.yaml_constructors.pop("tag:yaml.org,2002:omap", None)
StrictLoader.yaml_constructors.pop("tag:yaml.org,2002:pairs", None)
StrictLoader.yaml_constructors.pop("tag:yaml.org,2002:set", None)


@dataclass(frozen=True, slots=True)
class LoadedYaml:
    """The outcome of loading one file: its data, or the findings that stopped it."""

    path: str
    data: Any
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.findings


def _finding(path: str, line: int, column: int, rule: str, message: str, field: str = "") -> Finding:
    return Finding(path=path, line=line, column=column, field=field, rule=rule, message=message)


def _position_of_offset(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def read_text(path: Path, display: str, max_bytes: int = MAX_FILE_BYTES) -> str | Finding:
    """Read a file as strict UTF-8, refusing files above ``max_bytes`` without reading them."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except IsADirectoryError:
        return _finding(display, 1, 1, "file-unreadable", "is a directory, not a YAML file")
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        return _finding(display, 1, 1, "file-unreadable", f"cannot read file: {reason}")
    if len(raw) > max_bytes:
        return _finding(display, 1, 1, "file-too-large", f"file is larger than the {max_bytes:,}-byte limit")
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        line, column = _position_of_offset(raw[: error.start].decode("utf-8", errors="replace"), error.start)
        return _finding(
            display, line, column, "encoding", f"invalid UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded"
        )
    if text.startswith(_BOM):
        return _finding(display, 1, 1, "encoding", "file starts with a byte-order mark; save it as UTF-8 without BOM")
    return text


MAX_DEPTH = 100  # nesting levels; a study record needs about 6
# A nesting depth above MAX_DEPTH needs more than MAX_DEPTH brackets, or a line starting with
# more than MAX_DEPTH characters of indentation or block indicators ("- ", "? ").
_DEEP_LINE_START = re.compile(r"^[ ?:-]{%d,}" % MAX_DEPTH, re.M)


def _needs_event_scan(text: str) -> bool:
    return bool(
        _FEATURE_CHARS.search(text)
        or text.count("[") + text.count("{") > MAX_DEPTH
        or _DEEP_LINE_START.search(text)
    )


def _scan_events(text: str, display: str) -> list[Finding]:
    """Anchors, aliases, explicit tags and excessive nesting, found from parser events alone.

    Nothing is constructed, so an alias bomb is never expanded and deep nesting never recurses.
    """
    findings: list[Finding] = []
    loader = StrictLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            mark = event.start_mark
            line, column = mark.line + 1, mark.column + 1
            if isinstance(event, yaml.AliasEvent):
                findings.append(_finding(display, line, column, "yaml-alias", f"aliases (*{event.anchor}) are not allowed"))
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            if event.anchor is not None:
                findings.append(_finding(display, line, column, "yaml-anchor", f"anchors (&{event.anchor}) are not allowed"))
            tag = getattr(event, "tag", None)
            if tag is not None:
                findings.append(_finding(display, line, column, "yaml-tag", f"explicit tags ({tag}) are not allowed"))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    findings.append(
                        _finding(display, line, column, "yaml-depth", f"nesting deeper than {MAX_DEPTH} levels")
                    )
                    break
    except yaml.MarkedYAMLError:
        pass  # the syntax error is reported by the load that follows
    finally:
        loader.dispose()
    return findings


def _syntax_finding(error: yaml.YAMLError, display: str, text: str) -> Finding:
    if isinstance(error, yaml.reader.ReaderError):
        line, column = _position_of_offset(text, error.position)
        return _finding(display, line, column, "yaml-syntax", f"unacceptable character #x{error.character:04x}")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"{context}: {problem}" if context and "single document" not in context else problem
    if context and "single document" in context:
        message = "a file holds one YAML document; found a second one"
    return _finding(display, line, column, "yaml-syntax", message)


def parse_yaml(text: str, display: str) -> LoadedYaml:
    """Parse one YAML document from ``text``; every problem comes back as a finding."""
    if _needs_event_scan(text):
        forbidden = _scan_events(text, display)
        if forbidden:
            return LoadedYaml(display, None, tuple(forbidden))
    loader = StrictLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        return LoadedYaml(display, None, (_syntax_finding(error, display, text),))
    except RecursionError:
        return LoadedYaml(display, None, (_finding(display, 1, 1, "yaml-depth", "nesting is too deep"),))
    finally:
        loader.dispose()
    findings = [
        _finding(display, mark.line + 1, mark.column + 1, "yaml-duplicate-key", f"duplicate key {key!r}", str(key))
        for key, mark in loader.duplicate_keys
    ]
    if data is None and not findings:
        findings.append(_finding(display, 1, 1, "empty-file", "file is empty; expected a mapping"))
    return LoadedYaml(display, data, tuple(findings))


def load_yaml_file(path: Path, display: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> LoadedYaml:
    shown = display if display is not None else str(path)
    text = read_text(path, shown, max_bytes)
    if isinstance(text, Finding):
        return LoadedYaml(shown, None, (text,))
    return parse_yaml(text, shown)


# ---------------------------------------------------------------------------------------
# Locating field paths (only for files with problems)


class FieldLocator:
    """Maps dotted field paths of one YAML text to 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        loader = StrictLoader(text)
        try:
            self._root = loader.get_single_node()
        except (yaml.YAMLError, RecursionError):  # only a file that loaded once is located
            self._root = None
        finally:
            loader.dispose()

    def locate(self, field_path: Iterable[str | int]) -> tuple[int, int]:
        """The position of the deepest part of ``field_path`` that exists in the file.

        A mapping key is located at the key itself (where a reader looks for it); a sequence
        item at the item; a missing key at the mapping that should hold it.
        """
        node = self._root
        if node is None:
            return (1, 1)
        mark = node.start_mark
        for part in field_path:
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                        mark, node = key_node.start_mark, value_node
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return (mark.line + 1, mark.column + 1)


def split_field(field: str) -> list[str | int]:
    """``"outcomes.0.counts"`` -> ``["outcomes", 0, "counts"]``."""
    if not field:
        return []
    return [int(part) if part.isdigit() else part for part in field.split(".")]

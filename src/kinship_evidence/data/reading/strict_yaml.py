"""Hardened YAML loading: the only place the toolkit turns bytes into Python data.

- safe construction only, through PyYAML's C parser when it is built in (pure Python otherwise);
- strict UTF-8, a byte-order mark and a size cap per file (see ``text_files``); NUL or other
  non-printable characters are errors;
- anchors, aliases, merge keys and explicit tags are rejected before anything is constructed,
  so an alias bomb is never expanded;
- duplicate mapping keys are errors (every one is reported, not only the first);
- a YAML 1.2-like core schema: only ``true``/``false`` are booleans (``NO`` stays the string
  "NO"), dates stay strings, ``0123`` stays a string rather than becoming octal;
- a single document per file.

Finding a line and column for a field path (``locating``) composes the YAML node tree, and that
is done only for files that have a problem, so the clean path pays nothing for it.
"""

from __future__ import annotations

import os
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from kinship_evidence.data.reading.text_files import MAX_FILE_BYTES, Positions, read_text
from kinship_evidence.data.reading.text_files import finding as _finding
from kinship_evidence.data.reading.text_files import position_of_offset as _position_of_offset
from kinship_evidence.data.reading.yaml_messages import plain_syntax_message
from kinship_evidence.findings import Finding, shorten
from kinship_evidence.frozen import frozen

try:  # the C parser is an optional part of PyYAML builds
    from yaml._yaml import CParser as _Parser

except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef, misc]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

MAX_DEPTH = 100  # nesting levels; a study record needs about 6

# An anchor (&a), alias (*a) or tag (!t) is a token: it starts the text or follows white space,
# a flow indicator or ':', and a name follows its indicator. Text without such a place cannot
# use those features, so only files with one pay for the event scan ("Smith & Jones", "R&D"
# and URLs with "&" do not count). Aliases are also refused while converting nodes.
_BEFORE_TOKEN = frozenset(" \t\r\n[{,:")
_NOT_A_NAME = frozenset(" \t\r\n[]{},")
# Nesting depth is at most the indentation, plus the block indicators ("- ", "? ") and the
# flow brackets; a file below these bounds cannot nest deeper than MAX_DEPTH.
_DEEP_INDENT = "\n" + " " * (MAX_DEPTH // 2)


def _may_use_features(text: str) -> bool:
    for indicator in "&*!":
        at = text.find(indicator)
        while at != -1:
            if (at == 0 or text[at - 1] in _BEFORE_TOKEN) and text[at + 1 : at + 2] not in _NOT_A_NAME:
                return True
            at = text.find(indicator, at + 1)
    return False


def _may_nest_deeply(text: str) -> bool:
    indicators = text.count("- ") + text.count("? ") + text.count("[") + text.count("{")
    return indicators >= MAX_DEPTH // 2 or _DEEP_INDENT in text


STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"

# Implicit types of a YAML 1.2 core schema: no timestamps, no merge keys, no yes/no/on/off
# booleans, no octal or sexagesimal integers, no underscores in numbers.
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_NUMBER_START = frozenset("-+0123456789.")


class StrictLoader(_Parser):  # type: ignore[misc]
    """PyYAML's parser and composer with a strict, fast implicit-type resolver.

    It only composes nodes; :func:`_to_data` turns them into Python values.
    """

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if not implicit[0]:  # quoted
                return STR_TAG
            if value in _NULLS:
                return NULL_TAG
            if value[0] in _NUMBER_START:
                if _INT.fullmatch(value):
                    return INT_TAG
                if _FLOAT.fullmatch(value):
                    return FLOAT_TAG
            elif value in _BOOLS:
                return BOOL_TAG
            return STR_TAG
        return MAP_TAG if kind is MappingNode else SEQ_TAG

    # The pure-Python composer asks these of its resolver.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class YamlContentError(Exception):
    """A construct the loader refuses, at a node."""

    def __init__(self, rule: str, message: str, mark: yaml.Mark) -> None:
        super().__init__(message)
        self.rule, self.message, self.mark = rule, message, mark


def scalar_value(node: ScalarNode) -> Any:
    """The Python value of a scalar node, as the loader reads it."""
    tag, value = node.tag, node.value
    if tag == STR_TAG:
        return value
    if tag == INT_TAG:
        try:
            return int(value, 0) if value[:2] == "0x" else int(value)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            raise YamlContentError("yaml-number", "integer has too many digits", node.start_mark) from None
    if tag == FLOAT_TAG:
        lowered = value.lower()
        if lowered.endswith(".inf"):
            return float("-inf") if lowered[0] == "-" else float("inf")
        if lowered == ".nan":
            return float("nan")
        return float(value)
    if tag == BOOL_TAG:
        return _BOOLS[value]
    if tag == NULL_TAG:
        return None
    raise YamlContentError("yaml-tag", f"explicit tags ({tag}) are not allowed", node.start_mark)


def _to_data(node: Node, seen: set[int], duplicates: list[tuple[ScalarNode, ScalarNode]]) -> Any:
    """Python values of a node tree; a collection node met twice is an alias and refused."""
    if isinstance(node, ScalarNode):
        return scalar_value(node)
    if id(node) in seen:
        raise YamlContentError("yaml-alias", "aliases are not allowed", node.start_mark)
    seen.add(id(node))
    if isinstance(node, MappingNode):
        if node.tag != MAP_TAG:
            raise YamlContentError("yaml-tag", f"explicit tags ({node.tag}) are not allowed", node.start_mark)
        mapping: dict[Any, Any] = {}
        key_nodes: dict[Any, ScalarNode] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise YamlContentError("yaml-syntax", "a mapping key must be a plain value", key_node.start_mark)
            key = scalar_value(key_node)
            if key in mapping:
                duplicates.append((key_nodes[key], key_node))
                continue
            key_nodes[key] = key_node
            mapping[key] = _to_data(value_node, seen, duplicates)
        return mapping
    if node.tag != SEQ_TAG:
        raise YamlContentError("yaml-tag", f"explicit tags ({node.tag}) are not allowed", node.start_mark)
    return [_to_data(item, seen, duplicates) for item in node.value]


@frozen(slots=True)
class LoadedYaml:
    """The outcome of loading one file: its data, or the findings that stopped it."""

    path: str
    data: Any
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.findings


def _needs_event_scan(text: str) -> bool:
    return _may_use_features(text) or _may_nest_deeply(text)


def _scan_events(text: str, display: str) -> list[Finding]:
    """Anchors, aliases, explicit tags and excessive nesting, found from parser events alone.

    Nothing is constructed, so an alias bomb is never expanded and deep nesting never recurses.
    """
    findings: list[Finding] = []
    loader = StrictLoader(text)
    positions = Positions(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            mark = event.start_mark
            line, column = positions.of_mark(mark)
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
    except yaml.YAMLError:  # a ReaderError (control character) is not a MarkedYAMLError
        pass  # the syntax error is reported by the load that follows
    finally:
        loader.dispose()
    return findings


def _syntax_finding(error: yaml.YAMLError, display: str, text: str) -> Finding:
    if isinstance(error, yaml.reader.ReaderError):
        line, column = _position_of_offset(text, error.position)
        return _finding(display, line, column, "yaml-syntax", f"unacceptable character #x{error.character:04x}")
    problem = getattr(error, "problem", None) or str(error)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if "end of stream" in problem and getattr(error, "context_mark", None) is not None:
        mark = error.context_mark  # an unclosed quote or bracket: point at where it opened
    line, column = Positions(text).of_mark(mark) if mark is not None else (1, 1)
    context = getattr(error, "context", None)
    message = f"{context}: {problem}" if context and "single document" not in context else problem
    if context and "single document" in context:
        message = "a file holds one YAML document; found a second one"
    else:
        message = plain_syntax_message(problem, context, text, line, column) or message
    return _finding(display, line, column, "yaml-syntax", message)


def parse_yaml(text: str, display: str) -> LoadedYaml:
    """Parse one YAML document from ``text``; every problem comes back as a finding."""
    if _needs_event_scan(text):
        forbidden = _scan_events(text, display)
        if forbidden:
            return LoadedYaml(display, None, tuple(forbidden))
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as error:
        return LoadedYaml(display, None, (_syntax_finding(error, display, text),))
    except RecursionError:
        return LoadedYaml(display, None, (_finding(display, 1, 1, "yaml-depth", "nesting is too deep"),))
    finally:
        loader.dispose()
    if node is None:
        return LoadedYaml(display, None, (_finding(display, 1, 1, "empty-file", "file is empty; expected a mapping"),))
    duplicates: list[tuple[ScalarNode, ScalarNode]] = []
    positions = Positions(text)
    try:
        data = _to_data(node, set(), duplicates)
    except YamlContentError as error:
        line, column = positions.of_mark(error.mark)
        return LoadedYaml(display, None, (_finding(display, line, column, error.rule, error.message),))
    except RecursionError:
        return LoadedYaml(display, None, (_finding(display, 1, 1, "yaml-depth", "nesting is too deep"),))
    findings = tuple(_duplicate(display, positions, first, again) for first, again in duplicates)
    return LoadedYaml(display, data, findings)


def _duplicate(display: str, positions: Positions, first: ScalarNode, again: ScalarNode) -> Finding:
    """The second key, as written; when it reads as the first one only once resolved (``true`` and
    ``True``, ``1`` and ``0x1``), the message says so."""
    line, column = positions.of_mark(again.start_mark)
    message = f"duplicate key {shorten(repr(again.value))}"
    if first.value != again.value:
        first_line = positions.of_mark(first.start_mark)[0]
        message += f", read as the same key as {shorten(repr(first.value))} on line {first_line}"
    return _finding(display, line, column, "yaml-duplicate-key", message, shorten(again.value))


def load_yaml_file(path: str | os.PathLike[str], display: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> LoadedYaml:
    shown = display if display is not None else str(path)
    text = read_text(path, shown, max_bytes)
    if isinstance(text, Finding):
        return LoadedYaml(shown, None, (text,))
    return parse_yaml(text, shown)

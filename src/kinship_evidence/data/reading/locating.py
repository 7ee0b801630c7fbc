"""Where a field path is in a YAML file: 1-based line and column, for located findings.

Only files with a problem are composed a second time for this, so clean files pay nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

import yaml

from kinship_evidence.data.reading.strict_yaml import (
    StrictLoader,
    YamlContentError,
    scalar_value,
)
from kinship_evidence.data.reading.text_files import Positions
from kinship_evidence.findings import Finding

_Pair = tuple[yaml.Node, yaml.Node]


def _key_index(node: yaml.MappingNode) -> tuple[dict[tuple[type, object], _Pair], dict[str, _Pair]]:
    """A mapping's keys by resolved value (``0x10`` is 16, ``true`` and ``True`` are True), not
    as written, and by their string form (a field path holds ``str(key)``); the first of
    duplicate keys holds the value."""
    exact: dict[tuple[type, object], _Pair] = {}
    by_text: dict[str, _Pair] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        try:
            key = scalar_value(key_node)
        except YamlContentError:
            continue
        exact.setdefault((type(key), key), (key_node, value_node))
        by_text.setdefault(str(key), (key_node, value_node))
    return exact, by_text


class FieldLocator:
    """Maps dotted field paths of one YAML text to 1-based (line, column), as an editor counts."""

    def __init__(self, text: str) -> None:
        self._positions = Positions(text)
        self._indexes: dict[int, tuple[dict[tuple[type, object], _Pair], dict[str, _Pair]]] = {}
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
                if id(node) not in self._indexes:  # built once: a file may have hundreds of findings
                    self._indexes[id(node)] = _key_index(node)
                exact, by_text = self._indexes[id(node)]
                pair = exact.get((type(part), part)) or by_text.get(str(part))
                if pair is None:
                    break
                mark, node = pair[0].start_mark, pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return self._positions.of_mark(mark)


_PART = re.compile(r'"([^"]*)"(?:\.|$)|([^.]*)(?:\.|$)')


def split_field(field: str) -> list[str | int]:
    """``"outcomes.0.counts"`` -> ``["outcomes", 0, "counts"]``; a quoted part is one key:
    ``'risk_of_bias.answers."1.1"'`` -> ``["risk_of_bias", "answers", "1.1"]``."""
    if not field:
        return []
    if '"' not in field:
        return [int(part) if part.isascii() and part.isdigit() else part for part in field.split(".")]
    parts: list[str | int] = []
    position = 0
    while position < len(field):
        match = _PART.match(field, position)
        if match is None or match.end() == position:
            break
        quoted, plain = match.group(1), match.group(2)
        if quoted is not None:
            parts.append(quoted)
        else:
            parts.append(int(plain) if plain.isascii() and plain.isdigit() else plain)
        position = match.end()
    return parts


def locate(findings: Iterable[Finding], text_of: Callable[[str], str | None]) -> list[Finding]:
    """Fill in line and column of findings that have a field path but no position yet.

    Each file with such findings is composed once; clean files are never composed.
    """
    locators: dict[str, FieldLocator | None] = {}
    located = []
    for finding in findings:
        if finding.line:
            located.append(finding)
            continue
        if finding.path not in locators:
            text = text_of(finding.path)
            locators[finding.path] = FieldLocator(text) if text is not None else None
        locator = locators[finding.path]
        line, column = locator.locate(split_field(finding.field)) if locator else (1, 1)
        located.append(replace(finding, line=line, column=column))
    return located

"""Editing a record's text in place: one top-level field replaced, inserted or removed, every
other line (comments included) left as it was. The YAML is composed to find the lines a field
spans; nothing is re-dumped.
"""

from __future__ import annotations

import yaml

from kinship_evidence.data.reading.strict_yaml import StrictLoader


def _last_line(node: yaml.Node) -> int:
    """The 0-based last line of ``node``'s own text (a block collection ends with its last child)."""
    if isinstance(node, yaml.MappingNode) and node.value and node.flow_style is not True:
        return _last_line(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and node.flow_style is not True:
        return _last_line(node.value[-1])
    end: yaml.Mark = node.end_mark
    line: int = end.line
    return line if end.column > 0 else line - 1


def field_lines(text: str) -> dict[str, tuple[int, int]]:
    """Each top-level key of the record: its first and last line (0-based, inclusive)."""
    loader = StrictLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {
        str(key.value): (key.start_mark.line, _last_line(value)) for key, value in root.value if isinstance(key, yaml.ScalarNode)
    }


def edit_fields(text: str, block: tuple[str, str], remove: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> str:
    """``text`` with field ``block[0]`` written as ``block[1]`` (its lines, ending in a newline):
    in place of the field if it is there, else in place of the first of ``remove`` that is, else
    after the first of ``after`` that is (else at the end); the fields ``remove`` names taken out."""
    name, lines_text = block
    spans = field_lines(text)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    new = lines_text.splitlines(keepends=True)
    edits: dict[int, tuple[int, list[str]]] = {}  # first line -> (last line, its replacement)
    taken = [key for key in remove if key in spans]
    if name in spans:
        edits[spans[name][0]] = (spans[name][1], new)
    elif taken:
        edits[spans[taken[0]][0]] = (spans[taken[0]][1], new)
        taken = taken[1:]
    else:
        anchor = next((key for key in after if key in spans), None)
        at = spans[anchor][1] + 1 if anchor is not None else len(lines)
        edits[at] = (at - 1, new)
    for key in taken:
        edits.setdefault(spans[key][0], (spans[key][1], []))
    for first in sorted(edits, reverse=True):
        last, replacement = edits[first]
        lines[first : last + 1] = replacement
    return "".join(lines)

"""Every user-supplied string is escaped before it reaches a person's screen.

A record's text, a field name or a file name may hold control characters (``"\\e[2J"`` clears
a terminal), a newline (which would forge a second finding line), bidirectional overrides
(which reorder what a reader sees), bytes that are not UTF-8 (a file name on Linux), or Rich
markup (``[red]``). Human formats show each as a visible escape instead; machine formats keep
the value and leave quoting to JSON or CSV.

GitHub Actions runs a workflow command from any log line whose text, after leading white space,
starts with ``::``; :func:`guard_workflow_commands` makes sure no line of human output does.
"""

from __future__ import annotations

import re
import unicodedata

#: The bidirectional controls: embeddings and overrides (U+202A-202E), isolates (U+2066-2069),
#: the left-to-right and right-to-left marks (U+200E, U+200F) and the Arabic letter mark (U+061C).
#: Each can reorder what a reader sees (a file name that reads ``exe.txt`` but is ``txt.exe``).
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
#: The one list of characters shown as escapes in human output: C0 and C1 controls (tab, line
#: feed, ESC and NEL among them), DEL, line and paragraph separators, the bidirectional
#: controls, the BOM, and lone surrogates (bytes of a file name that are not UTF-8, as Python
#: decodes them).
UNSAFE_CHARACTERS = f"\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}\ufeff\ud800-\udfff"
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}
_SPACE = re.compile(r"\s+")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: object) -> str:
    """``text`` with every unsafe character shown as a backslash escape, on one line."""
    value = str(text)
    return _UNSAFE.sub(_escape, value) if _UNSAFE.search(value) else value


def prose(text: object) -> str:
    """Free text (a recommendation, a description): white space folded, then escaped."""
    return escape(_SPACE.sub(" ", unicodedata.normalize("NFC", str(text))).strip())


def cell(text: object) -> str:
    """User text where Rich reads markup (a table cell): escaped prose, ``[red]`` shown as written."""
    from rich.markup import escape as escape_markup

    return escape_markup(prose(text))


def guard_workflow_commands(text: str) -> str:
    """Prefix with a backslash every line whose first non-blank characters are ``::``."""
    if "::" not in text:
        return text
    return "".join(
        (line[: len(line) - len(line.lstrip())] + "\\" + line.lstrip()) if line.lstrip().startswith("::") else line
        for line in text.splitlines(keepends=True)
    )


def message(text: object) -> str:
    """A message for standard error (``error: ...``): each line escaped, later lines indented.

    A message may echo a configuration key or a file name that holds a newline, ESC or a bidi
    override; no line of it can start a GitHub Actions workflow command or pass for a line of
    its own (a continuation is indented under the first).
    """
    first, *rest = str(text).split("\n")
    return guard_workflow_commands("".join([escape(first), *("\n  " + escape(line) for line in rest)]))


#: ``@name`` or ``@org/team`` where GitHub would notify someone (not inside a word: e-mail addresses stay).
_MENTION = re.compile(r"(?<![\w`])@([A-Za-z0-9][A-Za-z0-9_/-]*)")


def markdown_text(text: object) -> str:
    """User text inside a Markdown table cell or line: escaped prose, no table breaks, no HTML, no live mention.

    A mention (``@team``) is shown as code, which GitHub does not notify.
    """
    value = prose(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    return _MENTION.sub(r"`@\1`", value)


def code_span(text: object, in_table: bool = True) -> str:
    """User text as a Markdown code span (`text`), whatever backticks it holds.

    In a table (``in_table``, the default) a ``|`` is written ``\\|``: GitHub splits cells on a
    pipe before it reads code spans, so an unescaped one would end the span and the cell, and
    what follows (``<img ...>``) would be live Markdown.
    """
    value = prose(text)
    if in_table:
        value = value.replace("|", "\\|")
    longest = max((len(run) for run in value.replace("`", " ` ").split() if set(run) == {"`"}), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"

"""Indented JSON written as it is encoded, for the writers whose output grows with the dataset.

``rate --format json`` and its what-if (``--without``/``--with``) use it; the other JSON writers
(a recommendation's explanation, its summary of findings, robustness, diff, history) write
``json.dumps`` text, which is small beside these.

``json.dumps`` builds the whole text, and a final line break copies it: at 100,000 records the
ratings are 63 MB, and the two strings with the list of pieces ``dumps`` joins made about 170 MB
of ``rate``'s peak memory (bench/README.md, "rate --format json streamed"). The pieces here are
the same encoder's, so the text is byte for byte what ``json.dumps(data, indent=2,
ensure_ascii=False) + "\\n"`` writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from typing import Any

#: Encoder pieces joined into one chunk (the encoder yields one per key, value and separator).
PIECES_PER_CHUNK = 4096


def indented_json(data: Any) -> Iterator[str]:
    """``data`` as indented JSON with a final line break, in chunks (``cli.output`` writes them as they come)."""
    pieces = json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(data)
    while chunk := "".join(islice(pieces, PIECES_PER_CHUNK)):
        yield chunk
    yield "\n"

"""``rate --format json`` is streamed in chunks, and the chunks are exactly the JSON ``json.dumps`` writes."""

from __future__ import annotations

import json
from pathlib import Path

from kinship_evidence.reports import ratings
from kinship_evidence.workflows.evaluate import evaluate

DATA = Path(__file__).resolve().parents[2] / "data"


def test_the_chunks_join_to_the_indented_json_with_a_final_line_break(monkeypatch):
    reports = evaluate(DATA).reports
    whole = json.dumps(ratings.report_dict(reports[0]), indent=2, ensure_ascii=False) + "\n"
    monkeypatch.setattr(ratings, "JSON_PIECES_PER_CHUNK", 7)  # many chunks even for the bundled data
    chunks = list(ratings.format_json(reports))
    assert len(chunks) > 100
    assert "".join(chunks) == whole
    assert chunks[-1] == "\n" and all(chunks)

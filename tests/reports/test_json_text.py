"""Whole-dataset JSON (``rate --format json``, its what-if) is streamed in chunks that join to what ``json.dumps`` writes."""

from __future__ import annotations

import json
from pathlib import Path

from kinship_evidence.reports import json_text, ratings
from kinship_evidence.workflows.evaluate import evaluate

DATA = Path(__file__).resolve().parents[2] / "data"


def test_the_chunks_join_to_the_indented_json_with_a_final_line_break(monkeypatch):
    reports = evaluate(DATA).reports
    whole = json.dumps(ratings.report_dict(reports[0]), indent=2, ensure_ascii=False) + "\n"
    monkeypatch.setattr(json_text, "PIECES_PER_CHUNK", 7)  # many chunks even for the bundled data
    chunks = list(ratings.format_json(reports))
    assert len(chunks) > 100
    assert "".join(chunks) == whole
    assert chunks[-1] == "\n" and all(chunks)


def test_the_what_if_json_is_the_same_text_streamed(monkeypatch):
    from kinship_evidence.reports import what_if as what_if_report
    from kinship_evidence.workflows.what_if import what_if

    result = what_if(DATA, without=["colorado-kinnected"], with_files=[])
    monkeypatch.setattr(json_text, "PIECES_PER_CHUNK", 5)
    chunks = list(what_if_report.format_json(result))
    data = json.loads("".join(chunks))
    assert len(chunks) > 100 and chunks[-1] == "\n"
    assert data["what_if"] == {"without": ["colorado-kinnected"], "with": []}
    assert "".join(chunks) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"

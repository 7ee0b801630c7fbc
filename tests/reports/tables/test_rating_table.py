"""The `rate` table as a Summary of findings, the fragile marker, and the wrapping it relies on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kinship_evidence.reports.text.wrapping import hyphen_lines, wrap

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RATING_FIXTURES = ROOT / "tests" / "rating" / "fixtures"


@pytest.fixture
def reports(monkeypatch):
    from kinship_evidence.workflows.evaluate import evaluate

    monkeypatch.setenv("COLUMNS", "80")

    def rated(root: Path, **options):
        evaluation = evaluate(root, **options)
        assert not evaluation.has_errors
        return evaluation.reports

    return rated


def _rows(out: str) -> list[list[str]]:
    """The table's body cells, line by line (ASCII or Unicode boxes)."""
    return [[c.strip() for c in line.strip("│|").split("│" if "│" in line else "|")] for line in out.splitlines() if line[:1] in "│|"]


def test_summary_of_findings_row(reports) -> None:
    from kinship_evidence.reports.tables.rating_table import format_table

    out = format_table(reports(FIXTURES / "rob2-appraisals"))
    cells = _rows(out)
    assert cells[0] == ["1", "rec", "good", "carer-wellbeing"]
    assert [row[2] for row in cells] == ["good", "published:", "good", "match"]
    # 3 studies; only trial-b reports its sample size; the pooled SMD 0.3 [0.074, 0.526]; 2 of 3 appraised.
    assert [row[3] for row in cells] == ["carer-wellbeing", "3 studies, n=200 + 2 n/r", "SMD 0.30 [0.07, 0.53]", "appraised 2 of 3"]


def test_warnings_are_numbered_notes_under_the_table(reports) -> None:
    from kinship_evidence.reports.tables.rating_table import format_table

    out = format_table(reports(RATING_FIXTURES / "narrative-one-unfavourable"))
    cells = _rows(out)
    assert [row[3] for row in cells] == ["carer-wellbeing", "3 studies, n n/r", "2 of 3 favourable", "appraised 0 of 3", "notes 1"]
    after = out[out.index("Notes:"):].splitlines()
    assert after[1].startswith("1. conflicting evidence on carer-wellbeing: favourable trial-a, trial-b;")
    assert not any("conflicting" in " ".join(row) for row in cells)


def test_participants_count_a_shared_sample_once(reports) -> None:
    from kinship_evidence.reports.tables.summary_of_findings import findings_row

    # arm-a and arm-b share sample three-arm-trial (60 + 60 in each record's groups): one study of
    # 120; trial-c reports no group sizes. The pooled SMD is that of the three comparisons.
    (rating,) = reports(ROOT / "tests" / "rating" / "fixtures" / "shared-control-split")[0].ratings
    row = findings_row(rating)
    assert (row.domain, row.studies, row.participants) == ("carer-wellbeing", 2, "120 + 1 n/r")
    assert row.effect.startswith("SMD 0.44 [")
    assert (row.appraised, row.eligible) == (rating.appraised, 3)
    bundled = {r.recommendation.id: r for r in reports(ROOT / "data")[0].ratings}
    row = findings_row(bundled["financial-allowances"])
    assert (row.domain, row.studies, row.participants, row.effect) == ("permanence", 1, "6,757", "RD 0.06 [0.01, 0.11]")


def test_fragile_ids_are_marked(reports) -> None:
    from kinship_evidence.reports.tables.rating_table import format_table
    from kinship_evidence.reports.tables.summary_of_findings import Ratings

    rated = reports(FIXTURES / "rob2-appraisals")
    plain = format_table(rated)
    marked = format_table(Ratings(tuple(rated), frozenset({"rec"})))
    assert "fragile" not in plain
    assert [row[2] for row in _rows(marked)][-1] == "fragile"
    assert "fragile: one single change flips the rating (a study left out, another method, a quality a level up or down: see `robustness`)" in " ".join(marked.split())
    from kinship_evidence.reports.ratings import format_json

    assert "".join(format_json(Ratings(tuple(rated), frozenset({"rec"})))) == "".join(format_json(rated))  # every writer takes it


def test_side_by_side_keys_frameworks_by_letter(reports) -> None:
    from kinship_evidence.reports.tables.rating_table import format_table

    out = format_table(reports(ROOT / "data", framework="all"))
    header = next(line for line in out.splitlines() if "Recommendation" in line)
    assert [c.strip() for c in header.strip("┃").split("┃")] == ["#", "Recommendation", "A", "B", "C"]
    assert "NO MATCH" not in out  # every bundled rating matches its published one
    drift = format_table(reports(ROOT / "tests" / "cli" / "fixtures" / "published-differs", framework="all"))
    assert [row[2] for row in _rows(drift)] == ["strong", "published:", "good", "NO MATCH"]
    assert "A  foundations-kinship-2024: " in out and "C  title-iv-e-psc: " in out


def test_rate_json_counts_appraised_studies(rating_cli) -> None:
    data = json.loads(rating_cli("rate", "--data", FIXTURES / "rob2-appraisals", "--format", "json").stdout)
    (rec,) = data["recommendations"]
    assert rec["appraised"] == {"eligible": 3, "appraised": 2}
    assert {"id", "number", "text", "rating", "published_rating", "matches_published", "outcomes", "excluded", "warnings"} <= set(rec)


def test_wrap_breaks_at_spaces_only() -> None:
    text = "tau^2 0.010 [0.000, 20.355] in illinois-subsidized-guardianship-waiver-extension"
    lines = wrap(text, 12, "  ", "    ")
    assert " ".join(" ".join(lines).split()) == text
    assert "illinois-subsidized-guardianship-waiver-extension" in [line.strip() for line in lines]  # whole, though wider
    assert all(len(line) <= 12 for line in lines if "illinois" not in line)
    assert hyphen_lines("does-not-currently-meet-criteria", 10) == ["does-not-", "currently-", "meet-", "criteria"]
    assert hyphen_lines("promising", 10) == ["promising"]


# --- widths (issue 22, item 12): nothing is cropped, whatever the width or the id ---


def _long_id_dataset(tmp_path: Path, length: int) -> tuple[Path, str]:
    import shutil

    long_id = ("kinship-carer-peer-support-and-navigation-programme-" * 3)[:length].strip("-")
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "rob2-appraisals", data)
    for path in [data / "recommendations.yaml", *sorted((data / "studies").glob("*.yaml"))]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("id: rec\n", f"id: {long_id}\n").replace("[rec]", f"[{long_id}]"), encoding="utf-8")
    return data, long_id


def _within(out: str, width: int) -> None:
    assert max(len(line) for line in out.splitlines()) <= width, out


def test_a_recommendation_id_wider_than_the_room_left_folds_instead_of_cropping_the_rating(reports, tmp_path) -> None:
    """Cause: the id column's minimum width was the longest id, so Rich cropped the Rating column."""
    from kinship_evidence.reports.tables.rating_table import format_table

    data, long_id = _long_id_dataset(tmp_path, 64)
    out = format_table(reports(data))
    _within(out, 80)
    cells = _rows(out)
    assert [row[2] for row in cells][:4] == ["good", "published:", "good", "match"]
    assert "".join(row[1] for row in cells).startswith(long_id)  # folded over lines, never cut


def test_every_framework_column_is_shown_below_76_columns(reports, monkeypatch) -> None:
    """Cause: the framework columns were laid side by side whatever the width; Rich cropped those past the edge."""
    from kinship_evidence.reports.tables.rating_table import format_table

    rated = reports(ROOT / "data", framework="all")
    assert len(rated) >= 3
    for width in (75, 60, 40):
        monkeypatch.setenv("COLUMNS", str(width))
        out = format_table(rated)
        _within(out, width)
        headers = {letter for line in out.splitlines() if "Recommendation" in line for letter in re.findall(r"[┃|] ([A-Z]) ", line)}
        assert headers == {"A", "B", "C"}, out

"""`import sheet` end to end (in-process): the 20-row sheet and its hand-written twin, the bad sheet, the template."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kinship_evidence.workflows.interchange.columns import COLUMNS

FIXTURES = Path(__file__).resolve().parents[2] / "workflows" / "interchange" / "fixtures"
SHEETS = FIXTURES / "twenty-row-sheet"
TWIN = SHEETS / "twin"


def _empty_dataset(tmp_path: Path) -> Path:
    root = tmp_path / "imported"
    (root / "studies").mkdir(parents=True)
    shutil.copy(TWIN / "recommendations.yaml", root)
    return root


@pytest.mark.parametrize("sheet", ["sheet.csv", "sheet.xlsx"])
def test_the_sheet_rates_exactly_like_its_hand_written_twin(rating_cli, tmp_path, sheet):
    root = _empty_dataset(tmp_path)
    result = rating_cli("import", "sheet", SHEETS / sheet, "--data", root)
    assert result.exit_code == 0, result.stdout + result.stderr
    written = sorted(path.name for path in (root / "studies").iterdir())
    assert written == sorted(path.name for path in (TWIN / "studies").iterdir())
    assert len(written) == 20
    assert rating_cli("validate", "--data", root).exit_code == 0
    ours = rating_cli("rate", "--data", root, "--format", "json")
    theirs = rating_cli("rate", "--data", TWIN, "--format", "json")
    assert ours.exit_code == theirs.exit_code == 0
    assert ours.stdout == theirs.stdout
    assert '"rating": "strong"' in ours.stdout  # something was rated, not two empty reports


def test_a_record_is_laid_out_as_new_writes_one(rating_cli, tmp_path):
    root = _empty_dataset(tmp_path)
    assert rating_cli("import", "sheet", SHEETS / "sheet.csv", "--data", root).exit_code == 0
    text = (root / "studies" / "aronson-1948.yaml").read_text()
    assert text.startswith("# Imported from sheet.csv (row 2) by `kinship-evidence import sheet`.\n")
    assert "\nrecommendations: [bcg-vaccination]\n" in text
    assert "\n    counts:\n      intervention: {events: 4, n: 123}\n      control: {events: 11, n: 139}\n" in text
    order = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    assert order == [
        "id",
        "citation",
        "year",
        "source",
        "country",
        "design",
        "quality",
        "recommendations",
        "sample_size",
        "outcomes",
    ]


def test_the_bad_sheet_gives_every_finding_at_its_cell_and_writes_nothing(rating_cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = rating_cli("import", "sheet", FIXTURES / "bad-sheet" / "sheet.csv", "--data", TWIN, "--output", out)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    places = [line.split(": ", 2)[:2] for line in lines]
    prefix = str(FIXTURES / "bad-sheet" / "sheet.csv")
    assert places == [
        [f"{prefix}:2:6", "F (design)"],
        [f"{prefix}:3:16", "P (counts.control.events)"],
        [f"{prefix}:4:8", "H (recommendations)"],
        [f"{prefix}:5:2", "B (citation)"],
    ]
    assert (
        "'cohrt' is not a design; use rct, cluster-rct, qed, cohort, pre-post, qualitative or other; "
        "did you mean 'cohort'? [schema]" in lines[0]
    )
    assert "must be a whole number, got text 'twenty-nine' [schema]" in lines[1]
    assert (
        "no recommendation 'bcg-vacination'" in lines[2]
        and "did you mean 'bcg-vaccination'? [unknown-recommendation]" in lines[2]
    )
    assert "study id 'ferguson-simes-1949' is also used by row 3" in lines[3] and lines[3].endswith("[unique-id]")
    assert "4 errors" in result.stderr and "nothing written" in result.stderr
    assert list(out.iterdir()) == []


def test_an_existing_record_is_refused_and_force_replaces_it(rating_cli, tmp_path):
    root = _empty_dataset(tmp_path)
    mine = root / "studies" / "aronson-1948.yaml"
    mine.write_text("# my own record\n")
    result = rating_cli("import", "sheet", SHEETS / "sheet.csv", "--data", root)
    assert result.exit_code == 1
    assert "A (id): study id 'aronson-1948' is a record already" in result.stdout and "--force" in result.stdout
    assert [path.name for path in (root / "studies").iterdir()] == ["aronson-1948.yaml"]
    assert mine.read_text() == "# my own record\n"
    assert rating_cli("import", "sheet", SHEETS / "sheet.csv", "--data", root, "--force").exit_code == 0
    assert mine.read_text().startswith("# Imported from sheet.csv")


def test_dry_run_prints_the_records_and_writes_nothing(rating_cli, tmp_path):
    root = _empty_dataset(tmp_path)
    result = rating_cli("import", "sheet", SHEETS / "sheet.csv", "--data", root, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.count("# --- ") == 20 and "id: normand-umea\n" in result.stdout
    assert list((root / "studies").iterdir()) == []


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_template_has_every_column_and_imports_as_no_rows(rating_cli, tmp_path, suffix):
    from kinship_evidence.workflows.interchange.tables import read_table

    template = tmp_path / f"template{suffix}"
    assert rating_cli("import", "sheet", "--template", template).exit_code == 0
    table = read_table(template, str(template))
    assert table.header == tuple(column.name for column in COLUMNS) and table.rows == ()
    again = rating_cli("import", "sheet", "--template", template)
    assert again.exit_code == 2 and "already exists" in again.stderr
    result = rating_cli("import", "sheet", template, "--data", _empty_dataset(tmp_path))
    assert result.exit_code == 1 and "no rows below its header" in result.stdout


def test_an_unknown_column_is_a_finding_with_the_nearest_name(rating_cli, tmp_path):
    sheet = tmp_path / "typo.csv"
    text = (SHEETS / "sheet.csv").read_text().replace("counts.control.events", "counts.controls.events", 1)
    sheet.write_text(text)
    result = rating_cli("import", "sheet", sheet, "--data", _empty_dataset(tmp_path), "--dry-run")
    assert result.exit_code == 1
    assert f"{sheet}:1:16: P (counts.controls.events): unknown column 'counts.controls.events'" in result.stdout
    assert "did you mean 'counts.control.events'?" in result.stdout


def test_another_suffix_is_a_usage_error(rating_cli, tmp_path):
    result = rating_cli("import", "sheet", tmp_path / "sheet.ods", "--data", _empty_dataset(tmp_path))
    assert result.exit_code == 2 and "use .csv or .xlsx" in result.stderr

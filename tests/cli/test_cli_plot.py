"""``explain REC --plot FILE``: the format from the suffix, the file written whole, clear errors."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "reports" / "fixtures" / "forest-four-trials"
REVIEWER = FIXTURE.parent / "forest-reviewer"
HEADERS = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}
pytest.importorskip("matplotlib", reason="the plots extra (matplotlib) is part of the test extra")


@pytest.mark.parametrize("suffix", sorted(HEADERS))
def test_plot_file_in_the_format_of_its_suffix(rating_cli, tmp_path, suffix):
    target = tmp_path / f"forest.{suffix.upper() if suffix == 'pdf' else suffix}"
    result = rating_cli("explain", "rec", "--data", FIXTURE, "--prediction", "t-k1", "--plot", target)
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(HEADERS[suffix])
    assert "Recommendation 1 (rec)" in result.stdout  # the text explanation is still printed
    assert f"wrote {target} (2 forest plot panel(s))" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary file left


def test_a_plot_named_again_is_replaced(rating_cli, tmp_path):
    target = tmp_path / "forest.svg"
    target.write_text("old")
    result = rating_cli("explain", "rec", "--data", FIXTURE, "--plot", target)
    assert result.exit_code == 0
    assert target.read_bytes().startswith(b"<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["forest.svg"]


@pytest.mark.parametrize("name", ["forest.txt", "forest"])
def test_another_suffix_is_a_usage_error_before_any_work(rating_cli, tmp_path, name):
    result = rating_cli("explain", "rec", "--data", FIXTURE, "--plot", tmp_path / name)
    assert result.exit_code == 2
    assert "use .svg, .png or .pdf" in result.stderr
    assert result.stdout == "" and list(tmp_path.iterdir()) == []


def test_findings_without_numbers_write_nothing(rating_cli, tmp_path):
    data = Path(__file__).resolve().parents[1] / "rating" / "fixtures" / "narrative-good"
    result = rating_cli("explain", "1", "--data", data, "--plot", tmp_path / "forest.png")
    assert result.exit_code == 2
    assert "no study of its outcome domains gives numbers for an effect size" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("rec", "panels"), [("one-trial", 1), ("mixed-designs", 2)], ids=["single", "narrative-and-pooled"])
def test_a_single_study_or_a_narrative_domain_is_drawn(rating_cli, tmp_path, rec, panels):
    target = tmp_path / "forest.svg"
    result = rating_cli("explain", rec, "--data", REVIEWER, "--plot", target)
    assert result.exit_code == 0, result.stderr
    assert f"wrote {target} ({panels} forest plot panel(s))" in result.stderr
    assert b"(single study)" in target.read_bytes() if rec == "one-trial" else b"(not pooled)" in target.read_bytes()


def test_a_missing_folder_is_a_usage_error(rating_cli, tmp_path):
    result = rating_cli("explain", "rec", "--data", FIXTURE, "--plot", tmp_path / "nowhere" / "forest.svg")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_without_matplotlib_the_command_says_what_to_install(rating_cli, tmp_path, monkeypatch):
    for name in [name for name in sys.modules if name == "matplotlib" or name.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # ``import matplotlib`` raises ImportError
    result = rating_cli("explain", "rec", "--data", FIXTURE, "--plot", tmp_path / "forest.svg")
    assert result.exit_code == 2
    assert "install kinship-evidence[plots]" in result.stderr
    assert "Traceback" not in result.stderr and list(tmp_path.iterdir()) == []
    assert result.stdout == ""  # checked before any work


def test_plot_from_a_copied_dataset_in_another_folder(validation_kit, tmp_path):
    data = shutil.copytree(FIXTURE, tmp_path / "data")
    result = validation_kit.run_cli("explain", "rec", "--plot", "out.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF") and data.is_dir()


@pytest.mark.parametrize(
    "args", [("rate", "--format", "json"), ("validate", "--format", "json"), ("explain", "rec", "--format", "json")],
    ids=lambda args: args[0],
)
def test_commands_without_plot_do_not_import_matplotlib(args) -> None:
    import json
    import subprocess

    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kinship_evidence", *args, "--data", str(FIXTURE)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode in (0, 1), result.stderr[-500:]
    json.loads(result.stdout)
    modules = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert "kinship_evidence.cli" in modules
    assert not [name for name in modules if name.split(".")[0] in ("matplotlib", "PIL")]


BCG = Path(__file__).resolve().parents[1] / "workflows" / "fixtures" / "bcg-vaccine-trials"


def test_funnel_file_for_a_domain_pooled_from_ten_or_more_studies(rating_cli, tmp_path):
    target = tmp_path / "funnel.svg"
    result = rating_cli("explain", "bcg-vaccination", "--data", BCG, "--framework", "title-iv-e-psc", "--funnel", target)
    assert result.exit_code == 0, result.stderr
    assert f"wrote {target} (1 funnel plot panel(s))" in result.stderr
    assert b"Funnel plot: tuberculosis" in target.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["funnel.svg"]


def test_fewer_than_ten_studies_draw_no_funnel_and_say_why(rating_cli, tmp_path):
    result = rating_cli("explain", "bcg-vaccination", "--data", BCG, "--funnel", tmp_path / "funnel.png")
    assert result.exit_code == 2
    assert "a funnel plot needs at least 10 pooled studies" in result.stderr
    assert "tuberculosis: 9 pooled studies, fewer than 10" in result.stderr
    assert result.stdout == "" and list(tmp_path.iterdir()) == []  # said before any output


def test_funnel_and_forest_together_and_a_bad_funnel_suffix(rating_cli, tmp_path):
    forest, funnel = tmp_path / "forest.pdf", tmp_path / "funnel.png"
    result = rating_cli("explain", "1", "--data", BCG, "--framework", "title-iv-e-psc", "--plot", forest, "--funnel", funnel)
    assert result.exit_code == 0, result.stderr
    assert forest.read_bytes().startswith(b"%PDF") and funnel.read_bytes().startswith(b"\x89PNG")
    bad = rating_cli("explain", "1", "--data", BCG, "--funnel", tmp_path / "funnel.jpg")
    assert bad.exit_code == 2 and "--funnel" in bad.stderr and "use .svg, .png or .pdf" in bad.stderr

"""The add-a-trial loop end to end, on a copy of the bundled data, through the real command line:
new (pre-filled) -> validate the draft -> what-if rate -> explain with it -> add it -> check fails
(the rating moved) -> acknowledge with known_drift -> check passes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FILLED = {
    'citation: ""': 'citation: "Example, A. et al. (2025). A second parenting trial: a test. Journal, 1(1), 1-10."',
    "year:": "year: 2025",
    "source:": "source: https://example.org/second-parenting-trial",
    "quality:": (
        "risk_of_bias:\n  tool: external\n  body: A made-up clearinghouse for this test\n"
        "  rating: moderate\n  source: https://example.org/clearinghouse/second-parenting-trial"
    ),
    "description:": "description: Behaviours that challenge, carer-reported, 6 months",
    "favourable:": "favourable: lower",
    "finding:": "finding: favourable",
}


def _fill(text: str) -> str:
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        key = next((k for k in FILLED if stripped.startswith(k) and stripped.split("#")[0].strip() == k), None)
        lines.append(line[: len(line) - len(line.lstrip())] + FILLED[key] if key else line)
    return "\n".join(lines) + "\n"


def test_add_a_trial_loop(tmp_path, validation_kit):
    run = validation_kit.run_cli
    shutil.copytree(ROOT / "data", tmp_path / "data")
    made = run(
        "new", "second-parenting-trial", "--recommendation", "2", "--design", "rct", "--country", "GB",
        "--domain", "child-behaviour", "--form", "finding", cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    record = tmp_path / "data" / "studies" / "second-parenting-trial.yaml"
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    draft = drafts / record.name
    shutil.move(record, draft)  # keep it a draft while we look at what it would do
    assert run("validate", draft, cwd=tmp_path).returncode == 1  # the empty values are reported
    draft.write_text(_fill(draft.read_text(encoding="utf-8")), encoding="utf-8")
    checked = run("validate", draft, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    what_if = json.loads(run("rate", "--with", draft, "--format", "json", cwd=tmp_path).stdout)
    (parenting,) = [rec for rec in what_if["recommendations"] if rec["id"] == "parenting-support"]
    assert (parenting["rating"], parenting["what_if"]["rating"], parenting["what_if"]["changed"]) == ("promising", "good", True)
    explained = run("explain", "parenting-support", "--with", draft, cwd=tmp_path).stdout
    assert " ".join(explained.split()).startswith(
        "Recommendation 2 (parenting-support): good - DIFFERS FROM the published rating (promising)"
    )
    assert "second-parenting-trial" in explained

    shutil.move(draft, record)  # the trial joins the dataset
    failed = run("check", "--format", "json", cwd=tmp_path)
    assert failed.returncode == 1
    assert [f["rule"] for f in json.loads(failed.stdout) if f["severity"] == "error"] == ["rating-drift"]

    recommendations = tmp_path / "data" / "recommendations.yaml"
    text = recommendations.read_text(encoding="utf-8")
    start = text.index("  - id: parenting-support\n")
    end = text.index("published_rating: promising", start) + len("published_rating: promising")
    acknowledgement = (
        "\n    known_drift:\n      rating: good\n      reason: A second favourable trial since the guide.\n"
        "      studies: [second-parenting-trial]"
    )
    recommendations.write_text(text[:end] + acknowledgement + text[end:], encoding="utf-8")
    passed = run("check", "--format", "json", cwd=tmp_path)
    assert passed.returncode == 0, passed.stdout
    notes = [f for f in json.loads(passed.stdout) if f["severity"] == "note"]
    assert [f["rule"] for f in notes] == ["known-drift"]

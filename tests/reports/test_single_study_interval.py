"""One natural-scale formatter: a single study's reported CI is the interval that rate, explain
and the report show (not a Wald interval rebuilt around the estimate)."""

from __future__ import annotations

from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "single-study-asymmetric-ci"
REPORTED = "1.80 [1.30, 2.60]"


def test_rate_explain_and_report_show_the_reported_interval(rating_cli, tmp_path):
    for args, shown in (
        (("rate", "--format", "markdown"), REPORTED),
        (("rate",), REPORTED),
        (("explain", "rec"), "RR 1.800 [1.300, 2.600]"),  # explain gives three digits
    ):
        result = rating_cli(*args, "--data", FIXTURE)
        assert result.exit_code == 0, result.output
        assert shown in result.stdout, (args, result.stdout)
    out = tmp_path / "report"
    result = rating_cli("report", "--data", FIXTURE, "--output", out)
    assert result.exit_code == 0, result.output
    assert f"RR {REPORTED}" in (out / "index.html").read_text(encoding="utf-8")

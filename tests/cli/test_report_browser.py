"""The report page in a real browser: headless Chromium renders it, with the table and the plots.

Skipped only when /usr/bin/chromium is absent and CI is not set; in CI (CI=true) it must run,
so a missing browser fails the build (``.ci/run`` installs Debian's chromium).
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FIXTURE = Path(__file__).resolve().parents[1] / "reports" / "fixtures" / "forest-four-trials"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="no /usr/bin/chromium here (CI installs it and runs this test)"
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def _non_white_pixels(png: Path) -> tuple[int, int]:
    """(pixels darker than near-white, all pixels), read with Pillow (matplotlib depends on it)."""
    from PIL import Image

    with Image.open(png) as image:
        histogram = image.convert("L").histogram()
    return sum(histogram[:245]), sum(histogram)


def test_the_report_renders_in_chromium(rating_cli, tmp_path):
    assert CHROMIUM.exists(), "CI is set but /usr/bin/chromium is missing: .ci/run installs it"
    out = tmp_path / "site"
    result = rating_cli("report", "--output", out, "--data", FIXTURE, "--prediction", "t-k1")
    assert result.exit_code == 0, result.stderr
    url = (out / "index.html").resolve().as_uri()
    dom = _chromium(tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert '<table class="ratings">' in dom.stdout and '<table class="sof">' in dom.stdout
    # the GRADE Summary of findings, rendered: a row per outcome domain with its certainty circles
    assert '<table class="grade-sof">' in dom.stdout and "Summary of findings (GRADE)" in dom.stdout
    assert re.search(r'<td class="certainty">[\u2295\u25ef]{4} (high|moderate|low|very low), starting (high|low)', dom.stdout)
    assert len(re.findall(r"<svg\b", dom.stdout)) == 1 and "<path" in dom.stdout
    assert "Offer kinship carers a &lt;support&gt; programme &amp; follow it up." in dom.stdout
    shot = tmp_path / "page.png"
    render = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", url)
    assert render.returncode == 0 and shot.exists(), render.stderr[-2000:]
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and struct.unpack(">II", png[16:24]) == (1280, 2000)
    inked, total = _non_white_pixels(shot)
    assert inked > total // 50, f"only {inked} of {total} pixels are not white: a blank page?"

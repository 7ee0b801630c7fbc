"""The README documents what users meet: every finding rule and every package of the layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinship_evidence.findings import RULES

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_finding_rule_is_documented(rule):
    assert f"| `{rule}` |" in README, f"document the rule {rule!r} in the README's 'Finding rules' table"


def test_every_package_is_described_in_the_layout_section():
    section = README[README.index("## How the code is laid out"):]
    packages = [p.name for p in (ROOT / "src" / "kinship_evidence").iterdir() if (p / "__init__.py").exists()]
    missing = [name for name in packages if f"`{name}/`" not in section]
    assert not missing, f"describe {missing} in 'How the code is laid out'"

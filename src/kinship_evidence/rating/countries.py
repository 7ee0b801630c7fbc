"""Country classifications shipped as data (see high_income_countries.txt for the source)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HIGH_INCOME_FILE = Path(__file__).resolve().parent / "high_income_countries.txt"


@cache
def high_income_countries() -> frozenset[str]:
    codes: set[str] = set()
    for line in _HIGH_INCOME_FILE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            codes.update(line.split())
    return frozenset(codes)

"""ISO 3166-1 alpha-2 country codes, shipped as data (see iso_3166_1_alpha2.txt for the source)."""

from functools import cache
from pathlib import Path

from kinship_evidence.suggestions import did_you_mean

_ISO_FILE = Path(__file__).resolve().parent / "iso_3166_1_alpha2.txt"

#: Codes people write that are not ISO 3166-1 alpha-2, and the ISO code they mean.
NON_ISO_CODES = {"UK": "GB", "EL": "GR"}


def country_hint(code: str) -> str:
    """``"; did you mean 'GB'?"`` for a code that is not ISO 3166-1 alpha-2 (``UK``, ``usa``), or ``""``."""
    known = NON_ISO_CODES.get(code.upper())
    return f"; did you mean {known!r}?" if known else did_you_mean(code, iso_country_names())


@cache
def iso_country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for line in _ISO_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _, name = line.partition("\t")
            names[code] = name
    return names

""""Did you mean": the allowed value nearest to a mistaken one.

Case and separators first (``RCT`` -> ``rct``, ``Some Concerns`` -> ``some-concerns``), then a
known synonym (``medium`` is no misspelling of ``moderate``), then a close spelling, then the
one allowed value the mistaken one is part of (``wellbeing`` -> ``carer-wellbeing``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

#: Words people write for an allowed value that no spelling distance finds.
SYNONYMS: Mapping[str, str] = {
    "medium": "moderate",
    "med": "moderate",
    "mod": "moderate",
    "randomised": "rct",
    "randomized": "rct",
    "quasi-experimental": "qed",
    "quasi-experiment": "qed",
    "positive": "favourable",
    "favorable": "favourable",
    "negative": "unfavourable",
    "unfavorable": "unfavourable",
    "null": "no-effect",
    "severe": "serious",
    "hi": "high",
    "or": "odds-ratio",
    "rr": "risk-ratio",
    "rd": "risk-difference",
    "md": "mean-difference",
    "hedges-g": "smd",
    "cohens-d": "smd",
}


def _normal(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def suggest(value: object, choices: Iterable[str]) -> str | None:
    """The allowed value the user most likely meant, or None when none is close."""
    options = list(dict.fromkeys(str(choice) for choice in choices))
    if not options or value is None or isinstance(value, (dict, list)):
        return None
    given = _normal(str(value))[:200]
    by_normal = {_normal(option): option for option in options}
    if given in by_normal:
        return by_normal[given]
    alias = SYNONYMS.get(given)
    if alias is not None and _normal(alias) in by_normal:
        return by_normal[_normal(alias)]
    close = difflib.get_close_matches(given, list(by_normal), n=1, cutoff=0.75)
    if close:
        return by_normal[close[0]]
    containing = [option for norm, option in by_normal.items() if len(given) >= 3 and given in norm]
    if len(containing) == 1:
        return containing[0]
    return None


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """``"; did you mean 'rct'?"``, or an empty string when nothing is close."""
    found = suggest(value, choices)
    return f"; did you mean {found!r}?" if found is not None and found != value else ""

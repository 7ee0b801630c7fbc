""""Did you mean": the allowed value nearest to a mistaken one.

Case and separators first (``RCT`` -> ``rct``, ``Some Concerns`` -> ``some-concerns``), then a
known synonym (``medium`` is no misspelling of ``moderate``), then a close spelling, then the
one allowed value the mistaken one is part of (``wellbeing`` -> ``carer-wellbeing``).

Look-alike characters are folded first (a Cyrillic ``а`` is an ``a``, a U+2010 hyphen is a
``-``), so ``perm\u0430nence`` finds ``permanence``; and a suggestion that differs from the
value only by such characters, which would look the same as it on screen, says so with both
written in escapes (:func:`look_alike_note`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
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


#: Characters that look like an ASCII one (or like nothing) and that NFKC leaves as they are:
#: Cyrillic and Greek letters, dashes and minus signs, and invisible ones. NFKC itself folds the
#: full-width forms (``ａ``), the non-breaking spaces and the small and full-width hyphen-minus.
LOOK_ALIKES: Mapping[int, str] = str.maketrans({
    **dict(zip("аеорсухіјѕԁԛԝһӏ", "aeopcyxijsdqwhl", strict=True)),
    **dict(zip("АВЕЅІЈКМНОРСТХУ", "ABESIJKMHOPCTXY", strict=True)),
    **dict(zip("οαικνρτυχ", "oaikvptux", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043", "-"),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\u00ad", ""),
})


def fold(text: str) -> str:
    """``text`` with each look-alike character as the ASCII one it looks like (NFKC, then :data:`LOOK_ALIKES`)."""
    return unicodedata.normalize("NFKC", text).translate(LOOK_ALIKES)


def look_alikes(text: str) -> dict[str, str]:
    """The look-alike characters of ``text``, each with what it looks like (``""``: nothing, an invisible one)."""
    found = {}
    for char in dict.fromkeys(text):
        if ord(char) > 0x7F and (plain := fold(char)) != char and plain.isascii():
            found[char] = plain
    return found


def quoted(value: object) -> str:
    """``value`` as a message quotes it (its repr); with every non-ASCII character escaped when it holds a look-alike.

    ``'perm\\u0430nence'``, not ``'permаnence'``, which no reader can tell from ``'permanence'``.
    """
    text = str(value)
    return ascii(text) if isinstance(value, str) and look_alikes(text) else repr(value)


def _described(char: str, plain: str) -> str:
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}" + (f" {name}" if name else "")
    return f"{code} where {plain!r} is expected" if plain else f"{code}, an invisible character, where nothing is expected"


def look_alike_note(value: object, meant: str) -> str:
    """Why ``value`` and ``meant`` look the same on screen, or ``""`` when neither holds a look-alike character.

    ``'perm\\u0430nence' differs from 'permanence' only in look-alike characters: U+0430 CYRILLIC
    SMALL LETTER A where 'a' is expected``.
    """
    if not isinstance(value, str) or value == meant:
        return ""
    ours, theirs = look_alikes(value), look_alikes(meant)
    if not ours and not theirs:
        return ""
    how = "differs from" if fold(value) == fold(meant) else "is near"
    only = " only in look-alike characters" if how == "differs from" else ", with look-alike characters"
    listed = [_described(char, plain) for char, plain in ours.items()]
    listed += [f"{_described(char, plain)} (in {quoted(meant)})" for char, plain in theirs.items() if char not in ours]
    return f"{quoted(value)} {how} {quoted(meant)}{only}: {', '.join(listed)}"


def _normal(text: str) -> str:
    return re.sub(r"[\s_]+", "-", fold(text).strip().lower())


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
    """``"; did you mean 'rct'?"``, or an empty string when nothing is close.

    A suggestion that differs from ``value`` by look-alike characters has the note of
    :func:`look_alike_note` after it: ``; did you mean 'permanence'? 'perm\\u0430nence' differs ...``.
    """
    found = suggest(value, choices)
    if found is None or found == value:
        return ""
    note = look_alike_note(value, found)
    return f"; did you mean {quoted(found)}?" + (f" {note}" if note else "")

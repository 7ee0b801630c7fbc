"""Pydantic's validation errors, turned into findings in plain words.

Each error becomes a :class:`~kinship_evidence.findings.Finding` with the dotted field path;
its line and column are filled in afterwards (``locating.locate``). Every error type a record
can produce has its own wording here, echoing the bad value; no pydantic phrase ("Input should
be ...") reaches a finding. The models' own checks (``PydanticCustomError``) are worded where
they are raised and pass through as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from kinship_evidence.data.models.countries import country_hint
from kinship_evidence.findings import SHOWN_CHARACTERS, Finding, shorten
from kinship_evidence.suggestions import did_you_mean, fold, look_alike_note, quoted

_PATTERN_MESSAGES = {
    r"^[a-z0-9-]+$": "must be a slug: lowercase letters, digits and hyphens",
    r"^[A-Z]{2}$": "must be an ISO 3166-1 alpha-2 country code, e.g. GB or US",
    r"^\d{4}-\d{2}-\d{2}$": "must be a date written YYYY-MM-DD (quote it in YAML)",
}

#: What each strict type error asks for.
_EXPECTED_KIND = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list, e.g. [a, b]",
    "dict_type": "a mapping of fields (name: value lines)",
    "model_type": "a mapping of fields (name: value lines)",
    "model_attributes_type": "a mapping of fields (name: value lines)",
}

#: The noun for a field's closed vocabulary: "'RCT' is not a design".
_VOCABULARY_NOUNS = {
    "design": "a design",
    "quality": "a quality level",
    "favourable": "a direction",
    "measure": "an effect measure",
    "finding": "a reported finding",
    "published_rating": "a rating",
    "rating": "a rating",
    "tool": "a risk-of-bias tool",
    "field": "a study field that can be inferred (an outcome takes its own inferred: text)",
}

#: What a missing required field holds, for the message that asks for it.
_MISSING_HINTS = {
    "id": "the record's slug, equal to its file name",
    "citation": "who wrote the study, the year and the title",
    "year": "the year of publication",
    "source": "where the facts were read: a URL or a DOI",
    "country": "an ISO 3166-1 alpha-2 code such as GB or US",
    "design": "rct, cluster-rct, qed, cohort, pre-post, qualitative or other",
    "recommendations": "the ids of the recommendations the study informs, e.g. [peer-support]",
    "outcomes": "the results, each with domain, description, favourable and one evidence form",
    "domain": "the outcome domain, a slug such as permanence",
    "description": "what was measured, in a few words",
    "favourable": "higher or lower: which direction is good",
    "events": "the number of participants with the outcome",
    "n": "the number of participants",
    "estimate": "the effect estimate",
    "tool": "rob2, robins-i, rob1 or external",
    "field": "the study field whose value is inferred, e.g. year",
    "reason": "what is inferred, from what, and why",
}

#: Bounds in words: ``greater_than`` with gt=0 is "must be above 0".
_BOUND_WORDS = {
    "greater_than": ("gt", "above"),
    "greater_than_equal": ("ge", "at least"),
    "less_than": ("lt", "below"),
    "less_than_equal": ("le", "at most"),
}


def shown(value: Any, limit: int = SHOWN_CHARACTERS) -> str:
    """A value as a message quotes it: its repr, cut short when long (``'abc...'...(N characters)``).

    A value with look-alike characters is written in escapes (``'perm\\u0430nence'``), so it
    does not pass for the name it looks like.
    """
    if isinstance(value, str) and len(value) > limit:
        return f"{quoted(value[:limit])}...({len(value):,} characters)"
    return shorten(quoted(value), limit)


def described(value: Any) -> str:
    """A value with its kind, as the user wrote it: ``text '2003'``, ``the number 3``, ``a list``."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {shown(value)}"
    if isinstance(value, str):
        return f"text {shown(value)}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping"
    return shown(value)


def _field_name(loc: tuple[Any, ...]) -> str:
    names = [str(part) for part in loc if not isinstance(part, int)]
    return names[-1] if names else ""


def _type_message(error: Mapping[str, Any]) -> str:
    kind, given, loc = error["type"], error["input"], error["loc"]
    message = f"must be {_EXPECTED_KIND[kind]}, got {described(given)}"
    if kind in ("int_type", "float_type") and isinstance(given, str) and _NUMBER.fullmatch(given.strip()):
        return f"{message}; write it without quotes: {given.strip()}"
    if kind == "list_type" and isinstance(given, str) and _WORD.fullmatch(given):
        return f"{message}; write a list: [{given}]"
    if kind == "string_type" and len(loc) >= 2 and loc[-2] == "recommendations" and isinstance(given, int):
        return f"{message}; write the recommendation's id, not its number"
    return message


_NUMBER = re.compile(r"[-+]?(\d{1,15}(\.\d{0,15})?|\.\d{1,15})([eE][-+]?\d{1,3})?")
_WORD = re.compile(r"[A-Za-z0-9_-]{1,60}")


def _literal_message(error: Mapping[str, Any]) -> str:
    choices = re.findall(r"'([^']*)'", (error.get("ctx") or {}).get("expected", ""))
    noun = _VOCABULARY_NOUNS.get(_field_name(error["loc"]), "an allowed value")
    listed = ", ".join(choices[:-1]) + f" or {choices[-1]}" if len(choices) > 1 else "".join(choices)
    return f"{shown(error['input'])} is not {noun}; use {listed}{did_you_mean(error['input'], choices)}"


def _length_message(error: Mapping[str, Any]) -> str:
    ctx, given, name = error.get("ctx") or {}, error["input"], _field_name(error["loc"])
    if error["type"] in ("string_too_short", "string_too_long"):
        if error["type"] == "string_too_short":
            return "text is empty; fill it in"
        return f"text is too long: {len(given):,} characters, at most {ctx.get('max_length'):,}"
    if name == "ci":
        return f"ci takes two numbers [low, high], got {described(given)}"
    if name == "recommendations" and error["type"] == "too_short":
        return "the list is empty; give at least one recommendation"
    if error["type"] == "too_short":
        return f"give at least {ctx.get('min_length')}, got {described(given)}"
    return f"give at most {ctx.get('max_length')}, got {described(given)}"


def _slug_hint(pattern: str, given: Any) -> str:
    """``'Peer_Support'`` -> ``; write it as 'peer-support'``; ``'usa'`` -> ``; did you mean 'US'?``.

    Look-alike characters become the letter they look like (a Cyrillic ``а`` an ``a``), with a
    note naming each: the slug would look the same as the value otherwise.
    """
    if pattern == r"^[A-Z]{2}$" and isinstance(given, str):
        return country_hint(given)
    if pattern != r"^[a-z0-9-]+$" or not isinstance(given, str):
        return ""
    folded = fold(given).strip().lower()
    slug = re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "", re.sub(r"[\s_]+", "-", folded))).strip("-")
    note = look_alike_note(given, slug) if slug else ""
    return (f"; write it as {slug!r}" + (f"; {note}" if note else "")) if slug else ""


def _look_alike_key(loc: tuple[Any, ...]) -> str:
    """``; write it as 'country'; 'c\\u043euntry' differs from ...`` for a key with look-alike characters, else ``""``."""
    key = str(loc[-1]) if loc else ""
    plain = fold(key)
    note = look_alike_note(key, plain) if plain.isascii() else ""
    return f"; write it as {plain!r}; {note}" if note else ""


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    given = error.get("input")
    if kind == "missing":
        hint = _MISSING_HINTS.get(_field_name(error["loc"]))
        return f"required field is missing; give {hint}" if hint else "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling against the format)" + _look_alike_key(error["loc"])
    if given is None and kind != "field_check":
        return "value is empty; fill it in"
    if kind in _EXPECTED_KIND:
        return _type_message(error)
    if kind == "literal_error":
        return _literal_message(error)
    if kind in ("too_short", "too_long", "string_too_short", "string_too_long"):
        return _length_message(error)
    if kind in _BOUND_WORDS:
        key, words = _BOUND_WORDS[kind]
        bound = (error.get("ctx") or {}).get(key)
        bound = int(bound) if isinstance(bound, float) and bound.is_integer() else bound
        return f"must be {words} {bound}, got {shown(given)}"
    if kind == "finite_number":
        return f"must be a finite number, got {shown(given)}"
    if kind == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern", "")
        if pattern in _PATTERN_MESSAGES:
            return f"{_PATTERN_MESSAGES[pattern]}, got {shown(given)}{_slug_hint(pattern, given)}"
        if "https?" in pattern:
            return f"must be a URL (http or https) or a DOI, got {shown(given)}"
        return f"does not have the required form, got {shown(given)}"
    if kind.endswith("_type"):  # any other type pydantic checks
        return f"has the wrong kind of value, got {described(given)}"
    return str(error["msg"])


def validation_findings(errors: ValidationError | Sequence[ErrorDetails | dict[str, Any]], display: str) -> list[Finding]:
    """Findings of pydantic's errors (a ValidationError, or its ``errors()`` with more added)."""
    findings = []
    for item in errors.errors(include_url=False) if isinstance(errors, ValidationError) else errors:
        parts = [str(part) for part in item["loc"]]
        if item["type"] == "invalid_key" and parts:  # the key itself (pydantic shows True as 1)
            parts[-1] = str(item.get("input"))
        extra = (item.get("ctx") or {}).get("field") if item["type"] == "field_check" else None
        if extra:
            parts.extend(extra.split("."))
        findings.append(
            Finding(path=display, line=0, column=0, field=".".join(parts), rule="schema", message=_message(item))
        )
    return findings

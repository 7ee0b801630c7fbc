"""robvis's table, defined once for reading and writing: its columns and its judgement words.

robvis (McGuinness & Higgins, 2021; ``data_rob2``, ``data_robins``) reads ``Study, D1, ..., Dn,
Overall, Weight``: the domains in the tool's order (RoB 2 five, ROBINS-I seven, as
:data:`~kinship_evidence.data.risk_of_bias.vocabulary.DOMAINS` lists them), judged in words.
A RoB 2 domain the record leaves unjudged is ``No information`` (RoB 2 has no such judgement,
robvis draws it). ``Weight`` weights robvis's summary bars: the export writes the record's
``sample_size`` (1 when it gives none); the import checks it is a number and keeps nothing of it.
"""

from __future__ import annotations

from kinship_evidence.data.risk_of_bias.vocabulary import DOMAINS, ROB2, ROBINS_I

ROBVIS_TOOLS: dict[str, str] = {ROB2: "ROB2", ROBINS_I: "ROBINS-I"}  # our tool -> robvis's tool argument
STUDY_HEADER, OVERALL_HEADER, WEIGHT_HEADER = "Study", "Overall", "Weight"
NO_INFORMATION = "No information"

WORDS: dict[str, dict[str, str]] = {
    ROB2: {"low": "Low", "some-concerns": "Some concerns", "high": "High"},
    ROBINS_I: {
        "low": "Low",
        "moderate": "Moderate",
        "serious": "Serious",
        "critical": "Critical",
        "no-information": NO_INFORMATION,
    },
}
"""Each tool's judgements (our slugs) as robvis writes them."""


def headers(tool: str) -> tuple[str, ...]:
    """``Study, D1, ..., Dn, Overall, Weight`` for ``tool``."""
    domains = tuple(f"D{number}" for number in range(1, len(DOMAINS[tool]) + 1))
    return (STUDY_HEADER, *domains, OVERALL_HEADER, WEIGHT_HEADER)


def word(tool: str, judgement: str | None) -> str:
    """robvis's word for a judgement (``None``, not judged: ``No information``)."""
    return NO_INFORMATION if judgement is None else WORDS[tool][judgement]


def judgement(tool: str, text: str) -> str | None:
    """Our judgement of robvis's word (any case); ``None`` for a RoB 2 ``No information``.

    Raises ``KeyError`` for a word the tool does not use.
    """
    by_word = {value.lower(): key for key, value in WORDS[tool].items()}
    if tool == ROB2 and text.strip().lower() == NO_INFORMATION.lower():
        return None
    return by_word[text.strip().lower()]


def allowed_words(tool: str) -> tuple[str, ...]:
    words = tuple(WORDS[tool].values())
    return words if NO_INFORMATION in words else (*words, NO_INFORMATION)
